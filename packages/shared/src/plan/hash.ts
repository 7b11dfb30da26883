// The salted hash of protected settings that aml-k8s records next to the extension, so that a
// later run can tell whether they changed without Azure ever returning them. Written as v2
// (`v2:<salt>:<scrypt>`, a slow KDF: the record is readable by anyone with Reader); v1 records
// (`v1:<salt>:<hmac>`, fast to brute-force) are still compared, and replaced by v2 at the next write.
import { timingSafeEqual } from 'node:crypto';
import { hashProtectedSettings, newSalt, slowHashProtectedSettings } from '../secrets/hash.ts';
import type { SecretValue } from '../secrets/secret-value.ts';

/** Protected keys whose values Azure issues (Relay keys), left out of the comparison. */
const ISSUED_KEYS = new Set(['relayServerConnectionString', 'relayserver.relayConnectionString']);

function comparable(values: Readonly<Record<string, SecretValue>>): Record<string, SecretValue> {
  const out: Record<string, SecretValue> = Object.create(null) as Record<string, SecretValue>;
  for (const [k, v] of Object.entries(values)) if (!ISSUED_KEYS.has(k)) out[k] = v;
  return out;
}

const sameHex = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** `v2:<salt>:<scrypt hex>` for the values (which must be resolved). The KDF runs off the event loop. */
export async function recordProtectedHash(values: Readonly<Record<string, SecretValue>>): Promise<string> {
  const salt = newSalt();
  return `v2:${salt}:${await slowHashProtectedSettings(comparable(values), salt)}`;
}

/** The format of a recorded hash: `v1`, `v2`, or undefined when there is none or it is not one aml-k8s writes. */
export function protectedHashVersion(recorded: string | undefined): 'v1' | 'v2' | undefined {
  const m = /^(v[12]):[0-9a-f]+:[0-9a-f]{64}$/.exec(recorded ?? '');
  return m ? (m[1] as 'v1' | 'v2') : undefined;
}

/** Whether the values match a recorded hash (v1 or v2, compared in constant time); undefined when they cannot be compared. The v2 KDF runs off the event loop. */
export async function matchesProtectedHash(values: Readonly<Record<string, SecretValue>>, recorded: string | undefined): Promise<boolean | undefined> {
  const mine = comparable(values);
  if (Object.values(mine).some((v) => !v.resolved)) return undefined;
  const m = /^(v[12]):([^:]+):([0-9a-f]{64})$/.exec(recorded ?? '');
  if (!m) return Object.keys(mine).length === 0 ? true : false;
  const [, version, salt, hex] = m as unknown as [string, string, string, string];
  return sameHex(version === 'v1' ? hashProtectedSettings(mine, salt) : await slowHashProtectedSettings(mine, salt), hex);
}
