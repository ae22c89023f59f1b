/**
 * express-session 1.x + connect-redis 9 (node-redis 5 client, the pairing connect-redis
 * documents) on Express 5: each session a JSON string under `sess:<id>` with EX from the
 * cookie's lifetime (one day when the cookie is a browser-session one); `touch` (EXPIRE) on
 * unmodified requests, as express-session calls it when the store has one.
 */
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { REDIS_URL } from '../lib/services.ts';
import { REDIS_PREFIX } from './bench-store.ts';
import { serveExpressSession } from './express-session-app.ts';

const client = createClient({ url: REDIS_URL });
await client.connect();
serveExpressSession(new RedisStore({ client, prefix: `${REDIS_PREFIX}sess:` }));
