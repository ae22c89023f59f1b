/**
 * `tessera/interop`: Python values in TypeScript and the pieces every Python format shares:
 * the value model (tuples, bytes, Markup, UUIDs, datetimes, big integers, floats), Python's
 * JSON dialect, typed JSON (specs/python-interop.md §10) and the outcome of every decoder.
 * The formats themselves are in `tessera/interop/itsdangerous`, `tessera/interop/flask` and
 * `tessera/interop/django`.
 * @module
 */
export {
  PY_TYPE,
  clonePyValue,
  isPyDict,
  isPyFloat,
  isPyMarkup,
  isPyTuple,
  isPyUuid,
  markup,
  pyFloat,
  pyTuple,
  pyUuid,
  uuidHex,
  type PyDict,
  type PyFloat,
  type PyMarkup,
  type PyTuple,
  type PyUuid,
  type PyValue,
} from './python/values.ts';
export { pyJsonDumps, compareCodePoints, type PyJsonDumpsOptions } from './python/json-write.ts';
export { pyJsonLoads, PyJsonError, type ObjectHook, type PyJsonLoadsOptions } from './python/json-read.ts';
export { pyFloatRepr } from './python/float-repr.ts';
export { pyRepr, pyStr } from './python/repr.ts';
export { fromTypedJson, isoformat, parseIsoformat, parseTypedJson, stringifyTypedJson } from './python/typed-json.ts';
export type { Digest, SecretInput } from './python/secrets.ts';
export type { InteropFailure, InteropFailureReason, InteropResult, InteropSuccess } from './outcome.ts';
export type { InteropSession, InteropSessionManager, InteropInvalidCookieEvent } from './session/interop-session.ts';
