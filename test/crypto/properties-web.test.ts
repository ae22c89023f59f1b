/**
 * Tamper properties on the Web Crypto back end: every operation is an asynchronous
 * thread-pool round trip, so it gets fewer runs (18 properties × 1,000 = 18,000 cases).
 */
import { describe } from 'node:test';
import { webCryptoBackend } from '../../src/crypto/index.ts';
import { tamperProperties } from './properties.ts';

describe('tamper properties (Web Crypto back end)', () => {
  tamperProperties(webCryptoBackend, 1000);
});
