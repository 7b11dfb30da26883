// Everything aml-k8s reads from or writes to Azure goes through this interface. Its production
// implementation (sdk-gateway.ts) uses the Azure SDK; tests run that same implementation against
// the local ARM emulator.
import type { Extension, PatchExtension } from '@azure/arm-kubernetesconfiguration';
import type { ComputeResource } from '@azure/arm-machinelearning';
import type { RelayRequirement } from '../desire/desired-state.ts';
import type { ComputeObservation, ExtensionObservation } from '../observe/actual-state.ts';
import type { SecretValue } from '../secrets/secret-value.ts';
import type { ClusterFacts } from '../model/facts.ts';
import type { ClusterRef } from '../model/types.ts';
import { AmlK8sError } from '../errors.ts';
import type { AmlK8sErrorOptions } from '../errors.ts';

export interface ExtensionRef {
  subscriptionId: string;
  resourceGroup: string;
  clusterRp: string;
  clusterResourceName: string;
  clusterName: string;
  name: string;
}

export interface ComputeRef {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  name: string;
}

export interface ObservedExtension extends ExtensionObservation {
  id: string;
  /** The version installed now (`version` is only the pinned one). */
  currentVersion?: string;
  errorInfo?: { code?: string; message?: string };
  statuses?: { code?: string; level?: string; message?: string }[];
}

export interface ObservedCompute extends ComputeObservation {
  id: string;
  location?: string;
  provisioningErrors: string[];
  tags: Record<string, string>;
}

export interface RelayConnectionInfo {
  connectionString: SecretValue;
  hybridConnectionResourceId: string;
  hybridConnectionName: string;
}

export type OperationKind = 'install' | 'update' | 'uninstall' | 'attach' | 'detach' | 'wait' | 'relay' | 'role-assignment';

/** A role assignment as Azure lists it. */
export interface ObservedRoleAssignment {
  id: string;
  /** Full role definition ID (`.../roleDefinitions/<guid>`). */
  roleDefinitionId: string;
  principalId: string;
  scope: string;
}

export interface RoleAssignmentToCreate {
  scope: string;
  /** GUID name of the assignment. */
  name: string;
  roleDefinitionId: string;
  principalId: string;
  description?: string;
}

/** An extension installed on a cluster, as listed there. */
export interface ListedExtension extends ObservedExtension {
  name: string;
  extensionType: string;
}

/** A workspace as its subscription lists it. */
export interface ListedWorkspace {
  /** ARM ID of the workspace. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface ProgressEvent {
  /** ARM ID of the resource being changed. */
  resource: string;
  operation: OperationKind;
  /** What Azure reports (e.g. Creating, Succeeded), or `started`. */
  state: string;
  elapsedMs: number;
}

export interface OperationOptions {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface AzureGateway {
  getCluster(cluster: ClusterRef): Promise<ClusterFacts | undefined>;
  getWorkspaceLocation(subscriptionId: string, resourceGroup: string, workspaceName: string): Promise<string | undefined>;
  getExtension(ref: ExtensionRef): Promise<ObservedExtension | undefined>;
  createExtension(ref: ExtensionRef, body: Extension, options?: OperationOptions): Promise<ObservedExtension>;
  updateExtension(ref: ExtensionRef, patch: PatchExtension, options?: OperationOptions): Promise<ObservedExtension>;
  deleteExtension(ref: ExtensionRef, force: boolean, options?: OperationOptions): Promise<void>;
  /** Waits for an operation another run started to finish, and returns the extension then. */
  waitForExtension(ref: ExtensionRef, options?: OperationOptions): Promise<ObservedExtension | undefined>;
  getCompute(ref: ComputeRef): Promise<ObservedCompute | undefined>;
  listComputes(subscriptionId: string, resourceGroup: string, workspaceName: string): Promise<ObservedCompute[]>;
  attachCompute(ref: ComputeRef, body: ComputeResource, options?: OperationOptions): Promise<ObservedCompute>;
  detachCompute(ref: ComputeRef, options?: OperationOptions): Promise<void>;
  /** Creates (if missing) the Azure Relay an Arc install needs, and returns its connection. */
  ensureRelay(relay: RelayRequirement, options?: OperationOptions): Promise<RelayConnectionInfo>;
  /** Extensions installed on a cluster. */
  listExtensions(cluster: ClusterRef): Promise<ListedExtension[]>;
  /**
   * The workspaces of a subscription the caller can read (Workspaces_ListBySubscription, every
   * page). Throws `AzureError` when the subscription cannot be listed (e.g. 403, 404).
   */
  listWorkspaces(subscriptionId: string): Promise<ListedWorkspace[]>;
  /** The principal (object) ID of a user-assigned identity; undefined when it does not exist. */
  getIdentityPrincipal(identityId: string): Promise<string | undefined>;
  /** A principal's role assignments that apply at, above or below a scope. */
  listRoleAssignments(scope: string, principalId: string): Promise<ObservedRoleAssignment[]>;
  /** Creates a role assignment; one that already exists (same scope, role and principal) is not an error. */
  createRoleAssignment(assignment: RoleAssignmentToCreate, options?: OperationOptions): Promise<void>;
}

/**
 * An Azure call failed; `code` is ARM's error code (`Aborted` when the caller's signal stopped the
 * wait), `status` the HTTP status. The SDK's error is not kept as `cause`: its request may hold
 * protected settings.
 */
export class AzureError extends AmlK8sError {
  override readonly name = 'AzureError';
  readonly status: number | undefined;
  constructor(message: string, code: string, status?: number, options: AmlK8sErrorOptions = {}) {
    super(code, message, options);
    this.status = status;
  }
}

export const TERMINAL_STATES = new Set(['succeeded', 'failed', 'canceled']);
export const isTerminal = (state: string | undefined): boolean => state === undefined || TERMINAL_STATES.has(state.toLowerCase());
