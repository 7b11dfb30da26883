import { describe, expect, test } from '@jest/globals';
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

test('fields the InstanceType resource does not have are errors at their key, with the closest known field', () => {
  const r = validateSpecs([{ file: 'it.yaml', text: IT.replace('    limits:', '    limit:').replace('  name: small\n', '  name: small\n  label: { team: ml }\n') }], { instanceTypeManifests: true });
  const unknown = r.diagnostics.filter((d) => d.code === 'AMLK172');
  expect(unknown.map((d) => `${d.line}:${d.column} ${d.path}`)).toEqual(['5:3 metadata.label', '9:5 spec.resources.limit']);
  expect(unknown[1]!.message).toContain('Did you mean "limits"?');
  const list = `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceTypeList\nitems:\n  - metadata: { name: a }\n    spec:\n      nodeSelectors: { pool: ml }\n      resources:\n        requests: { cpu: "1", memory: 1Gi }\n        limits: { cpu: "1", memory: 1Gi, nvidia.com/gpus: 1 }\n`;
  expect(validateSpecs([{ file: 'l.yaml', text: list }], { instanceTypeManifests: true }).diagnostics.filter((d) => d.code === 'AMLK172').map((d) => d.path)).toEqual(['items.0.spec.nodeSelectors', 'items.0.spec.resources.limits.nvidia.com/gpu'.replace('gpu', 'gpus')]);
});

test('a defaultinstancetype manifest is noted like a spec\'s', () => {
  const r = validateSpecs([{ file: 'it.yaml', text: IT.replace('name: small', 'name: defaultinstancetype') }], { instanceTypeManifests: true });
  expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual(['4:9 info AMLK166']);
});

describe('node selectors against the extensions of the specs validated together (AMLK164)', () => {
  const spec = (name: string, pool?: string) => `apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata: { name: ${name} }\nspec:\n  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: ${name} }\n  extension:\n    training: true\n${pool ? `    nodeSelector: { pool: ${pool} }\n` : ''}`;
  const selecting = IT.replace('spec:\n', 'spec:\n  nodeSelector: { pool: web }\n');
  const conflicts = (...specs: string[]) =>
    validateSpecs([{ file: 'it.yaml', text: selecting }, ...specs.map((text, i) => ({ file: `c${i}.yaml`, text }))], { instanceTypeManifests: true })
      .diagnostics.filter((d) => d.code === 'AMLK164')
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}`);

  test('an error when every extension pins the label to another value, at the value', () => {
    expect(conflicts(spec('a', 'ml'))).toEqual(['it.yaml:6:25 error']);
  });

  test('a warning when only some do (the type may be meant for another cluster)', () => {
    expect(conflicts(spec('a', 'ml'), spec('b'))).toEqual(['it.yaml:6:25 warning']);
  });

  test('nothing when the values agree or no spec is validated with the manifest', () => {
    expect(conflicts(spec('a', 'web'))).toEqual([]);
    expect(conflicts()).toEqual([]);
  });
});
