/**
 * Standard Schema validation with real libraries (zod 4, valibot 1): valid data loads (with the
 * schema's transforms applied), invalid data is a fresh session plus `invalid-data`, never an
 * exception in the handler.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import * as v from 'valibot';
import type { InvalidCookieEvent, StandardSchemaV1 } from '../../src/session/index.ts';
import { cookieClient, makeManager } from './helpers.ts';

type Data = { userId?: string | undefined; visits?: number | undefined };

const schemas: Record<string, StandardSchemaV1<unknown, Data>> = {
  zod: z.object({ userId: z.string().optional(), visits: z.number().int().nonnegative().optional() }),
  valibot: v.object({ userId: v.optional(v.string()), visits: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
};

for (const [name, schema] of Object.entries(schemas)) {
  describe(`Standard Schema: ${name}`, () => {
    test('valid data loads; data that fails is a fresh session with the issues reported', async () => {
      const events: InvalidCookieEvent[] = [];
      const { manager } = makeManager<Data>('server (memory)', { schema, onInvalidCookie: (e) => events.push(e) });
      const client = cookieClient();
      const write = async (fn: (s: ReturnType<typeof manager.load>) => void) => {
        const s = manager.load(client.header());
        fn(s);
        client.receive(await manager.commit(s));
      };
      await write((s) => s.set('userId', 'ada'));
      assert.equal(await manager.load(client.header()).get('userId'), 'ada');
      assert.equal(events.length, 0);
      await write((s) => s.set('visits', -3));
      const s = manager.load(client.header());
      assert.equal(await s.get('userId'), undefined);
      assert.equal(s.isNew, true);
      assert.equal(events.at(-1)?.reason, 'invalid-data');
      assert.ok((events.at(-1)?.issues?.length ?? 0) > 0);
    });
  });
}
