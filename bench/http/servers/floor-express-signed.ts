/**
 * The hand-written signed floor (floors/signed.ts) on Express 5: a middleware reads and
 * verifies the cookie into `req.floorSession`, and wraps `res.writeHead` (what on-headers does
 * for express-session) to add the new cookie when the handler changed the session.
 */
import type { ServerResponse } from 'node:http';
import express from 'express';
import { floorCounter, floorSetCookie, loadFloorSession, type FloorSession } from '../floors/framework.ts';
import { createSignedCodec } from '../floors/signed.ts';
import { serveExpressCounter } from './express-routes.ts';

type FloorRequest = { floorSession: FloorSession };

const codec = createSignedCodec();
const app = express();
app.use((req, res, next) => {
  const session = loadFloorSession(codec, req.headers.cookie);
  (req as object as FloorRequest).floorSession = session;
  res.setHeader('vary', 'Cookie');
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const cookie = floorSetCookie(codec, session);
    if (cookie !== null) {
      this.setHeader('set-cookie', cookie);
      this.setHeader('cache-control', 'private, no-store');
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  next();
});
serveExpressCounter(app, floorCounter((req) => (req as object as FloorRequest).floorSession));
