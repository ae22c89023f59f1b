/** Bare Fastify 5: the same routes and bodies as the Fastify session contenders, no session. */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { HOST, announce, portFromArgs } from './common.ts';

const app = Fastify({ logger: false });
app.get('/login', async (_req, reply) => {
  reply.header('set-cookie', `bare=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`);
  return '0';
});
app.get('/ro', async () => '0');
app.get('/rw', async () => '0');
const port = portFromArgs();
await app.listen({ port, host: HOST });
announce(port, () => void app.close());
