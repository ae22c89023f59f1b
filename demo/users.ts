/**
 * The demo's users. Their passwords are listed on the login page (it is a demo), but the app
 * keeps only scrypt hashes, computed at start-up with a random salt each, and compares them in
 * constant time.
 * @module
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A demo account as listed on the login page. */
export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
}

/** The accounts of `npm start`. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'ada', password: 'analytical-engine', displayName: 'Ada Lovelace' },
  { username: 'grace', password: 'compiler-1952', displayName: 'Grace Hopper' },
  { username: 'alan', password: 'enigma-bombe', displayName: 'Alan Turing' },
];

/** A user as the app knows it: no password, not even hashed. */
export interface User {
  id: string;
  username: string;
  displayName: string;
}

/** Looks users up and checks passwords. */
export interface UserDirectory {
  /** The user whose username and password these are, or null. Takes about as long for an unknown username. */
  verify(username: string, password: string): Promise<User | null>;
  /** The user with this id (as bound to a session), or null. */
  byId(id: string): User | null;
}

/**
 * scrypt cost: N = 2^15, r = 8 (32 MiB, a few tens of ms per check). Raise N for a real
 * service, within the memory you can afford per concurrent login.
 */
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;

function hash(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

interface Entry {
  user: User;
  salt: Buffer;
  hash: Buffer;
}

/** Hashes the accounts' passwords and returns the directory. */
export async function createUserDirectory(accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): Promise<UserDirectory> {
  const byName = new Map<string, Entry>();
  const byId = new Map<string, User>();
  await Promise.all(
    accounts.map(async (account, i) => {
      const salt = randomBytes(16);
      const user: User = { id: `u${i + 1}`, username: account.username, displayName: account.displayName };
      byName.set(account.username, { user, salt, hash: await hash(account.password, salt) });
      byId.set(user.id, user);
    }),
  );
  // An unknown username is checked against this, so it costs the same scrypt run as a known one.
  const decoy = { salt: randomBytes(16), hash: randomBytes(KEY_BYTES) };

  return {
    async verify(username, password) {
      const entry = byName.get(username.trim().toLowerCase());
      const candidate = await hash(password, (entry ?? decoy).salt);
      const match = timingSafeEqual(candidate, (entry ?? decoy).hash);
      return match && entry !== undefined ? entry.user : null;
    },
    byId: (id) => byId.get(id) ?? null,
  };
}
