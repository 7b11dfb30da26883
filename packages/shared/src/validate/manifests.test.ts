import { expect, test } from '@jest/globals';
import { INSTANCE_TYPE_API_VERSION, instanceTypeManifests } from '../desire/instance-types.ts';
import { stringify } from 'yaml';
import type { InstanceTypeSpec } from '../model/types.ts';
import { validateSpecs } from './validate.ts';

const IT = `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: small\nspec:\n  resources:\n    requests: { cpu: 500m, memory: 1Gi }\n    limits: { cpu: "1", memory: 2Gi }\n`;
const codes = (text: string, instanceTypeManifests = true) => validateSpecs([{ file: 'it.yaml', text }], { instanceTypeManifests }).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);

test('a valid InstanceType has no findings and is not a compute', () => {
  const r = validateSpecs([{ file: 'it.yaml', text: IT }], { instanceTypeManifests: true });
  expect(r.diagnostics).toEqual([]);
  expect(r.specs).toEqual([]);
  expect(r.manifests?.map((m) => m.instanceTypes)).toEqual([['small']]);
});

test('without the option, manifests stay malformed specs (plan and apply do not read them)', () => {
  expect(codes(IT, false).some((c) => c.endsWith('AMLK004'))).toBe(true);
});

test('what aml-k8s renders for kubectl validates clean', () => {
  const sized = { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi', 'nvidia.com/gpu': '1' } } };
  const all: Record<string, InstanceTypeSpec>[] = [{ a: sized }, { a: sized, b: sized }];
  for (const types of all) {
    const text = instanceTypeManifests(types, 'c').map((m) => stringify(m.form === 'object' ? m.object : null)).join('---\n');
    expect(codes(text)).toEqual([]);
  }
});

test('the same checks as specs, at manifest positions', () => {
  expect(codes(IT.replace('memory: 1Gi', 'memory: 4Gi'))).toEqual(['7:36 AMLK163']);
  expect(codes(IT.replace('cpu: 500m', 'cpu: 2 cores'))).toEqual(['7:22 AMLK161']);
  expect(codes(IT.replace('  name: small\n', '  name: small\n  namespace: x\n'))).toEqual(['5:3 AMLK167']);
  expect(codes(IT.replace('kind: InstanceType', 'kind: InstanceTypeList'))).toEqual(['2:1 AMLK168']);
  expect(codes(`${IT}---\nkind: InstanceType\nspec: {}\n`)).toEqual(['10:1 AMLK169', '10:7 AMLK168', '11:1 AMLK160', '11:1 AMLK160', '11:1 AMLK160', '11:1 AMLK160']);
});

test('a compute spec in the same file is validated as a spec', () => {
  const spec = 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata: { name: c }\n';
  const r = validateSpecs([{ file: 'it.yaml', text: `${IT}---\n${spec}` }], { instanceTypeManifests: true });
  expect(r.specs).toHaveLength(1);
  expect(r.manifests).toHaveLength(1);
});
