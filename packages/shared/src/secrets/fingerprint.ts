// A fingerprint of one protected value for a plan that a reviewer approves: the same value gives
// the same fingerprint in the plan job and in the apply job, so a secret swapped after review is
// caught. Plans are posted where many can read them, so it is a memory-hard KDF (scrypt) salted by
// the resource and key, not a fast hash: guessing a value offline costs tens of milliseconds a try.
// The KDF runs on libuv's thread pool, off the event loop.
import { scryptAsync } from './kdf.ts';
import type { SecretValue } from './secret-value.ts';

const COST = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** `s1:<hex>`, or undefined when the value was not read (a plan without access to the secret). */
export async function protectedFingerprint(resourceId: string, key: string, value: SecretValue): Promise<string | undefined> {
  if (!value.resolved) return undefined;
  const salt = `aml-k8s/protected-fingerprint/v1/${resourceId.toLowerCase()}/${key}`;
  return `s1:${(await scryptAsync(value.reveal(), salt, 16, COST)).toString('hex')}`;
}
