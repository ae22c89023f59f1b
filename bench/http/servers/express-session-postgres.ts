/**
 * express-session 1.x + connect-pg-simple 10 (pg Pool, default size) on Express 5: one row
 * per session (`sid`, `sess` json, `expire`), created on first use; `touch` updates `expire`
 * on every unmodified request (one UPDATE; connect-pg-simple does not throttle it).
 */
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import pg from 'pg';
import { DATABASE_URL } from '../lib/services.ts';
import { SCHEMA } from './bench-store.ts';
import { serveExpressSession } from './express-session-app.ts';

const pool = new pg.Pool({ connectionString: DATABASE_URL });
await pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
const PgStore = connectPgSimple(session);
serveExpressSession(new PgStore({ pool, schemaName: SCHEMA, tableName: 'session', createTableIfMissing: true }));
