// Job data storage as Kubernetes objects (reference §11, "Cluster objects"): per claim a
// PersistentVolume for the existing storage (unless it is provisioned dynamically) and a
// PersistentVolumeClaim in the compute's namespace, labelled so Azure ML mounts it into job pods.
import type { AccessMode, StorageClaimSpec, VolumeSource } from '../model/types.ts';
import type { KubernetesManifest, KubernetesObject } from './desired-state.ts';
import { MANAGED_BY_LABEL } from './instance-types.ts';

export const PVC_LABEL = 'ml.azure.com/pvc';
export const MOUNT_PATH_ANNOTATION = 'ml.azure.com/mountpath';
export const COMPUTE_ANNOTATION = 'aml-k8s.dev/compute';

export const CSI_DRIVERS = { azureFile: 'file.csi.azure.com', azureBlob: 'blob.csi.azure.com', azureDisk: 'disk.csi.azure.com' } as const;

/** The access modes a claim gets: as declared, else what its source supports for several pods. */
export function claimAccessModes(claim: StorageClaimSpec): AccessMode[] {
  if (claim.accessModes?.length) return claim.accessModes;
  return claim.volume?.azureDisk ? ['ReadWriteOnce'] : ['ReadWriteMany'];
}

/** The name of the PersistentVolume behind a claim; volumes are cluster-wide, so it carries the namespace. */
export function volumeName(namespace: string, claimName: string): string {
  return `${namespace}-${claimName}`.slice(0, 253);
}

/** The source fields of a PersistentVolume spec for one volume source. */
export function volumeSourceFields(source: VolumeSource, namespace: string, claimName: string): Record<string, unknown> {
  const secret = (name: string | undefined) => (name ? { nodeStageSecretRef: { name, namespace } } : {});
  const ro = (readOnly: boolean | undefined) => (readOnly ? { readOnly: true } : {});
  // The Azure drivers read `<resource group>#<account>#<share or container>` from the handle when
  // an attribute is missing; unknown parts get placeholders that keep the handle unique in the cluster.
  const handleOf = (group: string | undefined, account: string | undefined, share: string): string => `${group ?? 'aml-k8s'}#${account ?? `${namespace}-${claimName}`}#${share}`;
  if (source.nfs) return { nfs: { server: source.nfs.server, path: source.nfs.path, ...ro(source.nfs.readOnly) } };
  if (source.hostPath) return { hostPath: { path: source.hostPath.path, ...(source.hostPath.type ? { type: source.hostPath.type } : {}) } };
  if (source.azureFile) {
    const f = source.azureFile;
    const handle = handleOf(f.resourceGroup, f.storageAccount, f.shareName);
    return {
      csi: {
        driver: CSI_DRIVERS.azureFile,
        volumeHandle: handle,
        volumeAttributes: { shareName: f.shareName, ...(f.storageAccount ? { storageAccount: f.storageAccount } : {}), ...(f.resourceGroup ? { resourceGroup: f.resourceGroup } : {}) },
        ...secret(f.secretName),
        ...ro(f.readOnly),
      },
    };
  }
  if (source.azureBlob) {
    const b = source.azureBlob;
    return {
      csi: {
        driver: CSI_DRIVERS.azureBlob,
        volumeHandle: handleOf(b.resourceGroup, b.storageAccount, b.containerName),
        volumeAttributes: {
          containerName: b.containerName,
          ...(b.storageAccount ? { storageAccount: b.storageAccount } : {}),
          ...(b.resourceGroup ? { resourceGroup: b.resourceGroup } : {}),
          ...(b.protocol ? { protocol: b.protocol } : {}),
        },
        ...secret(b.secretName),
        ...ro(b.readOnly),
      },
    };
  }
  if (source.azureDisk) {
    const d = source.azureDisk;
    return { csi: { driver: CSI_DRIVERS.azureDisk, volumeHandle: d.diskId, volumeAttributes: { fsType: d.fsType ?? 'ext4' }, ...ro(d.readOnly) } };
  }
  if (source.csi) {
    const c = source.csi;
    return {
      csi: {
        driver: c.driver,
        volumeHandle: c.volumeHandle,
        ...(c.volumeAttributes ? { volumeAttributes: c.volumeAttributes } : {}),
        ...(c.fsType ? { fsType: c.fsType } : {}),
        ...secret(c.nodeStageSecretName),
        ...ro(c.readOnly),
      },
    };
  }
  return {};
}

