/** tessera, sealed cookie mode (AES-256-GCM), default cookie options. */
import { randomBytes } from 'node:crypto';
import { createKeyring } from '../../../src/crypto/index.ts';
import { createSessionManager } from '../../../src/session/index.ts';
import { serveTessera } from './tessera.ts';

serveTessera(createSessionManager({ mode: 'sealed', keys: createKeyring([{ secret: randomBytes(32) }]) }));
