/**
 * Bytes to text as Python decodes them: strict UTF-8 (`bytes.decode("utf-8")`) and Latin-1
 * (Django's JSON serializer, specs/python-interop.md §4.3, §8.5).
 * @module
 */

// Why ignoreBOM: Python keeps a leading U+FEFF, and json.loads then refuses it.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decoding; null where Python raises `UnicodeDecodeError` (invalid sequences, encoded surrogates, overlongs). */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Latin-1 decoding: every byte is the code point of the same value. Never fails. */
export function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
