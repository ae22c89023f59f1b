/**
 * The demo (`npm start`): a small shop with logins, a cart, a theme, "remember me", active
 * sessions and cookie pages, on node:http with tessera's public API only. Configured by the
 * environment (see config.ts): PORT, SESSION_STORE_URL, TESSERA_SECRETS, TESSERA_DATA_DIR,
 * PUBLIC_ORIGIN, NODE_ENV.
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKeyring, type Keyring } from '../src/crypto/index.ts';
import { createCsrfProtection } from '../src/csrf/index.ts';
import { ConfigError } from '../src/errors.ts';
import { createStoreFromUrl } from '../src/stores/index.ts';
import { createDemoApp } from './app.ts';
import { appOrigins, readConfig, StartupError } from './config.ts';
import { createDemoCookies } from './cookies.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { loadSecrets } from './secrets.ts';
import { createDemoSessions } from './sessions.ts';
import { createUserDirectory } from './users.ts';

const STORE_NAMES: Readonly<Record<string, string>> = {
  memory: 'memory (lost on restart)',
  sqlite: 'SQLite',
  redis: 'Redis',
  'redis-cluster': 'Redis Cluster',
  postgres: 'Postgres',
};
/** How often expired sessions are swept from stores without native expiry (SQLite, Postgres). */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const { secrets, source, warning } = loadSecrets(process.env, config.dataDir, config.production);
  if (warning !== null) console.warn(`warning: ${warning}`);
  // The keyring signs and seals the cookie page's cookies; it refuses short or well-known secrets.
  let keyring: Keyring<'sync'>;
  try {
    keyring = createKeyring(secrets.map((secret) => ({ secret })));
  } catch (error) {
    throw error instanceof ConfigError ? new StartupError(`the secret from ${source} is refused: ${error.message}`) : error;
  }

  const { store, kind, safeUrl, close } = await createStoreFromUrl(config.storeUrl);
  const sessions = createDemoSessions(store, console.log);
  const users = await createUserDirectory();
  const storeLabel = `${STORE_NAMES[kind] ?? kind} (${safeUrl})`;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new StartupError(`port ${config.port} is in use: stop what runs there, or start with PORT=<another port>`) : error),
    );
    server.listen(config.port, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  // The CSRF check needs the origin the browser sees, so it is made once the port is known.
  const origins = appOrigins(config, port);
  const app = createDemoApp({
    sessions,
    csrf: createCsrfProtection({ origins }),
    users,
    throttle: createLoginThrottle(),
    cookies: createDemoCookies(keyring),
    storeLabel,
    // Behind an HTTPS proxy (PUBLIC_ORIGIN https:), the proxy's headers say the request was HTTPS.
    trustProxy: config.publicOrigin?.startsWith('https:') ?? false,
  });
  server.on('request', app);

  const sweep = store.deleteExpired === undefined ? null : setInterval(() => void store.deleteExpired!(Date.now()).catch(console.error), SWEEP_INTERVAL_MS).unref();
  const stop = () => {
    if (sweep !== null) clearInterval(sweep);
    server.close();
    server.closeAllConnections();
    close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  console.log([`tessera demo on ${origins[0]}`, `  sessions: ${storeLabel}`, `  keys: ${secrets.length} from ${source}`].join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof ConfigError) {
    console.error(`The demo cannot start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
