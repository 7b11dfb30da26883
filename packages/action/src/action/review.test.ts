import { describe, expect, test } from '@jest/globals';
import { summarizePlan } from '@aml-k8s/shared';
import type { Change, ComputePlan } from '@aml-k8s/shared';
import { compareWithReview, mergeReviews, parseReview, reviewMarker, reviewRecord } from './review.ts';

const EXT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/providers/Microsoft.KubernetesConfiguration/extensions/azureml';
const COMPUTE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/gpu';
const ROLE = `${'/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks'}/providers/Microsoft.Authorization/roleAssignments/1111`;
const OBJECT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/kubernetes/v1/PersistentVolumeClaim/ml/data';

function changes(): Change[] {
  return [
    { target: 'extension', action: 'create', id: EXT, disruptive: false, reasons: [], settings: [{ key: 'enableTraining', after: 'True' }, { key: 'scoringFe.sslKey', protected: true, fingerprint: 's1:aaaa' }] },
    { target: 'roleAssignment', action: 'create', id: ROLE, disruptive: false, reasons: [], settings: [{ key: 'role', after: 'Reader' }, { key: 'scope', after: '/subscriptions/s/x' }] },
    { target: 'compute', action: 'create', id: COMPUTE, disruptive: false, reasons: [], settings: [{ key: 'namespace', after: 'ml' }, { key: 'identity.type', after: 'SystemAssigned' }, { key: 'instanceTypes.gpu', after: '{"resources":{}}' }, { key: 'defaultInstanceType', after: 'gpu' }] },
    { target: 'kubernetes', action: 'create', id: OBJECT, disruptive: false, reasons: [], settings: [{ key: 'spec.resources.requests.storage', after: '10Gi' }] },
  ];
}

const planOf = (cs: Change[], name = 'gpu'): ReturnType<typeof summarizePlan> => summarizePlan([{ name, file: `computes/${name}.yaml`, notes: [], changes: cs } satisfies ComputePlan]);
const reviewed = mergeReviews([reviewRecord(7, 'a'.repeat(40), planOf(changes()))]);

function edited(target: Change['target'], key: string, value: Partial<Change['settings'] extends (infer S)[] | undefined ? S : never>): Change[] {
  return changes().map((c) => (c.target !== target ? c : { ...c, settings: c.settings!.map((s) => (s.key === key ? { ...s, ...value } : s)) }));
}

describe('what a review covers', () => {
  test('the same plan passes', () => {
    expect(compareWithReview(reviewed, planOf(changes()))).toEqual([]);
  });

  test.each<[string, Change['target'], string, object]>([
    ['an extension setting', 'extension', 'enableTraining', { after: 'False' }],
    ['a protected value (its fingerprint)', 'extension', 'scoringFe.sslKey', { fingerprint: 's1:bbbb' }],
    ['a role assignment', 'roleAssignment', 'role', { after: 'Owner' }],
    ['the compute namespace', 'compute', 'namespace', { after: 'other' }],
    ['an instance type', 'compute', 'instanceTypes.gpu', { after: '{"resources":{"limits":{"nvidia.com/gpu":"2"}}}' }],
    ['the default instance type', 'compute', 'defaultInstanceType', { after: 'cpu' }],
    ['a Kubernetes object field', 'kubernetes', 'spec.resources.requests.storage', { after: '20Gi' }],
  ])('%s edited after review is named', (_, target, key, value) => {
    const diff = compareWithReview(reviewed, planOf(edited(target, key, value)));
    expect(diff).toEqual([expect.objectContaining({ compute: 'gpu', change: `${target} create`, field: key, problem: `${key} differs from the reviewed value` })]);
  });

  test('a field or a change the reviewer never saw is refused', () => {
    const extra = changes();
    extra[2]!.settings!.push({ key: 'description', after: 'new' });
    expect(compareWithReview(reviewed, planOf(extra))).toEqual([expect.objectContaining({ field: 'description', problem: 'description was not part of the reviewed change' })]);
    expect(compareWithReview(reviewed, planOf(changes(), 'other'))).toEqual([expect.objectContaining({ compute: 'other', problem: 'not in any reviewed plan' })]);
  });

  test('what is left after a partial failure passes: fewer changes, and a create continued as an update', () => {
    const [ext, , comp] = changes();
    expect(compareWithReview(reviewed, planOf([comp!]))).toEqual([]);
    expect(compareWithReview(reviewed, planOf([{ ...ext!, action: 'update', settings: [] }, comp!]))).toEqual([]);
  });

  test('a change that became disruptive, or another action, is refused', () => {
    const [ext, , comp] = changes();
    expect(compareWithReview(reviewed, planOf([{ ...comp!, action: 'replace', disruptive: true }]))).toEqual([expect.objectContaining({ problem: 'it is disruptive now, and the reviewed change was not' })]);
    expect(compareWithReview(reviewed, planOf([{ ...ext!, action: 'delete', settings: [] }]))).toEqual([expect.objectContaining({ problem: 'the reviewed plan would create it, not delete' })]);
  });

  test('a protected value the plan job could not read is covered by name only', () => {
    const unread = mergeReviews([reviewRecord(7, 'a'.repeat(40), planOf(edited('extension', 'scoringFe.sslKey', { fingerprint: undefined })))]);
    expect(compareWithReview(unread, planOf(edited('extension', 'scoringFe.sslKey', { fingerprint: 's1:cccc' })))).toEqual([]);
  });
});

describe('the record in the comment', () => {
  test('round-trips through the marker, only for the pull request it was made for', () => {
    const record = reviewRecord(7, 'a'.repeat(40), planOf(changes()));
    const body = `${reviewMarker(record)}\n### aml-k8s plan`;
    expect(parseReview(body, 7)).toEqual(record);
    expect(parseReview(body, 8)).toBeUndefined();
    expect(parseReview('<!-- aml-k8s:review not-deflate -->', 7)).toBeUndefined();
  });

  test('stays small for a large fleet (it travels in the first comment part)', () => {
    const fleet = summarizePlan(Array.from({ length: 200 }, (_, i) => ({ name: `c${i}`, file: `computes/c${i}.yaml`, notes: [], changes: changes().map((c) => ({ ...c, id: `${c.id}${i}` })) })));
    expect(reviewMarker(reviewRecord(7, 'a'.repeat(40), fleet)).length).toBeLessThan(60_000);
  });

  test('the newest review of a compute wins', () => {
    const older = reviewRecord(5, 'a'.repeat(40), planOf(changes()));
    const newer = reviewRecord(6, 'b'.repeat(40), planOf(edited('compute', 'namespace', { after: 'other' })));
    const merged = mergeReviews([older, newer]);
    expect(compareWithReview(merged, planOf(edited('compute', 'namespace', { after: 'other' })))).toEqual([]);
    expect(compareWithReview(merged, planOf(changes()))).toHaveLength(1);
  });
});
