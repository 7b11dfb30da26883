// The salted hash of protected settings that aml-k8s records next to the extension, so that a
// later run can tell whether they changed without Azure ever returning them.
import { hashProtectedSettings, newSalt } from '../secrets/hash.ts';
import type { SecretValue } from '../secrets/secret-value.ts';

/** Protected keys whose values Azure issues (Relay keys), left out of the comparison. */
const ISSUED_KEYS = new Set(['relayServerConnectionString', 'relayserver.relayConnectionString']);

function comparable(values: Readonly<Record<string, SecretValue>>): Record<string, SecretValue> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !ISSUED_KEYS.has(k)));
}

/** `v1:<salt>:<hmac>` for the values (which must be resolved). */
export function recordProtectedHash(values: Readonly<Record<string, SecretValue>>): string {
  const salt = newSalt();
  return `v1:${salt}:${hashProtectedSettings(comparable(values), salt)}`;
}

/** Whether the values match a recorded hash; undefined when they cannot be compared. */
export function matchesProtectedHash(values: Readonly<Record<string, SecretValue>>, recorded: string | undefined): boolean | undefined {
  const mine = comparable(values);
  if (Object.values(mine).some((v) => !v.resolved)) return undefined;
  const m = /^v1:([^:]+):([0-9a-f]+)$/.exec(recorded ?? '');
  if (!m) return Object.keys(mine).length === 0 ? true : false;
  return hashProtectedSettings(mine, m[1]!) === m[2];
}
