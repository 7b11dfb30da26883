// Hostile input through the CLI and the Action's spec discovery: each command with the input a
// pull request could carry. No hang, no internal error, no file outside the repository read.
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSpecs } from '../src/action/spec-files.ts';
import { manifestFileBase } from '../src/cli/apply.ts';
import { runCli } from './run-cli.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A repository (with .git) holding the files. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-hostile-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic dG9rZW4=\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const spec = (name: string, extension: string): string => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: comp-${name} }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: ml-rg, name: ${name}-aks }
  extension:
    training: true
${extension}
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`;

describe('protected files outside the repository (finding 2)', () => {
  // hostile input: paths a spec may name, each refused
  test.each(['/proc/self/environ', '/etc/passwd', '../../../../../../../etc/hostname', '../.git/config'])('protectedSettings file %s is an error at its line, in validate, plan and render', (file) => {
    const dir = repo({ 'specs/a.yaml': spec('a', `    protectedSettings:\n      x: { file: ${file} }`) });
    const v = runCli(['validate', 'specs', '--format', 'json'], { cwd: dir });
    expect(v.code).toBe(1);
    const d = JSON.parse(v.stdout).diagnostics.find((x: { code: string }) => x.code === 'AMLK005');
    expect(d).toMatchObject({ severity: 'error', file: 'specs/a.yaml', line: 9, setting: 'x', path: 'spec.extension.protectedSettings.x' });
    expect(d.message).toMatch(/--allow-secret-dir DIR or AML_K8S_SECRET_DIRS/);
    const p = runCli(['plan', 'specs', '--offline', '--format', 'json'], { cwd: dir });
    expect(p.code).toBe(1);
    expect(JSON.parse(p.stdout).error.code).toBe('validation-errors');
    expect(p.stdout + p.stderr).not.toMatch(/dG9rZW4|PATH=|root:x:/);
    const r = runCli(['render', 'specs', '--as', 'arm', '--show-secrets'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/dG9rZW4|PATH=|root:x:/);
  });

  test('tls.certFile and keyFile too; --allow-secret-dir lets a folder in', () => {
    const outside = mkdtempSync(join(tmpdir(), 'aml-k8s-pem-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'key.pem'), 'not really a key\n');
    const tls = `    inference:\n      routerServiceType: LoadBalancer\n      tls: { cname: ml.contoso.com, certFile: ${join(outside, 'key.pem')}, keyFile: ${join(outside, 'key.pem')} }`;
    const dir = repo({ 'specs/a.yaml': spec('a', tls) });
    const refused = runCli(['validate', 'specs'], { cwd: dir });
    expect(refused.stdout).toMatch(/error AMLK005 \[sslCertPemFile\]/);
    expect(refused.stdout).toMatch(/error AMLK005 \[sslKeyPemFile\]/);
    const allowed = runCli(['validate', 'specs', '--allow-secret-dir', outside], { cwd: dir });
    expect(allowed.stdout).not.toMatch(/AMLK005/);
    const byEnv = runCli(['validate', 'specs'], { cwd: dir, env: { AML_K8S_SECRET_DIRS: outside } });
    expect(byEnv.stdout).not.toMatch(/AMLK005/);
  });
});

describe('FIFOs, devices and huge files (finding 14)', () => {
  test('a FIFO or a device as a spec file: an error at once, with --format json an error object', () => {
    const dir = repo({});
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    for (const path of [join(dir, 'fifo.yaml'), '/dev/zero']) {
      const r = runCli(['validate', path, '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error).toMatchObject({ command: 'validate', code: 'spec-file-unreadable' });
      expect(r.stderr).toMatch(/only regular files are read/);
    }
  });

  test('a FIFO as keyFile or protected file: an error, no hang', () => {
    const dir = repo({ 'specs/a.yaml': spec('a', '    protectedSettings:\n      x: { file: pipe }') });
    execFileSync('mkfifo', [join(dir, 'specs', 'pipe')]);
    const started = Date.now();
    const r = runCli(['plan', 'specs', '--offline'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AMLK005 \[x\].*not a regular file/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('keys named like Object.prototype members (finding 3)', () => {
  const keys = `    settings:\n      constructor: a\n      toString: b\n      hasOwnProperty: c\n      __proto__: d\n    protectedSettings:\n      valueOf: { env: P1 }\n      isPrototypeOf: { env: P1 }`;
  test.each([
    [['validate', 'specs'], 0],
    [['render', 'specs', '--as', 'arm'], 0],
    [['render', 'specs', '--as', 'az'], 0],
    [['render', 'specs', '--as', 'manifests'], 0],
    [['plan', 'specs', '--offline'], 3],
  ])('%j works', (args, code) => {
    const dir = repo({ 'specs/a.yaml': spec('a', keys) });
    const r = runCli(args as string[], { cwd: dir, env: { P1: 'secret-one' } });
    expect(r.stderr).not.toMatch(/internal error|is not a function/);
    expect(r.code).toBe(code);
  });

  test('import az with such --config keys', () => {
    const r = runCli(['import', 'az', '-'], { input: 'az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name c --resource-group rg --scope cluster --config enableTraining=True constructor=a __proto__=b hasOwnProperty=c toString=d --config-protected valueOf=s\n' });
    expect(r.stderr).not.toMatch(/internal error|is not a function/);
    expect(r.stdout).toMatch(/__proto__: b/);
    expect(r.stdout).toMatch(/constructor: a/);
  });
});

describe('symbolic links (finding 4)', () => {
  test('a linked spec file and a linked folder are found by the CLI and by the Action, loops end', () => {
    const dir = repo({ 'computes/a.yaml': spec('a', ''), 'shared/b.yaml': spec('b', ''), 'shared/deep/c.yaml': spec('c', '') });
    symlinkSync(join(dir, 'shared', 'b.yaml'), join(dir, 'computes', 'b.yaml'));
    symlinkSync(join(dir, 'shared', 'deep'), join(dir, 'computes', 'deep'));
    symlinkSync(join(dir, 'computes'), join(dir, 'computes', 'loop'));
    expect(findSpecs(['computes/**/*.yaml'], dir)).toEqual(['computes/a.yaml', 'computes/b.yaml', 'computes/deep/c.yaml']);
    const r = runCli(['validate', 'computes', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).files).toEqual(['computes/a.yaml', 'computes/b.yaml', 'computes/deep/c.yaml']);
  });

  test('the Action refuses a spec link that leads outside the workspace', () => {
    const dir = repo({ 'computes/a.yaml': spec('a', '') });
    const outside = mkdtempSync(join(tmpdir(), 'aml-k8s-out-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'x.yaml'), spec('x', ''));
    symlinkSync(join(outside, 'x.yaml'), join(dir, 'computes', 'x.yaml'));
    expect(() => findSpecs(['computes/**/*.yaml'], dir)).toThrow(/outside/);
  });
});

describe('--manifests-out file names (finding 5)', () => {
  test.each([
    ['../../etc/cron.d/x', 'etc-cron.d-x'],
    ['a/b', 'a-b'],
    ['..', 'compute'],
    ['.hidden', 'hidden'],
    ['ok-name_1.2', 'ok-name_1.2'],
  ])('%s → %s', (name, safe) => {
    expect(manifestFileBase(name)).toBe(safe);
  });
});

describe('failures always have a diagnostic and JSON (finding 15)', () => {
  test('an http:// endpoint is a usage error with a JSON error object', () => {
    const dir = repo({ 'specs/a.yaml': spec('a', '') });
    const r = runCli(['plan', 'specs', '--arm-endpoint', 'http://127.0.0.1:9', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ command: 'plan', code: 'usage' });
    expect(r.stderr).toMatch(/https:\/\//);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  test('a missing path with --format json prints a JSON error object', () => {
    const r = runCli(['validate', 'no/such/path', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'spec-path-missing' });
    expect(existsSync('no')).toBe(false);
    expect(readdirSync('.').length).toBeGreaterThan(0);
  });
});
