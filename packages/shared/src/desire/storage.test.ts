import { describe, expect, test } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { renderManifests } from '../render/manifests.ts';
import type { ComputeDocument, StorageClaimSpec } from '../model/types.ts';
import { desire } from './desire.ts';
import type { KubernetesObject } from './desired-state.ts';
import { storageManifests } from './storage.ts';

const objects = (storage: Record<string, StorageClaimSpec>, namespace = 'ml-jobs'): KubernetesObject[] =>
  storageManifests(storage, namespace, 'gpu-east').flatMap((m) => (m.form === 'object' ? [m.object] : []));

const claimOf = (objs: KubernetesObject[], name: string) => objs.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata?.name === name)!;
const volumeOf = (objs: KubernetesObject[], name: string) => objs.find((o) => o.kind === 'PersistentVolume' && o.metadata?.name === name)!;

describe('storage manifests', () => {
  test('an NFS claim: the namespace, a volume reserved for the claim, and the labelled claim', () => {
    const objs = objects({ data: { mountPath: '/mnt/data', size: '100Gi', volume: { nfs: { server: '10.0.0.4', path: '/exports/data' } } } });
    expect(objs.map((o) => o.kind)).toEqual(['Namespace', 'PersistentVolume', 'PersistentVolumeClaim']);
    expect(objs[0]).toMatchObject({ metadata: { name: 'ml-jobs' } });
    expect(volumeOf(objs, 'ml-jobs-data')).toMatchObject({
      spec: { capacity: { storage: '100Gi' }, accessModes: ['ReadWriteMany'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: '', claimRef: { namespace: 'ml-jobs', name: 'data' }, nfs: { server: '10.0.0.4', path: '/exports/data' } },
    });
    expect(claimOf(objs, 'data')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'data',
        namespace: 'ml-jobs',
        labels: { 'ml.azure.com/pvc': 'true', 'app.kubernetes.io/managed-by': 'aml-k8s' },
        annotations: { 'ml.azure.com/mountpath': '/mnt/data', 'aml-k8s.dev/compute': 'gpu-east' },
      },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: '', resources: { requests: { storage: '100Gi' } }, volumeName: 'ml-jobs-data' },
    });
  });

  test('the default namespace exists already: no Namespace object', () => {
    expect(objects({ data: { mountPath: '/mnt/data', size: '1Gi', storageClassName: 'azurefile-csi' } }, 'default').map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
  });

  test('a dynamic claim has no volume and asks its storage class', () => {
    const objs = objects({ scratch: { mountPath: '/mnt/scratch', size: '50Gi', storageClassName: 'azurefile-csi-premium' } });
    expect(objs.some((o) => o.kind === 'PersistentVolume')).toBe(false);
    expect(claimOf(objs, 'scratch').spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'azurefile-csi-premium', resources: { requests: { storage: '50Gi' } } });
  });

  test('Azure sources go through their CSI drivers; secrets are referenced by name in the claim namespace', () => {
    const objs = objects({
      files: { mountPath: '/mnt/files', size: '1Ti', volume: { azureFile: { shareName: 'share', secretName: 'files-key', storageAccount: 'mlstore', resourceGroup: 'data-rg', readOnly: true } } },
      blobs: { mountPath: '/mnt/blobs', size: '1Ti', volume: { azureBlob: { containerName: 'raw', secretName: 'blob-key', protocol: 'fuse' } } },
      disk: { mountPath: '/mnt/disk', size: '64Gi', volume: { azureDisk: { diskId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d1' } } },
      other: { mountPath: '/mnt/other', size: '1Gi', volume: { csi: { driver: 'example.csi.k8s.io', volumeHandle: 'vol-1', volumeAttributes: { a: 'b' }, nodeStageSecretName: 's' } } },
      local: { mountPath: '/mnt/local', size: '1Gi', accessModes: ['ReadWriteOnce'], volume: { hostPath: { path: '/data', type: 'Directory' } } },
    });
    expect(volumeOf(objs, 'ml-jobs-files').spec).toMatchObject({
      csi: { driver: 'file.csi.azure.com', volumeHandle: 'data-rg#mlstore#share', volumeAttributes: { shareName: 'share', storageAccount: 'mlstore', resourceGroup: 'data-rg' }, nodeStageSecretRef: { name: 'files-key', namespace: 'ml-jobs' }, readOnly: true },
    });
    expect(volumeOf(objs, 'ml-jobs-blobs').spec).toMatchObject({ csi: { driver: 'blob.csi.azure.com', volumeHandle: 'aml-k8s#ml-jobs-blobs#raw', volumeAttributes: { containerName: 'raw', protocol: 'fuse' }, nodeStageSecretRef: { name: 'blob-key', namespace: 'ml-jobs' } } });
    const disk = volumeOf(objs, 'ml-jobs-disk').spec as Record<string, unknown>;
    expect(disk).toMatchObject({ accessModes: ['ReadWriteOnce'], csi: { driver: 'disk.csi.azure.com', volumeHandle: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d1', volumeAttributes: { fsType: 'ext4' } } });
    expect(claimOf(objs, 'disk').spec).toMatchObject({ accessModes: ['ReadWriteOnce'] });
    expect(volumeOf(objs, 'ml-jobs-other').spec).toMatchObject({ csi: { driver: 'example.csi.k8s.io', volumeHandle: 'vol-1', volumeAttributes: { a: 'b' }, nodeStageSecretRef: { name: 's', namespace: 'ml-jobs' } } });
    expect(volumeOf(objs, 'ml-jobs-local').spec).toMatchObject({ hostPath: { path: '/data', type: 'Directory' } });
  });

  test('render --as manifests prints them after the instance types, as one applicable YAML stream', () => {
    const doc: ComputeDocument = {
      apiVersion: 'aml-k8s/v1',
      kind: 'KubernetesCompute',
      metadata: { name: 'train' },
      spec: {
        cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', name: 'aks' },
        extension: { training: true },
        attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' }, namespace: 'ml-jobs' },
        instanceTypes: { small: { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } } } },
        storage: { data: { mountPath: '/mnt/data', size: '10Gi', volume: { nfs: { server: 'nfs.local', path: '/x' } } } },
      },
    };
    const text = renderManifests(desire(doc, { specDir: '.' }));
    const docs = parseAllDocuments(text);
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(docs.map((d) => (d.toJS() as KubernetesObject).kind)).toEqual(['InstanceType', 'Namespace', 'PersistentVolume', 'PersistentVolumeClaim']);
    expect(text).toContain('# Claim data: NFS nfs.local:/x, mounted at /mnt/data in every job pod of namespace ml-jobs');
    expect(text).toContain('ml.azure.com/pvc: "true"');
  });
});
