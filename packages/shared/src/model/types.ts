// The aml-k8s spec: one file describes one Azure ML Kubernetes compute. These types are the
// parsed, not-yet-validated shape; `compute.schema.json` is the same contract for editors.
import type { SettingEnumValue } from './settings-table.ts';

export const SPEC_API_VERSION = 'aml-k8s/v1';
export const SPEC_KIND = 'KubernetesCompute';

export type ClusterType = 'aks' | 'arc';
/** `inferenceRouterServiceType`: the values of `ROUTER_SERVICE_TYPES` (settings table). */
export type RouterServiceType = SettingEnumValue<'inferenceRouterServiceType'>;
/** `clusterPurpose`: the values of `CLUSTER_PURPOSES` (settings table). */
export type ClusterPurpose = SettingEnumValue<'clusterPurpose'>;

/** A reference to secret material. Secrets are never inlined in a spec file. */
export type SecretRef = { file: string } | { env: string };

export interface ComputeDocument {
  apiVersion: typeof SPEC_API_VERSION;
  kind: typeof SPEC_KIND;
  metadata: ComputeMetadata;
  spec: ComputeSpec;
}

export interface ComputeMetadata {
  /** Name of this compute in the spec set; also the default compute name in the workspace. */
  name: string;
  /** Backstage entity reference of the owner, e.g. `group:default/ml-platform`. */
  owner?: string;
  description?: string;
  labels?: Record<string, string>;
}

export interface ComputeSpec {
  /** `absent` removes the compute: detach, then delete the extension when nothing else uses it. */
  state?: 'present' | 'absent';
  cluster: ClusterRef;
  /**
   * The AzureML extension this spec manages. Omit it to attach a cluster whose extension is
   * managed elsewhere (another spec or by hand); it must then already be installed.
   */
  extension?: ExtensionSpec;
  attach?: AttachSpec;
  instanceTypes?: Record<string, InstanceTypeSpec>;
  /**
   * Persistent volume claims for job data, by claim name. Azure ML mounts every claim labelled
   * `ml.azure.com/pvc: "true"` into the job pods of the claim's namespace, at the path its
   * `ml.azure.com/mountpath` annotation names.
   */
  storage?: Record<string, StorageClaimSpec>;
}

export type AccessMode = 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOnce' | 'ReadWriteOncePod';

export interface StorageClaimSpec {
  /** Where job containers see the volume (`ml.azure.com/mountpath`); absolute. */
  mountPath?: string;
  /** Capacity of the volume and storage the claim requests, e.g. `100Gi`. */
  size?: string;
  /** Default `[ReadWriteMany]` (`[ReadWriteOnce]` for an Azure disk). */
  accessModes?: AccessMode[];
  /** Must be the compute's namespace (the default): only job pods there get the claim mounted. */
  namespace?: string;
  /** `""` (the default with a `volume`) binds statically; a class name provisions dynamically. */
  storageClassName?: string;
  /** What happens to the volume when the claim is deleted. Default `Retain`. */
  reclaimPolicy?: 'Retain' | 'Delete';
  mountOptions?: string[];
  /** The existing storage to expose; omit it to provision dynamically from `storageClassName`. */
  volume?: VolumeSource;
}

/** Exactly one source. Secrets are named (a Kubernetes Secret in the claim's namespace), never inlined. */
export interface VolumeSource {
  nfs?: { server: string; path: string; readOnly?: boolean };
  azureFile?: { shareName: string; secretName: string; storageAccount?: string; resourceGroup?: string; readOnly?: boolean };
  azureBlob?: { containerName: string; storageAccount?: string; resourceGroup?: string; secretName?: string; protocol?: 'fuse' | 'nfs'; readOnly?: boolean };
  azureDisk?: { diskId: string; fsType?: string; readOnly?: boolean };
  csi?: { driver: string; volumeHandle: string; volumeAttributes?: Record<string, string>; nodeStageSecretName?: string; fsType?: string; readOnly?: boolean };
  hostPath?: { path: string; type?: string };
}

export interface ClusterRef {
  type: ClusterType;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Kubernetes distribution, when known in advance (`openshift` needs extra preparation). */
  distribution?: string;
}

export interface ExtensionSpec {
  /** Extension (and Helm release) name. Default `azureml`. */
  name?: string;
  /** Release train, used with auto-upgrade. Default `stable`. */
  releaseTrain?: string;
  /** Pinned extension version; needs `autoUpgradeMinorVersion: false`. */
  version?: string;
  autoUpgradeMinorVersion?: boolean;
  /** `enableTraining`. */
  training?: boolean;
  /** Present means `enableInference=True`. */
  inference?: InferenceSpec;
  /** `nodeSelector.<label>`: pins the extension and its workloads to matching nodes. */
  nodeSelector?: Record<string, string>;
  components?: ComponentsSpec;
  /** Raw configuration settings passed through to Azure, checked against the known keys. */
  settings?: Record<string, string | number | boolean>;
  /** Raw protected settings, each a reference to a file or an environment variable. */
  protectedSettings?: Record<string, SecretRef>;
}

export interface InferenceSpec {
  /** `inferenceRouterServiceType`. Required by Azure (rule AMLK101). */
  routerServiceType?: RouterServiceType;
  /** `internalLoadBalancerProvider=azure`. AKS only, not with NodePort. */
  internalLoadBalancer?: boolean;
  /** `inferenceRouterHA`: three router replicas, needs at least three nodes. Default true. */
  highAvailability?: boolean;
  /** `clusterPurpose`. */
  clusterPurpose?: ClusterPurpose;
  /** TLS for the scoring endpoint; required (use `{ insecure: true }` to allow HTTP). */
  tls?: TlsSpec;
}

export type TlsSpec =
  | { cname: string; secretName: string }
  | { cname: string; certFile: string; keyFile: string }
  | { cname: string; certEnv: string; keyEnv: string }
  | { insecure: true };

export interface ComponentsSpec {
  /** `installNvidiaDevicePlugin`, default false. */
  nvidiaDevicePlugin?: boolean;
  /** `installDcgmExporter`, default false. */
  dcgmExporter?: boolean;
  /** `installPromOp`, default true; false reuses an existing Prometheus operator. */
  prometheusOperator?: boolean;
  /** `installVolcano`, default true; false reuses an existing Volcano scheduler. */
  volcano?: boolean;
  /** `logAnalyticsWS`, default false. */
  logAnalytics?: boolean;
}

export interface WorkspaceRef {
  /** Defaults to the cluster's subscription. */
  subscriptionId?: string;
  resourceGroup: string;
  name: string;
}

export type IdentitySpec = { type: 'SystemAssigned' } | { type: 'UserAssigned'; ids: string[] } | { type: 'None' };

export interface AttachSpec {
  /** Compute name in the workspace. Defaults to `metadata.name`. */
  computeName?: string;
  workspace: WorkspaceRef;
  /** Kubernetes namespace for the workloads; must exist. Default `default`. */
  namespace?: string;
  identity?: IdentitySpec;
  description?: string;
}

export type ResourceQuantities = { cpu?: string; memory?: string; 'nvidia.com/gpu'?: number | string };

export interface InstanceTypeSpec {
  nodeSelector?: Record<string, string>;
  resources?: { requests?: ResourceQuantities; limits?: ResourceQuantities };
}
