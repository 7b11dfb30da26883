// Hostile file references in specs (they arrive in pull requests): nothing outside the spec's
// folder, its repository or an allowed folder is read; only regular files of bounded size.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SECRET_FILE_BYTES, resolveSecretRef } from './resolve.ts';
import { readRegularFile } from '../model/read-file.ts';
import { secretFailure } from '../../test/secret-failure.ts';

let repo: string;
let specDir: string;
let outside: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'amlk-repo-'));
  outside = mkdtempSync(join(tmpdir(), 'amlk-outside-'));
  mkdirSync(join(repo, '.git'));
  writeFileSync(join(repo, '.git', 'config'), '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
  specDir = join(repo, 'computes', 'team-a');
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(repo, 'common.pem'), 'shared-secret\n');
  writeFileSync(join(outside, 'host.txt'), 'host secret\n');
  symlinkSync(join(outside, 'host.txt'), join(specDir, 'link-out.txt'));
  symlinkSync('/proc/self/environ', join(specDir, 'environ'));
  writeFileSync(join(specDir, 'big.pem'), Buffer.alloc(MAX_SECRET_FILE_BYTES + 1, 'a'));
  execFileSync('mkfifo', [join(specDir, 'pipe')]);
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('secret files from untrusted specs', () => {
  const env = { GITHUB_TOKEN: 'ghs_secret' };
  test.each([
    ['/proc/self/environ', 'SECRET_FILE_OUTSIDE'],
    ['/etc/passwd', 'SECRET_FILE_OUTSIDE'],
    ['../../../../../../../../etc/hostname', 'SECRET_FILE_OUTSIDE'], // hostile input
    ['/dev/zero', 'SECRET_FILE_OUTSIDE'],
    ['link-out.txt', 'SECRET_FILE_OUTSIDE'],
    ['environ', 'SECRET_FILE_OUTSIDE'],
    ['../../.git/config', 'SECRET_FILE_OUTSIDE'],
    ['pipe', 'SECRET_FILE_NOT_REGULAR'],
    ['big.pem', 'SECRET_FILE_TOO_LARGE'],
  ])('%s is refused (%s), with the setting and the fix', (file, code) => {
    const e = secretFailure(() => resolveSecretRef({ file }, { baseDir: specDir, env, name: 'x' }));
    expect(e.code).toBe(code);
    expect(e.message).toContain(`"${file}" (for x)`);
    expect(e.message).not.toContain('ghs_secret');
    if (code === 'SECRET_FILE_OUTSIDE') expect(e.message).toMatch(/--allow-secret-dir DIR or AML_K8S_SECRET_DIRS/);
  });

  test('a file in the repository outside the spec folder is fine; an allowed folder is fine', () => {
    expect(resolveSecretRef({ file: '../../common.pem' }, { baseDir: specDir, env }).reveal()).toBe('shared-secret\n');
    expect(resolveSecretRef({ file: 'link-out.txt' }, { baseDir: specDir, env: { AML_K8S_SECRET_DIRS: outside } }).reveal()).toBe('host secret\n');
  });

  test('/dev/zero and a FIFO even when allowed: refused at once, never read', () => {
    const started = Date.now();
    expect(secretFailure(() => resolveSecretRef({ file: '/dev/zero' }, { baseDir: specDir, env: { AML_K8S_SECRET_DIRS: '/dev' } })).code).toBe('SECRET_FILE_NOT_REGULAR');
    expect(() => readRegularFile(join(specDir, 'pipe'), 100)).toThrow(/FIFO/);
    expect(() => readRegularFile('/dev/zero', 100)).toThrow(/device/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
