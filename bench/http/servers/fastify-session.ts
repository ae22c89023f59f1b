/**
 * @fastify/session 11 (+ @fastify/cookie) on Fastify 5 with its default MemoryStore (a Map
 * of live session objects, not JSON strings); options in fastify-session-app.ts.
 */
import { serveFastifySession } from './fastify-session-app.ts';

await serveFastifySession();
