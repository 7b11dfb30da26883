// The protected-settings record in Azure is readable by any Reader: it must be slow to guess.
import { describe, expect, test } from '@jest/globals';
import { hashProtectedSettings } from '../secrets/hash.ts';
import { SecretValue } from '../secrets/secret-value.ts';
import { matchesProtectedHash, protectedHashVersion, recordProtectedHash } from './hash.ts';

const values = { 'scoringFe.sslKey': SecretValue.of('k', 'PRIVATE-KEY'), serviceBusConnectionString: SecretValue.of('s', 'Endpoint=sb://x/;SharedAccessKey=abc') };

describe('protected-settings hash', () => {
  test('records v2 (scrypt, random salt per record) and matches it', () => {
    const a = recordProtectedHash(values);
    const b = recordProtectedHash(values);
    expect(a).toMatch(/^v2:[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(protectedHashVersion(a)).toBe('v2');
    expect(matchesProtectedHash(values, a)).toBe(true);
    expect(matchesProtectedHash({ ...values, 'scoringFe.sslKey': SecretValue.of('k', 'OTHER') }, a)).toBe(false);
  });

  test('a guess costs a slow KDF, not a fast HMAC', () => {
    const recorded = recordProtectedHash(values);
    const started = performance.now();
    for (let i = 0; i < 3; i++) matchesProtectedHash({ ...values, 'scoringFe.sslKey': SecretValue.of('k', `guess-${i}`) }, recorded);
    const perGuessMs = (performance.now() - started) / 3;
    // HMAC-SHA256 takes about 2 µs a guess; scrypt N=2^15 tens of milliseconds.
    expect(perGuessMs).toBeGreaterThan(5);
  });

  test('still compares a v1 record, so an extension installed before is not reported changed', () => {
    const salt = 'a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4';
    const v1 = `v1:${salt}:${hashProtectedSettings(values, salt)}`;
    expect(protectedHashVersion(v1)).toBe('v1');
    expect(matchesProtectedHash(values, v1)).toBe(true);
    expect(matchesProtectedHash({ ...values, serviceBusConnectionString: SecretValue.of('s', 'changed') }, v1)).toBe(false);
  });

  test('Relay keys Azure issues are left out; unresolved values cannot be compared', () => {
    const recorded = recordProtectedHash(values);
    expect(matchesProtectedHash({ ...values, relayServerConnectionString: SecretValue.of('r', 'issued') }, recorded)).toBe(true);
    expect(matchesProtectedHash({ k: SecretValue.placeholder('k') }, recorded)).toBeUndefined();
  });

  test('keys named like Object.prototype members hash like any other', () => {
    const odd = { constructor: SecretValue.of('c', 'one'), __proto__x: SecretValue.of('p', 'two'), toString: SecretValue.of('t', 'three') };
    const recorded = recordProtectedHash(odd);
    expect(matchesProtectedHash(odd, recorded)).toBe(true);
  });
});
