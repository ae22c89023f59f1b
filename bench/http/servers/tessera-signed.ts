/** tessera, signed cookie mode (HMAC-SHA-256), default cookie options. */
import { randomBytes } from 'node:crypto';
import { createKeyring } from '../../../src/crypto/index.ts';
import { createSessionManager } from '../../../src/session/index.ts';
import { serveTessera } from './tessera.ts';

serveTessera(createSessionManager({ mode: 'signed', keys: createKeyring([{ secret: randomBytes(32) }]) }));
