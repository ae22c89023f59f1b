/**
 * `tessera/testing`: the store conformance suite, so any store (ours or a third party's)
 * proves it meets the contract with a few lines. See {@link runStoreConformance}.
 * @module
 */
export { runStoreConformance } from './store-conformance.ts';
export type { ConformanceHarness, StoreConformanceOptions } from './store-conformance.ts';
