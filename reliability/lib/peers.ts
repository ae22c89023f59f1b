/**
 * The peers of the lost-update experiment, on 127.0.0.1 (in a host process) with the same routes as the
 * tessera apps (`/login`, `/set?k=key17`, `/count`, `/keys`): express-session on Express 5 with its
 * MemoryStore and with connect-redis (node-redis v5 client), and @fastify/session on Fastify 5
 * with its MemoryStore and with connect-redis. Configured as the HTTP benchmark configures them
 * (bench/http/servers/express-session.ts, fastify-session.ts): `resave: false`,
 * `saveUninitialized: false`, `rolling: false`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { EXPERIMENT_KEYS, keyFromUrl } from '../../bench/http/servers/common.ts';
import { deleteUnder } from '../../test/helpers/redis-clients.ts';
import type { RunningApp } from './apps.ts';
import { REDIS_URL } from './stores.ts';

/** The peers, by the name the reports use. */
export const PEERS = ['express-session + MemoryStore', 'express-session + connect-redis', '@fastify/session + MemoryStore', '@fastify/session + connect-redis'] as const;
/** One of {@link PEERS}. */
export type PeerName = (typeof PEERS)[number];

/** Which store a peer keeps its sessions in (for the side-by-side table). */
export const PEER_STORE: Record<PeerName, 'memory' | 'redis'> = {
  'express-session + MemoryStore': 'memory',
  'express-session + connect-redis': 'redis',
  '@fastify/session + MemoryStore': 'memory',
  '@fastify/session + connect-redis': 'redis',
};

type Fields = Record<string, unknown>;
/** @fastify/session's get/set (its request.session typing clashes with tessera's Fastify adapter's). */
type KV = { get(key: string): unknown; set(key: string, value: unknown): void };

const cookie = { path: '/', httpOnly: true, sameSite: 'lax', secure: false } as const;

/** A node-redis v5 client and connect-redis store under a fresh prefix, and their clean-up. */
async function connectRedis(): Promise<{ store: RedisStore; close(): Promise<void> }> {
  const prefix = `tessera-reliability-peer:${randomBytes(5).toString('hex')}:`;
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  return {
    store: new RedisStore({ client, prefix }),
    async close() {
      client.destroy();
      const cleaner = new Redis(REDIS_URL);
      try {
        await deleteUnder(cleaner, prefix);
      } finally {
        cleaner.disconnect();
      }
    },
  };
}

async function expressPeer(store: session.Store | undefined, release: () => Promise<void>, port: number): Promise<RunningApp> {
  const app = express();
  app.use(session({ secret: randomBytes(32).toString('base64url'), resave: false, saveUninitialized: false, cookie, ...(store === undefined ? {} : { store }) }));
  app.get('/login', (req, res) => {
    (req.session as unknown as Fields).counter = 0;
    res.type('text/plain').send('0');
  });
  app.get('/set', (req, res) => {
    const key = keyFromUrl(req.url);
    if (key === null) return void res.status(400).type('text/plain').send('bad key');
    (req.session as unknown as Fields)[key] = true;
    res.type('text/plain').send('ok');
  });
  app.get('/count', (req, res) => {
    const s = req.session as unknown as Fields;
    res.type('text/plain').send(String(EXPERIMENT_KEYS.filter((k) => s[k] !== undefined).length));
  });
  app.get('/keys', (req, res) => {
    const s = req.session as unknown as Fields;
    res.type('text/plain').send(JSON.stringify(EXPERIMENT_KEYS.filter((k) => s[k] !== undefined)));
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await release();
    },
  };
}

async function fastifyPeer(store: RedisStore | undefined, release: () => Promise<void>, port: number): Promise<RunningApp> {
  const app = Fastify({ logger: false });
  const kv = (req: { session: unknown }) => req.session as KV;
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: randomBytes(32).toString('base64url'),
    saveUninitialized: false,
    rolling: false,
    cookie,
    ...(store === undefined ? {} : { store: store as never }),
  });
  app.get('/login', async (req) => (kv(req).set('counter', 0), '0'));
  app.get('/set', async (req, reply) => {
    const key = keyFromUrl(req.url);
    if (key === null) return reply.code(400).send('bad key');
    kv(req).set(key, true);
    return 'ok';
  });
  app.get('/count', async (req) => String(EXPERIMENT_KEYS.filter((k) => kv(req).get(k) !== undefined).length));
  app.get('/keys', async (req) => JSON.stringify(EXPERIMENT_KEYS.filter((k) => kv(req).get(k) !== undefined)));
  await app.listen({ port, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: async () => {
      await app.close();
      await release();
    },
  };
}

/** Starts `peer` on 127.0.0.1:`port` (default: any free port); `close` also removes its Redis keys. */
export async function startPeer(peer: PeerName, port = 0): Promise<RunningApp> {
  const none = async () => {};
  switch (peer) {
    case 'express-session + MemoryStore':
      return expressPeer(undefined, none, port);
    case 'express-session + connect-redis': {
      const redis = await connectRedis();
      return expressPeer(redis.store, redis.close, port);
    }
    case '@fastify/session + MemoryStore':
      return fastifyPeer(undefined, none, port);
    case '@fastify/session + connect-redis': {
      const redis = await connectRedis();
      return fastifyPeer(redis.store, redis.close, port);
    }
  }
}
