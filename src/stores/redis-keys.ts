/**
 * The Redis store's key layout. Every entry lives in one of 64 buckets, and a user's index is kept
 * per bucket, so an entry and the index it belongs to always share a hash tag: one Lua script can
 * update both atomically, on one server and on Redis Cluster alike. The bucket's tag is chosen so
 * the 64 tags hash to evenly spaced cluster slots (one per 256), which spreads the buckets evenly
 * over the masters of a cluster with contiguous slot ranges.
 *
 * - entry: `<prefix>s:{<tag>}<key>`, a hash;
 * - user index: `<prefix>u:{<tag>}<userId>`, a sorted set of that user's entry keys in the bucket.
 * @module
 */

/** Number of buckets: a user's sessions are indexed in at most this many keys. */
export const BUCKETS = 64;

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    table[i] = c;
  }
  return table;
})();

/** CRC16-XMODEM of the UTF-8 bytes of `s`, Redis Cluster's key hash (`slot = crc16 % 16384`). */
export function crc16(s: string): number {
  let crc = 0;
  for (const byte of Buffer.from(s, 'utf8')) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

/** Redis Cluster's slot of a hash tag's content. */
export const slotOf = (tag: string): number => crc16(tag) % 16384;

/** The tag of each bucket: the first base-36 number whose slot falls in the bucket's 256-slot range. */
export const BUCKET_TAGS: readonly string[] = (() => {
  const tags: string[] = new Array<string>(BUCKETS).fill('');
  let found = 0;
  for (let n = 0; found < BUCKETS; n++) {
    const tag = n.toString(36);
    const bucket = Math.floor(slotOf(tag) / (16384 / BUCKETS));
    if (tags[bucket] === '') {
      tags[bucket] = tag;
      found++;
    }
  }
  return tags;
})();

/** The hash tag of the bucket an entry key belongs to (a function of the key alone). */
export function tagOf(key: string): string {
  let crc = 0;
  for (let i = 0; i < key.length; i++) {
    // Any well-spread function of the key does; this is CRC16 over UTF-16 code units (no Buffer per call).
    const c = key.charCodeAt(i);
    crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ (c & 0xff) ^ (c >> 8)) & 0xff]!;
  }
  return BUCKET_TAGS[crc % BUCKETS]!;
}

/** The key layout under one prefix. */
export function redisKeys(prefix: string) {
  const entryPrefix = `${prefix}s:`;
  return {
    /** SCAN pattern matching every entry (glob characters of the prefix escaped). */
    entryPattern: `${entryPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
    /** The Redis key of the entry under store key `key`. */
    entry: (key: string) => `${entryPrefix}{${tagOf(key)}}${key}`,
    /** The store key of a Redis entry key (inverse of `entry`). */
    keyOfEntry: (redisKey: string) => redisKey.slice(redisKey.indexOf('}', entryPrefix.length) + 1),
    /** The index of `userId` in the bucket with `tag`. */
    index: (tag: string, userId: string) => `${prefix}u:{${tag}}${userId}`,
  };
}
