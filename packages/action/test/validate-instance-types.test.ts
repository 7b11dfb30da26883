// `aml-k8s validate` on Kubernetes InstanceType manifests (fixtures in fixtures/instance-types,
// written for these tests): one failing fixture per rule, with its position.
import { describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.ts';

const dir = fileURLToPath(new URL('./fixtures/instance-types/', import.meta.url));

function validate(name: string) {
  const r = runCli(['validate', `${dir}${name}`, '--format', 'json']);
  const out = JSON.parse(r.stdout) as { computes: number; instanceTypes: number; diagnostics: { code: string; severity: string; line: number; column: number; file: string }[] };
  return { code: r.code, ...out, at: out.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`) };
}

describe('aml-k8s validate reads InstanceType manifests', () => {
  test('a valid InstanceTypeList and InstanceType (multi-document) pass', () => {
    const r = validate('good.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.computes).toBe(0);
    expect(r.instanceTypes).toBe(3);
  });

  test.each([
    ['missing-memory.yaml', ['7:5 error AMLK160'], 1],
    ['bad-quantity.yaml', ['8:26 error AMLK161', '8:43 error AMLK161'], 1],
    ['gpu.yaml', ['7:40 error AMLK162', '8:54 error AMLK162'], 1],
    ['request-above-limit.yaml', ['7:22 error AMLK163'], 1],
    ['bad-name.yaml', ['4:9 error AMLK165'], 1],
    ['namespaced.yaml', ['5:3 warning AMLK167'], 0],
    ['wrong-kind.yaml', ['11:7 error AMLK168', '15:13 error AMLK168'], 1],
    ['fragment.yaml', ['1:1 error AMLK169'], 1],
  ])('%s', (name, expected, exit) => {
    const r = validate(name);
    expect(r.at).toEqual(expected);
    expect(r.code).toBe(exit);
  });

  test('text output names file:line:column', () => {
    const r = runCli(['validate', `${dir}request-above-limit.yaml`]);
    expect(r.stdout).toContain('request-above-limit.yaml:7:22: error AMLK163');
    expect(r.stdout).toMatch(/1 instance type: 1 error/);
  });
});
