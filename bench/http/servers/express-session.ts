/** express-session 1.x with its MemoryStore (JSON strings, callbacks a turn later) on Express 5. */
import { serveExpressSession } from './express-session-app.ts';

serveExpressSession();
