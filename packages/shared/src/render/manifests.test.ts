import { describe, expect, test } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { desire } from '../desire/desire.ts';
import type { ComputeDocument } from '../model/types.ts';
import { renderManifests } from './manifests.ts';

const doc = (spec: Partial<ComputeDocument['spec']>): ComputeDocument => ({
  apiVersion: 'aml-k8s/v1',
  kind: 'KubernetesCompute',
  metadata: { name: 'aro-ml' },
  spec: {
    cluster: { type: 'arc', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'openshift-rg', name: 'aro-ml-01' },
    extension: { training: true },
    attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' }, namespace: 'ml-jobs' },
    ...spec,
  },
});
const it = { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': 1 } } };

describe('manifest rendering', () => {
  test('multi-document YAML that parses back to the objects', () => {
    const state = desire(doc({
      extension: { training: true, inference: { routerServiceType: 'NodePort', tls: { cname: 'ml.contoso.com', secretName: 'ml-tls' } } },
      instanceTypes: { small: it, gpu: it },
    }), { specDir: '.' });
    const text = renderManifests(state);
    const docs = parseAllDocuments(text);
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    const objects = docs.map((d) => d.toJS() as Record<string, unknown>);
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'InstanceTypeList']);
    expect(objects[0]).toMatchObject({ metadata: { name: 'ml-tls', namespace: 'azureml' }, type: 'Opaque' });
    expect(objects[1]).toMatchObject({ items: [{ metadata: { name: 'small' }, spec: { resources: { requests: { cpu: '1' }, limits: { 'nvidia.com/gpu': 1 } } } }, { metadata: { name: 'gpu' } }] });
    expect(text).toContain('cpu: "1"');
    expect(text).toMatch(/# TEMPLATE: replace the <\.\.\.> placeholders/);
  });

  test('the OpenShift SCC patch prints as commented commands, keeping the stream applicable', () => {
    const state = desire(doc({ cluster: { type: 'arc', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'openshift-rg', name: 'aro-ml-01', distribution: 'openshift' } }), { specDir: '.' });
    const text = renderManifests(state);
    expect(text).toContain('#   system:serviceaccount:azureml:azureml-kube-state-metrics');
    expect(text).toContain('#   system:serviceaccount:ml-jobs:default');
    expect(text).toMatch(/^# {3}oc patch scc privileged --type=json --patch '\[/m);
    expect(text.split('\n').every((l) => l === '' || l.startsWith('#'))).toBe(true);
  });

  test('nothing to apply', () => {
    expect(renderManifests(desire(doc({}), { specDir: '.' }))).toBe('# aml-k8s: Kubernetes objects for compute aro-ml\n# Nothing to apply by hand for this compute.\n');
  });
});
