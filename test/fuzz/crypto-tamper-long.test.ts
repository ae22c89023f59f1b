/**
 * The long run only (`npm run fuzz`): the tamper properties of test/crypto (bit flips,
 * truncations, insertions, substitutions, key-id and purpose swaps, format confusion) at many
 * times their CI size, sized to this file's time budget. The CI-sized run already has them in
 * test/crypto/properties-*.test.ts, so nothing runs here then.
 */
import { describe, test } from 'node:test';
import { nodeBackend, webCryptoBackend } from '../../src/crypto/index.ts';
import { PROPERTY_COUNT, tamperProperties } from '../crypto/properties.ts';
import { FILE_SECONDS, LONG, report } from './harness.ts';

/** Conservative cases per second measured on the CI machine (2 shared cores), per back end. */
const RATE = { node: 15_000, webcrypto: 4_000 };
const runs = (share: number, rate: number) => Math.max(1000, Math.floor((FILE_SECONDS * share * rate) / PROPERTY_COUNT));

if (LONG) {
  const sizes = [
    { name: 'node', backend: nodeBackend, runs: runs(0.6, RATE.node) },
    { name: 'Web Crypto', backend: webCryptoBackend, runs: runs(0.4, RATE.webcrypto) },
  ];
  for (const { name, backend, runs: n } of sizes) {
    describe(`long run: tamper properties (${name} back end)`, () => {
      tamperProperties(backend, n);
      test('report', () => report('crypto-tamper-long.test.ts', `tamper properties (${name})`, PROPERTY_COUNT * n, 0));
    });
  }
}
