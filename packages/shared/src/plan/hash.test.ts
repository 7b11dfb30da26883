// The protected-settings record in Azure is readable by any Reader: it must be slow to guess. The
// slow KDF runs on the thread pool, so the event loop keeps serving I/O while it runs.
import { describe, expect, test } from '@jest/globals';
import { scryptSync } from 'node:crypto';
import { hashProtectedSettings, PROTECTED_HASH_V2_COST, slowHashProtectedSettings } from '../secrets/hash.ts';
import { SecretValue } from '../secrets/secret-value.ts';
import { matchesProtectedHash, protectedHashVersion, recordProtectedHash } from './hash.ts';

const values = { 'scoringFe.sslKey': SecretValue.of('k', 'PRIVATE-KEY'), serviceBusConnectionString: SecretValue.of('s', 'Endpoint=sb://x/;SharedAccessKey=abc') };
const SALT = '00112233445566778899aabbccddeeff';

describe('protected-settings hash', () => {
  test('records v2 (scrypt, random salt per record) and matches it', async () => {
    const a = await recordProtectedHash(values);
    const b = await recordProtectedHash(values);
    expect(a).toMatch(/^v2:[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(protectedHashVersion(a)).toBe('v2');
    expect(await matchesProtectedHash(values, a)).toBe(true);
    expect(await matchesProtectedHash({ ...values, 'scoringFe.sslKey': SecretValue.of('k', 'OTHER') }, a)).toBe(false);
  });

  test('known answers for a fixed salt: the same records as the synchronous scrypt of earlier versions', async () => {
    // Recorded by the synchronous implementation (scryptSync) before the hash moved off the event loop.
    const v2 = '6450bc6d5173432fa71285079ee86f2e4247a6f62ef25259e9fc23a4131d308e';
    expect(await slowHashProtectedSettings(values, SALT)).toBe(v2);
    expect(await slowHashProtectedSettings({}, SALT)).toBe('7c2d093220bfd14f4926c4b6771c5889426ec9d462299c15a20eac42f28f231e');
    expect(hashProtectedSettings(values, SALT)).toBe('2949e7e0ec1dca428a38093948baf735e243fcf58c32acaaed8074fa76d5607a');
    // And scryptSync with the documented parameters still gives it.
    const canonical = ['scoringFe.sslKey', 'serviceBusConnectionString'].map((k) => `${JSON.stringify([k, values[k as keyof typeof values].reveal()])}\n`).join('');
    expect(scryptSync(canonical, `aml-k8s/protected-hash/v2/${SALT}`, 32, PROTECTED_HASH_V2_COST).toString('hex')).toBe(v2);
    expect(await matchesProtectedHash(values, `v2:${SALT}:${v2}`)).toBe(true);
    expect(await matchesProtectedHash(values, `v2:${SALT}:${'0'.repeat(64)}`)).toBe(false);
  });

  test('the event loop keeps turning while a hash is computed', async () => {
    let turns = 0;
    let running = true;
    const spin = (): void => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const before = turns;
    const recorded = await recordProtectedHash(values);
    const during = turns - before;
    const beforeMatch = turns;
    const matched = await matchesProtectedHash(values, recorded);
    const duringMatch = turns - beforeMatch;
    running = false;
    expect(matched).toBe(true);
    // A synchronous scrypt would let no setImmediate run until it returned (at most one turn).
    expect(during).toBeGreaterThan(1);
    expect(duringMatch).toBeGreaterThan(1);
  });

  test('a guess costs the slow KDF (scrypt N=2^15), not a fast HMAC', () => {
    expect(PROTECTED_HASH_V2_COST).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
  });

  test('still compares a v1 record, so an extension installed before is not reported changed', async () => {
    const salt = 'a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4';
    const v1 = `v1:${salt}:${hashProtectedSettings(values, salt)}`;
    expect(protectedHashVersion(v1)).toBe('v1');
    expect(await matchesProtectedHash(values, v1)).toBe(true);
    expect(await matchesProtectedHash({ ...values, serviceBusConnectionString: SecretValue.of('s', 'changed') }, v1)).toBe(false);
  });

  test('Relay keys Azure issues are left out; unresolved values cannot be compared', async () => {
    const recorded = await recordProtectedHash(values);
    expect(await matchesProtectedHash({ ...values, relayServerConnectionString: SecretValue.of('r', 'issued') }, recorded)).toBe(true);
    expect(await matchesProtectedHash({ k: SecretValue.placeholder('k') }, recorded)).toBeUndefined();
  });

  test('keys named like Object.prototype members hash like any other', async () => {
    const odd = { constructor: SecretValue.of('c', 'one'), __proto__x: SecretValue.of('p', 'two'), toString: SecretValue.of('t', 'three') };
    const recorded = await recordProtectedHash(odd);
    expect(await matchesProtectedHash(odd, recorded)).toBe(true);
  });

  test('refuses an empty salt', async () => {
    await expect(slowHashProtectedSettings(values, '')).rejects.toThrow(/salt/);
  });
});
