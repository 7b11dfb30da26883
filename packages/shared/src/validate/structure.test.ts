import { expect, test } from '@jest/globals';
import { validateSpecs } from './validate.ts';

const spec = (storage: string): string => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: train }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: aks }
  extension: { training: true }
  attach: { workspace: { resourceGroup: ml-rg, name: ml-workspace } }
  storage:
${storage}`;

const diagnostics = (storage: string) => validateSpecs([{ file: 'train.yaml', text: spec(storage) }]).diagnostics.map((d) => ({ line: d.line, code: d.code, message: d.message }));

test('a volume with two sources names the choices and what it has, at its line', () => {
  expect(diagnostics('    data:\n      mountPath: /mnt/data\n      size: 1Gi\n      volume:\n        nfs: { server: a, path: /x }\n        hostPath: { path: /y }\n')).toEqual([
    { line: 12, code: 'AMLK004', message: 'spec.storage.data.volume must hold exactly one of nfs, azureFile, azureBlob, azureDisk, csi, hostPath; it has nfs, hostPath.' },
  ]);
});

test('a misspelt source and a missing NFS path', () => {
  expect(diagnostics('    a:\n      mountPath: /a\n      size: 1Gi\n      volume: { nfss: { server: x } }\n    b:\n      mountPath: /b\n      size: 1Gi\n      volume: { nfs: { server: x } }\n')).toEqual([
    { line: 12, code: 'AMLK002', message: 'Unknown field "nfss" in spec.storage.a.volume. Did you mean "nfs"?' },
    { line: 16, code: 'AMLK003', message: 'spec.storage.b.volume.nfs needs "path".' },
  ]);
});

test('an access mode listed twice', () => {
  expect(diagnostics('    a:\n      mountPath: /a\n      size: 1Gi\n      accessModes: [ReadWriteMany, ReadWriteMany]\n      storageClassName: azurefile-csi\n')).toEqual([
    { line: 12, code: 'AMLK004', message: 'spec.storage.a.accessModes lists a value twice; list each once.' },
  ]);
});
