import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { redact, secretScrubber } from './redact.ts';
import { SecretValue } from './secret-value.ts';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nQ2FuYXJ5LWtleS1saW5lLXR3by1vZi10aGUtcGVt\n-----END PRIVATE KEY-----\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('redact', () => {
  test('scrubs the value, its base64, its JSON form and its lines', () => {
    const key = SecretValue.of('sslKeyPemFile', PEM);
    const text = [`raw: ${PEM}`, `b64: ${b64(PEM)}`, `json: ${JSON.stringify({ v: PEM })}`, 'line: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7 at offset 3'].join('\n');
    const out = redact(text, [key]);
    expect(out).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
    expect(out).not.toContain(b64(PEM));
    expect(out).toContain('<redacted:sslKeyPemFile>');
  });

  test('a base64 secret also scrubs what it decodes to (the PEM behind scoringFe.sslKey)', () => {
    const out = redact(`failed on ${PEM}`, [SecretValue.of('scoringFe.sslKey', b64(PEM))]);
    expect(out).not.toContain('Q2FuYXJ5LWtleS1saW5lLXR3by1vZi10aGUtcGVt');
    expect(out).toContain('failed on');
  });

  test('plain strings work, placeholders and tiny values are ignored', () => {
    expect(redact('token=abcd1234 ok', ['abcd1234'])).toBe('token=<redacted> ok');
    expect(redact('a b c', ['a', SecretValue.placeholder('x')])).toBe('a b c');
  });

  test('any secret inserted anywhere is gone', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 8 }), fc.string(), (before, secret, after) => {
        fc.pre(secret.trim().length >= 8 && !'<redacted:s>'.includes(secret));
        const out = redact(`${before}${secret}${after}`, [SecretValue.of('s', secret)]);
        expect(out).not.toContain(secret);
        expect(redact(`${before}${b64(secret)}${after}`, [secret])).not.toContain(b64(secret));
      }),
    );
  });
});

describe('secretScrubber', () => {
  test('scrubs every value read after it started, including one read later, until stopped', () => {
    const scrubber = secretScrubber();
    const before = 'quoted by Azure: nothing yet';
    expect(scrubber.scrub(before)).toBe(before);
    SecretValue.of('relay', 'Endpoint=sb://r/;SharedAccessKey=Zq9v8w7x6y5\n');
    const azure = 'Helm install failed: value "Endpoint=sb://r/;SharedAccessKey=Zq9v8w7x6y5" is invalid';
    expect(scrubber.scrub(azure)).toBe('Helm install failed: value "<redacted>" is invalid');
    SecretValue.of('key', 'second-secret-value');
    expect(scrubber.scrub('a second-secret-value b')).toBe('a <redacted> b');
    scrubber.stop();
    SecretValue.of('late', 'read-after-stop');
    expect(scrubber.scrub('read-after-stop')).toBe('read-after-stop');
    expect(scrubber.scrub('again second-secret-value')).toBe('again <redacted>');
  });
});