function sourceTitle(source: VolumeSource | undefined, storageClassName: string | undefined): string {
  if (!source) return `provisioned by storage class ${storageClassName ?? '(cluster default)'}`;
  if (source.nfs) return `NFS ${source.nfs.server}:${source.nfs.path}`;
  if (source.azureFile) return `Azure Files share ${source.azureFile.shareName}`;
  if (source.azureBlob) return `Azure Blob container ${source.azureBlob.containerName}`;
  if (source.azureDisk) return `Azure disk ${source.azureDisk.diskId.split('/').pop()}`;
  if (source.csi) return `CSI volume ${source.csi.volumeHandle} (${source.csi.driver})`;
  if (source.hostPath) return `node directory ${source.hostPath.path}`;
  return 'storage';
}

const storageQuantity = (size: string | number | undefined): string => String(size ?? '1Gi');

function namespaceManifest(namespace: string, computeName: string): KubernetesManifest {
  const object: KubernetesObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...MANAGED_BY_LABEL } } };
  return { form: 'object', title: `Namespace ${namespace} of compute ${computeName}: jobs run here, and the claims must live here (attach neither creates nor checks it)`, object };
}

/** Namespace (when not `default`), then per claim its PersistentVolume (static storage) and PersistentVolumeClaim. */
export function storageManifests(storage: Readonly<Record<string, StorageClaimSpec>>, computeNamespace: string, computeName: string): KubernetesManifest[] {
  const names = Object.keys(storage);
  if (names.length === 0) return [];
  const out: KubernetesManifest[] = [];
  if (computeNamespace !== 'default') out.push(namespaceManifest(computeNamespace, computeName));
  for (const claimName of names) {
    const claim = storage[claimName] ?? {};
    const namespace = claim.namespace ?? computeNamespace;
    const accessModes = claimAccessModes(claim);
    const size = storageQuantity(claim.size);
    const staticVolume = claim.volume !== undefined;
    const storageClassName = claim.storageClassName ?? (staticVolume ? '' : undefined);
    const pvName = volumeName(namespace, claimName);
    const what = sourceTitle(claim.volume, storageClassName);
    if (staticVolume) {
      const pv: KubernetesObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pvName, labels: { ...MANAGED_BY_LABEL }, annotations: { [COMPUTE_ANNOTATION]: computeName } },
        spec: {
          capacity: { storage: size },
          accessModes,
          persistentVolumeReclaimPolicy: claim.reclaimPolicy ?? 'Retain',
          storageClassName: storageClassName ?? '',
          ...(claim.mountOptions?.length ? { mountOptions: claim.mountOptions } : {}),
          // Reserved for this claim: no other claim in the cluster can bind it.
          claimRef: { namespace, name: claimName },
          ...volumeSourceFields(claim.volume!, namespace, claimName),
        },
      };
      out.push({ form: 'object', title: `Volume ${pvName}: ${what}, reserved for claim ${namespace}/${claimName}`, object: pv });
    }
    const pvc: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName,
        namespace,
        labels: { [PVC_LABEL]: 'true', ...MANAGED_BY_LABEL },
        annotations: { [MOUNT_PATH_ANNOTATION]: claim.mountPath ?? '', [COMPUTE_ANNOTATION]: computeName },
      },
      spec: {
        accessModes,
        ...(storageClassName !== undefined ? { storageClassName } : {}),
        resources: { requests: { storage: size } },
        ...(staticVolume ? { volumeName: pvName } : {}),
      },
    };
    out.push({ form: 'object', title: `Claim ${claimName}: ${what}, mounted at ${claim.mountPath ?? '?'} in every job pod of namespace ${namespace}`, object: pvc });
  }
  return out;
}
