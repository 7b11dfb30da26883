import type { ErrorDetail } from './http.ts';
import type { KubeStore } from './kube-store.ts';
import { OperationStore } from './operations.ts';
import type { ClusterFixture, RecordedRequest, WorkspaceFixture } from './types.ts';

/** Every resource the emulator holds. Maps are keyed by lower-cased ARM id (ARM ids are case-insensitive). */

export type NormalizedCluster = Required<Omit<ClusterFixture, 'tags' | 'authorizedIpRanges'>> & {
  tags: Record<string, string>;
  authorizedIpRanges: string[];
};

export interface ClusterRecord {
  readonly id: string;
  readonly fixture: NormalizedCluster;
  /** Object id of the cluster's managed identity (or service principal). */
  readonly principalId: string;
  /** Client id of the user-assigned identity or service principal. */
  readonly identityClientId: string;
  readonly createdAt: string;
}

export interface WorkspaceRecord {
  readonly id: string;
  readonly fixture: Required<WorkspaceFixture>;
  readonly workspaceId: string;
  readonly principalId: string;
  readonly createdAt: string;
}

export interface SystemData {
  createdBy: string;
  createdByType: 'Application';
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: 'Application';
  lastModifiedAt: string;
}

export interface ExtensionStatus {
  code: string;
  displayStatus: string;
  level: 'Error' | 'Warning' | 'Information';
  message: string;
  time: string;
}

export type ExtensionScope = { cluster: { releaseNamespace: string } } | { namespace: { targetNamespace: string } };

export interface ExtensionRecord {
  id: string;
  name: string;
  clusterKey: string;
  extensionType: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  version?: string;
  scope: ExtensionScope;
  configurationSettings: Record<string, string>;
  configurationProtectedSettings: Record<string, string>;
  identity?: { type: 'SystemAssigned'; principalId: string; tenantId: string };
  aksAssignedIdentity?: { type: string; principalId: string; tenantId: string };
  provisioningState: string;
  statuses: ExtensionStatus[];
  errorInfo?: ErrorDetail;
  currentVersion?: string;
  systemData: SystemData;
  pendingOperationId?: string;
}

export interface ComputeIdentity {
  type: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId: string; clientId: string }>;
}

export interface ComputeRecord {
  id: string;
  name: string;
  workspaceKey: string;
  location: string;
  tags?: Record<string, string>;
  identity?: ComputeIdentity;
  computeLocation: string;
  description?: string;
  resourceId: string;
  /** `properties.properties` as accepted, secrets removed. */
  kubernetesProperties: Record<string, unknown>;
  /** Secret inner properties, kept for admin inspection only. */
  secretProperties: Record<string, string>;
  provisioningState: string;
  provisioningErrors: Array<{ error: ErrorDetail }>;
  createdOn: string;
  modifiedOn: string;
  systemData: SystemData;
  /** Canonical form of what the client asked for: equal fingerprints = identical re-PUT. */
  fingerprint: string;
  pendingOperationId?: string;
}

export interface RelayNamespaceRecord {
  id: string;
  name: string;
  location: string;
  sku: { name: string; tier: string };
  tags: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Epoch ms at which the namespace becomes Active (provisioningState Succeeded). */
  activeAt: number;
}

export interface HybridConnectionRecord {
  id: string;
  name: string;
  namespaceKey: string;
  requiresClientAuthorization: boolean;
  userMetadata?: string;
  createdAt: string;
  updatedAt: string;
}

export interface RelayRuleRecord {
  id: string;
  name: string;
  parentKey: string;
  rights: string[];
  primaryKey: string;
  secondaryKey: string;
}

export interface RoleAssignmentRecord {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  description?: string;
  createdOn: string;
  updatedOn: string;
  createdBy: string;
}

export interface IdentityRecord {
  id: string;
  name: string;
  location: string;
  /** Object id of the identity's service principal: what role assignments name. */
  principalId: string;
  clientId: string;
  createdAt: string;
}

export interface TokenRecord {
  clientId: string;
  tenantId: string;
  audience: string;
  grant: 'client_secret' | 'client_assertion';
  issuedAt: number;
  expiresAt: number;
}

export class EmulatorState {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly extensions = new Map<string, ExtensionRecord>();
  readonly computes = new Map<string, ComputeRecord>();
  readonly operations = new OperationStore();
  readonly relayNamespaces = new Map<string, RelayNamespaceRecord>();
  readonly hybridConnections = new Map<string, HybridConnectionRecord>();
  readonly relayRules = new Map<string, RelayRuleRecord>();
  readonly roleAssignments = new Map<string, RoleAssignmentRecord>();
  readonly identities = new Map<string, IdentityRecord>();
  /** Kubernetes objects per cluster (keyed by the cluster's lower-cased ARM id). */
  readonly kubernetes = new Map<string, KubeStore>();
  /** Keyed by the opaque token itself. */
  readonly tokens = new Map<string, TokenRecord>();
  tokensIssued = 0;
  readonly requests: RecordedRequest[] = [];

  /** Forgets every resource (fixtures included) and every recorded request. */
  clearAll(): void {
    this.clusters.clear();
    this.workspaces.clear();
    this.extensions.clear();
    this.computes.clear();
    this.operations.clear();
    this.relayNamespaces.clear();
    this.hybridConnections.clear();
    this.relayRules.clear();
    this.roleAssignments.clear();
    this.identities.clear();
    this.kubernetes.clear();
    this.tokens.clear();
    this.tokensIssued = 0;
    this.requests.length = 0;
  }
}

/** A seeded resource names its subscription, resource group and name: refuse a fixture that does not. */
export function requireCoordinates(kind: string, f: { subscriptionId?: unknown; resourceGroup?: unknown; name?: unknown }): void {
  for (const field of ['subscriptionId', 'resourceGroup', 'name'] as const) {
    const value = f[field];
    if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${kind} fixture needs a non-empty '${field}'`);
  }
}

export function keyOf(id: string): string {
  return id.toLowerCase();
}
