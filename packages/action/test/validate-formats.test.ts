// `aml-k8s validate` on Terraform, ARM/REST JSON, Bicep and az ml compute YAML (fixtures written
// for these tests in packages/shared/test/fixtures/formats).
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.ts';

const dir = fileURLToPath(new URL('../../../packages/shared/test/fixtures/formats/', import.meta.url));

describe('aml-k8s validate reads configuration where it lives', () => {
  test('a folder: every format is found and checked, JSON with the resource count', () => {
    const r = runCli(['validate', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { files: string[]; resources: number; computes: number; diagnostics: { file: string; code: string; line: number; column: number }[] };
    expect(out.files.map((f) => f.split('/').pop()).sort()).toEqual(['compute.yml', 'extension-body.json', 'legacy-compute.yml', 'main.bicep', 'main.tf', 'template.json']);
    expect(out.computes).toBe(0);
    expect(out.resources).toBe(11);
    const seen = new Set(out.diagnostics.map((d) => `${d.file.split('/').pop()} ${d.code}`));
    for (const hit of ['main.tf AMLK194', 'template.json AMLK193', 'main.bicep AMLK118', 'compute.yml AMLK151', 'legacy-compute.yml AMLK189', 'extension-body.json AMLK100']) expect(seen).toContain(hit);
  });

  test('a Terraform file named directly: file:line:column, code and setting in text', () => {
    const r = runCli(['validate', join(dir, 'main.tf')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('main.tf:21:5: warning AMLK114 [inferenceLoadBalancerHA]');
    expect(r.stdout).toMatch(/✗ 1 file, 0 computes, 4 resources: \d+ errors?, \d+ warnings?/);
  });

  test('only expressions and a clean compute: exit 0, with infos', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'aml-k8s-formats-'));
    writeFileSync(join(tmp, 'package.json'), '{ "name": "not-a-template" }\n');
    writeFileSync(join(tmp, 'ext.tf'), 'resource "azurerm_kubernetes_cluster_extension" "aml" {\n  name = "azureml"\n  cluster_id = var.cluster_id\n  extension_type = "microsoft.azureml.kubernetes"\n  configuration_settings = var.settings\n}\n');
    const r = runCli(['validate', tmp]);
    expect(r.stdout).toContain('ext.tf:5:3: info AMLK191');
    expect(r.stdout).not.toContain('package.json');
    expect(r.stdout).toContain('✓ 1 file, 0 computes, 1 resource: 0 errors, 0 warnings');
    expect(r.code).toBe(0);
  });
});
