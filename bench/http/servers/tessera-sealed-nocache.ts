/**
 * tessera, sealed cookie mode with the verified-token cache off (`cookieMode.verifiedCacheSize: 0`).
 * Why measured: the benchmark rotates through 1000 sessions, exactly the default cache size, so
 * with the defaults every read is a cache hit; this server shows the cost of a cache miss.
 */
import { randomBytes } from 'node:crypto';
import { createKeyring } from '../../../src/crypto/index.ts';
import { createSessionManager } from '../../../src/session/index.ts';
import { serveTessera } from './tessera.ts';

serveTessera(
  createSessionManager({ mode: 'sealed', keys: createKeyring([{ secret: randomBytes(32) }]), cookieMode: { verifiedCacheSize: 0 } }),
);
