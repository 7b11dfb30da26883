import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hashProtectedSettings, newSalt } from './hash.ts';
import { SecretValue, UnresolvedSecretError } from './secret-value.ts';

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('hashProtectedSettings', () => {
  const salt = 'a1b2c3d4';

  test('is a stable hex string that hides the values', () => {
    const h = hashProtectedSettings({ 'scoringFe.sslKey': SecretValue.of('k', 'PRIVATE'), sslKeyPemFile: 'tls/key.pem' }, salt);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(hashProtectedSettings({ sslKeyPemFile: 'tls/key.pem', 'scoringFe.sslKey': 'PRIVATE' }, salt));
  });

  test('independent of key order, sensitive to keys, values and salt', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string(), { minKeys: 1 }), fc.nat(), (values, seed) => {
        const reordered = Object.fromEntries(shuffle(Object.entries(values), seed));
        const h = hashProtectedSettings(values, salt);
        expect(hashProtectedSettings(reordered, salt)).toBe(h);
        expect(hashProtectedSettings(values, `${salt}x`)).not.toBe(h);
        const [key, value] = Object.entries(values)[0]!;
        expect(hashProtectedSettings({ ...values, [key]: `${value}!` }, salt)).not.toBe(h);
        if (!Object.hasOwn(values, `${key}+`)) expect(hashProtectedSettings({ ...values, [`${key}+`]: '' }, salt)).not.toBe(h);
      }),
    );
  });

  test('no ambiguity between key/value boundaries', () => {
    expect(hashProtectedSettings({ ab: 'c' }, salt)).not.toBe(hashProtectedSettings({ a: 'bc' }, salt));
    expect(hashProtectedSettings({ a: 'b', c: 'd' }, salt)).not.toBe(hashProtectedSettings({ a: 'b","c":"d' }, salt));
  });

  test('refuses placeholders and an empty salt', () => {
    expect(() => hashProtectedSettings({ k: SecretValue.placeholder('k') }, salt)).toThrow(UnresolvedSecretError);
    expect(() => hashProtectedSettings({}, '')).toThrow(/salt/);
  });

  test('newSalt gives fresh random hex', () => {
    expect(newSalt()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSalt()).not.toBe(newSalt());
  });
});
