/** tessera, server mode with the memory store, default cookie options and timeouts. */
import { createSessionManager } from '../../../src/session/index.ts';
import { createMemoryStore } from '../../../src/stores/memory.ts';
import { serveTessera } from './tessera.ts';

serveTessera(createSessionManager({ store: createMemoryStore() }));
