import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.ts';

function specDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-validate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: train-east, owner: group:default/ml-platform }
spec:
  cluster: { type: arc, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: ml-rg, name: arc-east }
  extension:
    training: true
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`;

const BAD = `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: serve-east }
spec:
  cluster: { type: arc, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: ml-rg, name: arc-east2 }
  extension:
    inference:
      routerServiceType: NodePort
    settings:
      allowInsecureConnections: Ture
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`;

describe('aml-k8s validate', () => {
  test('exit 0 for a valid spec, with a summary', () => {
    const dir = specDir({ 'good.yaml': GOOD });
    const r = runCli(['validate', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ 1 file, 1 compute: 0 errors, 0 warnings/);
  });

  test('exit 1 with file, line, column, code and setting for a bad spec', () => {
    const dir = specDir({ 'bad.yaml': BAD });
    const r = runCli(['validate', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bad.yaml:10:7: error AMLK130 [allowInsecureConnections]');
    expect(r.stdout).toContain('warning AMLK113 [allowInsecureConnections]');
    expect(r.stdout).toContain('Did you mean "True"?');
  });

  test('--format json carries the documented fields', () => {
    const dir = specDir({ 'bad.yaml': BAD, 'good.yaml': GOOD });
    const r = runCli(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.files).toHaveLength(2);
    expect(out.summary.errors).toBeGreaterThan(0);
    const d = out.diagnostics.find((x: { code: string }) => x.code === 'AMLK130');
    expect(d).toMatchObject({ severity: 'error', code: 'AMLK130', line: 10, column: 7, setting: 'allowInsecureConnections' });
    expect(d.file).toMatch(/bad\.yaml$/);
    expect(typeof d.message).toBe('string');
  });

  test('usage errors exit 2', () => {
    expect(runCli(['validate']).code).toBe(2);
    expect(runCli(['validate', '/nonexistent/specs']).code).toBe(2);
    expect(runCli(['validate', '.', '--format', 'xml']).code).toBe(2);
    expect(runCli(['validate', '.', '--bogus']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
  });

  test('YAML syntax errors are located', () => {
    const dir = specDir({ 'broken.yaml': 'apiVersion: aml-k8s/v1\nkind: [KubernetesCompute\n' });
    const r = runCli(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics[0]).toMatchObject({ code: 'AMLK001', severity: 'error' });
    expect(out.diagnostics[0].line).toBeGreaterThanOrEqual(2);
  });
});
