import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSecretRef } from './resolve.ts';
import { secretFailure } from '../../test/secret-failure.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amlk-secrets-'));
  mkdirSync(join(dir, 'tls'));
  writeFileSync(join(dir, 'tls', 'cert.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(join(dir, 'conn.txt'), 'Endpoint=sb://x/;SharedAccessKey=abc\n');
  writeFileSync(join(dir, 'empty.pem'), '  \n');
  mkdirSync(join(dir, 'a-folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveSecretRef', () => {
  const env = { ML_KEY: 'key-material', BLANK: '' };

  test('reads a file relative to the spec folder, as is', () => {
    const s = resolveSecretRef({ file: 'tls/cert.pem' }, { baseDir: dir, env, name: 'sslCertPemFile' });
    expect(s.reveal()).toBe('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(String(s)).toBe('<protected:sslCertPemFile>');
  });

  test('can drop the trailing line break of a value file', () => {
    expect(resolveSecretRef({ file: 'conn.txt' }, { baseDir: dir, env, trimTrailingNewline: true }).reveal()).toBe('Endpoint=sb://x/;SharedAccessKey=abc');
  });

  test('absolute paths work too, inside an allowed folder', () => {
    expect(resolveSecretRef({ file: join(dir, 'conn.txt') }, { baseDir: dir, env }).resolved).toBe(true);
    expect(resolveSecretRef({ file: join(dir, 'conn.txt') }, { baseDir: '/nowhere', env: { AML_K8S_SECRET_DIRS: dir } }).resolved).toBe(true);
  });

  test('reads an environment variable; the default name is the reference', () => {
    const s = resolveSecretRef({ env: 'ML_KEY' }, { baseDir: dir, env });
    expect(s.reveal()).toBe('key-material');
    expect(String(s)).toBe('<protected:env ML_KEY>');
  });

  test('missing file: names the file, where it looked, and what to do', () => {
    const e = secretFailure(() => resolveSecretRef({ file: 'tls/missing.pem' }, { baseDir: dir, env, name: 'sslKeyPemFile' }));
    expect(e.code).toBe('SECRET_FILE_MISSING');
    expect(e.setting).toBe('sslKeyPemFile');
    expect(e.message).toContain('"tls/missing.pem" (for sslKeyPemFile)');
    expect(e.message).toContain(join(dir, 'tls', 'missing.pem'));
    expect(e.message).toMatch(/relative to the folder of the spec file/);
  });

  test('unreadable file', () => {
    const e = secretFailure(() => resolveSecretRef({ file: 'a-folder' }, { baseDir: dir, env }));
    expect(e.code).toBe('SECRET_FILE_UNREADABLE');
    expect(e.message).toContain('EISDIR');
    expect(e.message).toMatch(/readable/);
  });

  test('empty file', () => {
    const e = secretFailure(() => resolveSecretRef({ file: 'empty.pem' }, { baseDir: dir, env }));
    expect(e.code).toBe('SECRET_FILE_EMPTY');
    expect(e.message).toContain('"empty.pem"');
  });

  test('missing and empty variables', () => {
    const missing = secretFailure(() => resolveSecretRef({ env: 'ML_CERT' }, { baseDir: dir, env, name: 'scoringFe.sslCert' }));
    expect(missing.code).toBe('SECRET_ENV_MISSING');
    expect(missing.message).toMatch(/^Environment variable ML_CERT \(for scoringFe\.sslCert\) is not set\. Export it/);
    const blank = secretFailure(() => resolveSecretRef({ env: 'BLANK' }, { baseDir: dir, env }));
    expect(blank.code).toBe('SECRET_ENV_EMPTY');
  });
});
