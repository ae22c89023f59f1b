/**
 * The demo's configuration, read once from the environment at start-up:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `PORT` | 3000 | port to listen on (0 picks a free one) |
 * | `TESSERA_DATA_DIR` | `./data` | where the SQLite file and the development secret live |
 * | `SESSION_STORE_URL` | `sqlite:<data dir>/sessions.db` | any URL `createStoreFromUrl` understands (Redis, Postgres, memory) |
 * | `TESSERA_SECRETS` | generated in development | comma-separated secrets, the first one current |
 * | `PUBLIC_ORIGIN` | `http://localhost:<port>` | the origin browsers use, when the demo sits behind a proxy |
 * | `NODE_ENV` | | `production` refuses to start without `TESSERA_SECRETS` |
 * @module
 */

/** A start-up problem the operator must fix; the message says how. Printed without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The validated configuration. */
export interface DemoConfig {
  port: number;
  dataDir: string;
  storeUrl: string;
  production: boolean;
  /** The origin of `PUBLIC_ORIGIN`, or null to use the local origins of the port actually bound. */
  publicOrigin: string | null;
}

/** Reads and checks the environment. Throws StartupError naming the variable and the fix. */
export function readConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw new StartupError(`PORT must be a port number (0 to 65535), got ${JSON.stringify(portText)}`);
  const dataDir = env.TESSERA_DATA_DIR ?? './data';
  let publicOrigin: string | null = null;
  if (env.PUBLIC_ORIGIN !== undefined && env.PUBLIC_ORIGIN !== '') {
    try {
      publicOrigin = new URL(env.PUBLIC_ORIGIN).origin;
    } catch {
      throw new StartupError(`PUBLIC_ORIGIN must be an origin such as https://demo.example, got ${JSON.stringify(env.PUBLIC_ORIGIN)}`);
    }
  }
  return {
    port,
    dataDir,
    storeUrl: env.SESSION_STORE_URL || `sqlite:${dataDir}/sessions.db`,
    production: env.NODE_ENV === 'production',
    publicOrigin,
  };
}

/**
 * The origins forms may be posted from (the CSRF origin check): PUBLIC_ORIGIN, or the two
 * names of this machine on the bound port.
 */
export function appOrigins(config: DemoConfig, boundPort: number): string[] {
  if (config.publicOrigin !== null) return [config.publicOrigin];
  return [`http://localhost:${boundPort}`, `http://127.0.0.1:${boundPort}`];
}
