// The live status of one attached compute, as the Backstage backend serves it and the frontend
// plugin shows it, and the catalog conventions of the compute entities. Types and constants only:
// the frontend imports them without pulling in the core.
import type { Diagnostic } from './diagnostic.ts';

/** Overall state at a glance: the worse of the extension's and the compute's states. */
export type ComputeHealth = 'Succeeded' | 'InProgress' | 'Failed' | 'NotInstalled' | 'NotAttached' | 'Unknown';

/** The router service types a spec may name (the core's settings table owns the list). */
export const ROUTER_SERVICE_TYPE_NAMES = ['LoadBalancer', 'NodePort', 'ClusterIP'] as const;
export type RouterServiceTypeName = (typeof ROUTER_SERVICE_TYPE_NAMES)[number];

export interface ComputeStatusError {
  /** Documented failure code (`E40002`, `HELM_CONFLICT`) when the message matches one, else `Unknown`. */
  code: string;
  message: string;
  /** What to do about it, from the documented failures. */
  remedy?: string;
}

export interface ComputeStatus {
  /** Stable key: `<spec file's metadata.name>`, unique in a spec set (rule AMLK-duplicate names). */
  name: string;
  /** Compute name in the workspace (`attach.computeName`, default `metadata.name`). */
  computeName: string;
  owner?: string;
  description?: string;
  /** Where the spec file lives (URL or path), for the "view source" link. */
  specLocation?: string;
  cluster: { type: 'aks' | 'arc'; subscriptionId: string; resourceGroup: string; name: string; resourceId: string };
  workspace?: { subscriptionId: string; resourceGroup: string; name: string; resourceId: string };
  /** Azure resource IDs, for links to the portal. */
  extensionId: string;
  computeId?: string;
  /** From the spec: what the compute is for. */
  desired: {
    training: boolean;
    inference: boolean;
    /** One of the core's `ROUTER_SERVICE_TYPES` (checked by the backend's contract test). */
    routerServiceType?: RouterServiceTypeName;
    tls: 'secret' | 'pem' | 'insecure' | 'none';
    highAvailability?: boolean;
    instanceTypes: string[];
    namespace: string;
  };
  /** Observed in Azure. `undefined` state means not found. */
  extension: { provisioningState?: string; version?: string; error?: ComputeStatusError };
  compute: { provisioningState?: string; error?: ComputeStatusError };
  health: ComputeHealth;
  /** When Azure was last asked (ISO 8601). */
  checkedAt: string;
  /** When the health last changed (ISO 8601). */
  since?: string;
}

export interface ComputeStatusTransition {
  at: string;
  health: ComputeHealth;
  extensionState?: string;
  computeState?: string;
  error?: ComputeStatusError;
}

/** `GET /api/azureml-compute/computes`: one page of the computes that match the query, sorted by name. */
export interface ComputeListResponse {
  items: ComputeStatus[];
  /** How many computes match the query (all pages). */
  total: number;
  /** Position of the first item among the matches (0-based). */
  offset: number;
  /** The page size that was applied. */
  limit: number;
  /** Opaque cursor of the next page (`?cursor=`); absent on the last page. */
  nextCursor?: string;
  /** When the last refresh finished (ISO 8601); absent before the first one. */
  refreshedAt?: string;
}

/** `GET /api/azureml-compute/computes/:name` */
export interface ComputeDetailResponse {
  status: ComputeStatus;
  /** Transitions, newest first (at most `azureMlCompute.history.limit`, default 100). */
  history: ComputeStatusTransition[];
}

/** `POST /api/azureml-compute/validate` body: a draft spec. */
export interface ComputeValidateRequest {
  text: string;
  /** File name used in the diagnostics; default `draft.yaml`. */
  file?: string;
}

/** `POST /api/azureml-compute/validate` answer: what `aml-k8s validate --format json` reports. */
export interface ComputeValidateResponse {
  diagnostics: Diagnostic[];
}

/** Catalog entity conventions shared by the provider and the card. */
export const COMPUTE_ENTITY_TYPE = 'azureml-kubernetes-compute';
export const COMPUTE_ANNOTATIONS = {
  /** `metadata.name` of the spec: the key of the status routes. */
  name: 'azureml.aml-k8s.dev/compute-name',
  specLocation: 'azureml.aml-k8s.dev/spec-location',
  extensionId: 'azureml.aml-k8s.dev/extension-id',
  computeId: 'azureml.aml-k8s.dev/compute-id',
  clusterId: 'azureml.aml-k8s.dev/cluster-id',
  workspaceId: 'azureml.aml-k8s.dev/workspace-id',
} as const;
