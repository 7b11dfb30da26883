import { describe, expect, test } from '@jest/globals';
import { inspect } from 'node:util';
import { SecretValue, UnresolvedSecretError, isSecretValue } from './secret-value.ts';

const VALUE = 'Endpoint=sb://relay.example/;SharedAccessKey=c2VjcmV0LXZhbHVl';

describe('SecretValue', () => {
  const secret = SecretValue.of('relayServerConnectionString', VALUE);

  test('every conversion to text gives the placeholder', () => {
    const placeholder = '<protected:relayServerConnectionString>';
    expect(String(secret)).toBe(placeholder);
    expect(`${secret}`).toBe(placeholder);
    expect(secret + '').toBe(placeholder);
    expect(JSON.stringify({ s: secret })).toBe(`{"s":"${placeholder}"}`);
    expect(inspect(secret)).toBe(placeholder);
    expect(inspect({ nested: [secret] }, { depth: null, showHidden: true })).not.toContain('SharedAccessKey');
    expect(Object.values(secret).join(' ')).not.toContain('SharedAccessKey');
    expect(JSON.stringify(structuredClone(secret))).not.toContain('SharedAccessKey');
  });

  test('reveal gives the value', () => {
    expect(secret.reveal()).toBe(VALUE);
    expect(secret.resolved).toBe(true);
    expect(isSecretValue(secret)).toBe(true);
    expect(isSecretValue(VALUE)).toBe(false);
  });

  test('a placeholder cannot be revealed', () => {
    const p = SecretValue.placeholder('scoringFe.sslKey');
    expect(p.resolved).toBe(false);
    expect(() => p.reveal()).toThrow(UnresolvedSecretError);
    expect(() => p.reveal()).toThrow(/scoringFe\.sslKey/);
  });

  test('derive transforms the value and keeps placeholders placeholders', () => {
    const b64 = secret.derive('b64', (v) => Buffer.from(v).toString('base64'));
    expect(b64.name).toBe('b64');
    expect(Buffer.from(b64.reveal(), 'base64').toString()).toBe(VALUE);
    expect(SecretValue.placeholder('x').derive('y', (v) => v).resolved).toBe(false);
  });
});
