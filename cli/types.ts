/** Types the command line shares with the library. */
export type { Digest } from '../src/interop/index.ts';
export type { KeyDerivation } from '../src/interop/itsdangerous/index.ts';
