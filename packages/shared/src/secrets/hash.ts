// Protected settings can never be read back from Azure, so the planner detects changes by
// comparing a salted hash that aml-k8s records at apply time. The values themselves are never stored.
// The record sits in plain settings any Reader can GET, so the current form (v2) is a memory-hard
// KDF (scrypt) with a random salt per record: guessing a value offline costs tens of milliseconds a
// try instead of the microsecond of the former HMAC (v1, still read). scrypt runs on libuv's thread
// pool (crypto.scrypt), not on the event loop: a fleet's hashes no longer stall every other I/O.
import { createHmac, randomBytes } from 'node:crypto';
import { scryptAsync } from './kdf.ts';
import { SecretValue } from './secret-value.ts';

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** The sorted key/value pairs, one JSON line each (JSON of a string has no raw line break, so it is unambiguous). */
function canonical(values: Readonly<Record<string, SecretValue | string>>): string {
  return Object.keys(values)
    .sort()
    .map((key) => {
      const value = values[key]!;
      return `${JSON.stringify([key, value instanceof SecretValue ? value.reveal() : value])}\n`;
    })
    .join('');
}

/** v1: HMAC-SHA256 (keyed by the salt) over the sorted key/value pairs; key order does not matter. Read only (old records). */
export function hashProtectedSettings(values: Readonly<Record<string, SecretValue | string>>, salt: string): string {
  if (salt === '') throw new Error('hashProtectedSettings needs a non-empty salt; create one with newSalt() and record it beside the hash.');
  return createHmac('sha256', salt).update(canonical(values)).digest('hex');
}

/** scrypt cost of v2: 32 MiB and about 0.1 s per hash, once per compute with protected settings per plan. */
export const PROTECTED_HASH_V2_COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** v2: scrypt over the sorted key/value pairs with the record's own random salt (off the event loop). */
export async function slowHashProtectedSettings(values: Readonly<Record<string, SecretValue | string>>, salt: string): Promise<string> {
  if (salt === '') throw new Error('slowHashProtectedSettings needs a non-empty salt; create one with newSalt() and record it beside the hash.');
  return (await scryptAsync(canonical(values), `aml-k8s/protected-hash/v2/${salt}`, 32, PROTECTED_HASH_V2_COST)).toString('hex');
}
