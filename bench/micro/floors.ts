/**
 * Hand-written node:crypto floors: the fewest lines that do the same job as a tessera
 * primitive, written the obvious way (as the issue asks: createHmac + timingSafeEqual;
 * createCipheriv with a fresh random nonce). They are what "costs almost nothing" is measured against.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Signs `value` into `base64url(value).base64url(hmac)` and verifies it back. */
export function createHmacFloor(secret: Buffer) {
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest('base64url');
  return {
    sign(value: string): string {
      const payload = Buffer.from(value).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    verify(token: string): string | null {
      const dot = token.lastIndexOf('.');
      if (dot < 0) return null;
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1));
      const expected = Buffer.from(mac(payload));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return Buffer.from(payload, 'base64url').toString();
    },
  };
}

/** Seals `value` with AES-256-GCM into `base64url(nonce ‖ ciphertext ‖ tag)` and opens it back. */
export function createAesGcmFloor(key: Buffer) {
  return {
    seal(value: string): string {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
    },
    unseal(token: string): string | null {
      const raw = Buffer.from(token, 'base64url');
      if (raw.length < 28) return null;
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      try {
        return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
