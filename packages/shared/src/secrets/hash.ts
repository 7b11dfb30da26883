// Protected settings can never be read back from Azure, so the planner detects changes by
// comparing a salted hash that aml-k8s records at apply time. The values themselves are never stored.
import { createHmac, randomBytes } from 'node:crypto';
import { SecretValue } from './secret-value.ts';

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** HMAC-SHA256 (keyed by the salt) over the sorted key/value pairs; key order does not matter. */
export function hashProtectedSettings(values: Readonly<Record<string, SecretValue | string>>, salt: string): string {
  if (salt === '') throw new Error('hashProtectedSettings needs a non-empty salt; create one with newSalt() and record it beside the hash.');
  const hmac = createHmac('sha256', salt);
  for (const key of Object.keys(values).sort()) {
    const value = values[key]!;
    // JSON of a string never contains a raw line break, so the encoding is unambiguous.
    hmac.update(`${JSON.stringify([key, value instanceof SecretValue ? value.reveal() : value])}\n`);
  }
  return hmac.digest('hex');
}
