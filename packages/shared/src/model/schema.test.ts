import { expect, test } from '@jest/globals';
import type { AttachSpec, ClusterRef, ComponentsSpec, ComputeDocument, ComputeMetadata, ComputeSpec, ExtensionSpec, InferenceSpec, InstanceTypeSpec, StorageClaimSpec, VolumeSource, WorkspaceRef } from './types.ts';
import { COMPUTE_SCHEMA } from './schema.ts';

// Each list must name every field of its type: adding a field to a type without adding it here
// fails to compile, and the test below then fails until the schema has it too.
type Fields<T> = { [K in keyof Required<T>]: true };
const fields = <T>(f: Fields<T>): string[] => Object.keys(f).sort();

const P = COMPUTE_SCHEMA.properties;
const S = P.spec.properties;
const keys = (o: { properties: object }): string[] => Object.keys(o.properties).sort();

test('the JSON Schema has exactly the fields of the TypeScript types', () => {
  expect(keys(COMPUTE_SCHEMA)).toEqual(fields<ComputeDocument>({ apiVersion: true, kind: true, metadata: true, spec: true }));
  expect(keys(P.metadata)).toEqual(fields<ComputeMetadata>({ name: true, owner: true, description: true, labels: true }));
  expect(keys(P.spec)).toEqual(fields<ComputeSpec>({ state: true, cluster: true, extension: true, attach: true, instanceTypes: true, storage: true }));
  expect(keys(S.cluster)).toEqual(fields<ClusterRef>({ type: true, subscriptionId: true, resourceGroup: true, name: true, distribution: true }));
  expect(keys(S.extension)).toEqual(
    fields<ExtensionSpec>({ name: true, releaseTrain: true, version: true, autoUpgradeMinorVersion: true, training: true, inference: true, nodeSelector: true, components: true, settings: true, protectedSettings: true }),
  );
  expect(keys(S.extension.properties.inference)).toEqual(fields<InferenceSpec>({ routerServiceType: true, internalLoadBalancer: true, highAvailability: true, clusterPurpose: true, tls: true }));
  expect(keys(S.extension.properties.components)).toEqual(fields<ComponentsSpec>({ nvidiaDevicePlugin: true, dcgmExporter: true, prometheusOperator: true, volcano: true, logAnalytics: true }));
  expect(keys(S.attach)).toEqual(fields<AttachSpec>({ computeName: true, workspace: true, namespace: true, identity: true, description: true }));
  expect(keys(S.attach.properties.workspace)).toEqual(fields<WorkspaceRef>({ subscriptionId: true, resourceGroup: true, name: true }));
  expect(Object.keys(S.instanceTypes.additionalProperties.properties).sort()).toEqual(fields<InstanceTypeSpec>({ nodeSelector: true, resources: true }));
  const claim = S.storage.additionalProperties;
  expect(keys(claim)).toEqual(
    fields<StorageClaimSpec>({ mountPath: true, size: true, accessModes: true, namespace: true, storageClassName: true, reclaimPolicy: true, mountOptions: true, volume: true }),
  );
  expect(keys(claim.properties.volume)).toEqual(fields<VolumeSource>({ nfs: true, azureFile: true, azureBlob: true, azureDisk: true, csi: true, hostPath: true }));
});
