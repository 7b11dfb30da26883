import { describe, expect, test } from '@jest/globals';
import { validateSpecs } from '@aml-k8s/shared/core';
import { renderSpecYaml, specFromForm } from './form.ts';
import type { ComputeFormInput } from './form.ts';

const BASE: ComputeFormInput = {
  computeName: ' train-east ',
  owner: 'group:default/ml',
  cluster: { type: 'arc', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem', name: 'k8s-east', distribution: '' },
  workspace: { subscriptionId: '', resourceGroup: 'ml-rg', name: 'ml-ws' },
};

describe('specFromForm', () => {
  test('the smallest form: training only, defaults left to the spec, blank fields dropped', () => {
    expect(specFromForm({ ...BASE, namespace: ' ', description: '' })).toEqual({
      apiVersion: 'aml-k8s/v1',
      kind: 'KubernetesCompute',
      metadata: { name: 'train-east', owner: 'group:default/ml' },
      spec: {
        cluster: { type: 'arc', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem', name: 'k8s-east' },
        extension: { training: true },
        attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-ws' } },
      },
    });
  });

  test('inference switched off by enabled: false or null; HTTP by insecure: true', () => {
    expect(specFromForm({ ...BASE, inference: { enabled: false, routerServiceType: 'NodePort' } }).spec.extension?.inference).toBeUndefined();
    expect(specFromForm({ ...BASE, inference: null }).spec.extension?.inference).toBeUndefined();
    expect(specFromForm({ ...BASE, inference: { routerServiceType: 'NodePort', tls: { insecure: true, cname: 'x', secretName: 'y' } } }).spec.extension?.inference).toEqual({ routerServiceType: 'NodePort', tls: { insecure: true } });
  });

  test('instance types: requests, limits overriding them, whole GPUs in limits only', () => {
    const doc = specFromForm({ ...BASE, instanceTypes: [{ name: 'big', cpu: 2, memory: '8Gi', limits: { cpu: '4' }, gpu: 0 }] });
    expect(doc.spec.instanceTypes).toEqual({ big: { resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '8Gi' } } } });
  });

  test('the rendered file is a spec the validator accepts, with a header comment', () => {
    const text = renderSpecYaml({ ...BASE, inference: { routerServiceType: 'NodePort', highAvailability: false, tls: { cname: 'ml.contoso.com', secretName: 'ml-tls' } } });
    expect(text.split('\n')[0]).toMatch(/^# Azure ML Kubernetes compute train-east/);
    expect(validateSpecs([{ file: 'x.yaml', text }], { readFile: () => undefined }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
