/**
 * Numeric limits of RFC 6265bis (draft-ietf-httpbis-rfc6265bis-22) that the serializers
 * enforce and the Cookie header parser defaults to.
 * @module
 */

/**
 * Largest name plus value, in octets, a user agent stores: longer set-cookie-strings are
 * ignored entirely (RFC 6265bis §5.6 step 5, §5.7 step 4; SR-25).
 */
export const MAX_NAME_VALUE_OCTETS = 4096;

/**
 * Largest attribute value, in octets, a user agent honours: longer ones are ignored, so a
 * long Path or Domain would silently scope the cookie differently (RFC 6265bis §5.6; SR-25).
 */
export const MAX_ATTRIBUTE_VALUE_OCTETS = 1024;

/**
 * 400 days in seconds: user agents reduce longer Expires / Max-Age lifetimes to this
 * limit (RFC 6265bis §5.5 "Cookie Lifetime Limits"; SR-12).
 */
export const MAX_LIFETIME_SECONDS = 34_560_000;

/** {@link MAX_LIFETIME_SECONDS} in milliseconds. */
export const MAX_LIFETIME_MS = MAX_LIFETIME_SECONDS * 1000;

/**
 * Default bound on the Cookie header length the parser reads: "many popular
 * implementations have default limits of 8192 octets" (RFC 6265bis §4.2.1; SR-28).
 */
export const DEFAULT_MAX_HEADER_LENGTH = 8192;

/**
 * Default bound on the cookie-pairs the parser reads from one header. User agents keep at
 * least 50 cookies per domain and commonly about 180 (RFC 6265bis §6.1); a request carries
 * the host's and its parent domains' cookies, so 512 leaves room while bounding work (SR-28).
 */
export const DEFAULT_MAX_PAIRS = 512;

/**
 * Default bound on one pair's name plus value length: a conformant user agent never stores
 * a longer one (RFC 6265bis §5.6 step 5), so a longer pair did not come from a browser (SR-28).
 */
export const DEFAULT_MAX_PAIR_LENGTH = MAX_NAME_VALUE_OCTETS;
