/**
 * Tamper properties on the node back end. It is fast, so it carries most of the crypto
 * suite's generated cases: 18 properties × 6,000 = 108,000 (the suite promises ≥ 100,000).
 */
import { describe } from 'node:test';
import { nodeBackend } from '../../src/crypto/index.ts';
import { tamperProperties } from './properties.ts';

describe('tamper properties (node back end)', () => {
  tamperProperties(nodeBackend, 6000);
});
