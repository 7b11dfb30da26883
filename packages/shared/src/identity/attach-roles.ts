// The role assignments a user-assigned identity needs before Azure ML can attach a cluster with
// it (reference §6): Reader, Kubernetes Extension Contributor and Azure Kubernetes Service Cluster
// Admin Role on the cluster, and on Arc Azure Relay Owner on the extension's Relay namespace.
import { createHash } from 'node:crypto';

/** Built-in role definitions, by their stable public GUIDs. */
export const ATTACH_ROLES = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Kubernetes Extension Contributor': '85cb6faf-e071-4c9b-8136-154b5a04f717',
  'Azure Kubernetes Service Cluster Admin Role': '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
  'Azure Relay Owner': '2787bf04-f1f5-4bfe-8383-c8a24483ee38',
} as const;

export type AttachRole = keyof typeof ATTACH_ROLES;

export interface RoleRequirement {
  role: AttachRole;
  /** GUID of the built-in role definition. */
  roleDefinitionGuid: string;
  /** ARM scope the role is needed on. */
  scope: string;
  /** Resource ID of the user-assigned identity that needs it. */
  identityId: string;
  /** Why Azure needs it, for plan readers. */
  why: string;
  /** True when the scope is created by this apply (the Arc Relay), so it cannot be read yet. */
  scopeCreatedByApply?: boolean;
}

export interface AttachRoleInput {
  identityId: string;
  clusterId: string;
  clusterType: 'aks' | 'arc';
  /** The Relay namespace an Arc extension uses (existing or about to be created). */
  relayNamespaceId?: string;
  relayCreatedByApply?: boolean;
}

export function attachRoleRequirements(input: AttachRoleInput): RoleRequirement[] {
  const on = (role: AttachRole, scope: string, why: string, extra: Partial<RoleRequirement> = {}): RoleRequirement => ({ role, roleDefinitionGuid: ATTACH_ROLES[role], scope, identityId: input.identityId, why, ...extra });
  const out = [
    on('Reader', input.clusterId, 'Azure ML reads the cluster when it attaches it'),
    on('Kubernetes Extension Contributor', input.clusterId, 'Azure ML reads and uses the AzureML extension on the cluster'),
    on('Azure Kubernetes Service Cluster Admin Role', input.clusterId, 'Azure ML deploys jobs and endpoints into the cluster'),
  ];
  if (input.clusterType === 'arc' && input.relayNamespaceId) {
    out.push(on('Azure Relay Owner', input.relayNamespaceId, 'on Arc, Azure ML reaches the cluster through this Azure Relay', input.relayCreatedByApply ? { scopeCreatedByApply: true } : {}));
  }
  return out;
}

/** The Relay namespace of a hybrid connection resource ID. */
export function relayNamespaceOf(hybridConnectionId: string | undefined): string | undefined {
  const m = /^(.*\/providers\/Microsoft\.Relay\/namespaces\/[^/]+)\/hybridConnections\/[^/]+\/?$/i.exec(hybridConnectionId ?? '');
  return m?.[1];
}

/** A stable GUID for one assignment (as Bicep's guid()): re-runs address the same assignment. */
export function roleAssignmentName(scope: string, roleDefinitionGuid: string, principalId: string): string {
  const h = createHash('sha1').update(`aml-k8s|${scope.toLowerCase()}|${roleDefinitionGuid.toLowerCase()}|${principalId.toLowerCase()}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function roleDefinitionId(subscriptionId: string, roleDefinitionGuid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`;
}

export const subscriptionOf = (scope: string): string => /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';

/** True when an assignment at `assignedScope` covers `scope` (the same scope or an ancestor). */
export function coversScope(assignedScope: string, scope: string): boolean {
  const a = assignedScope.toLowerCase().replace(/\/+$/, '');
  const s = scope.toLowerCase().replace(/\/+$/, '');
  return a === '' || a === '/' || s === a || s.startsWith(`${a}/`);
}

const quoteShell = (s: string): string => (/^[A-Za-z0-9_./:-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`);

/** The `az role assignment create` line that grants one requirement. */
export function azRoleAssignmentCommand(req: RoleRequirement, principalId: string | undefined): string {
  const assignee = principalId ?? `$(az identity show --ids ${quoteShell(req.identityId)} --query principalId -o tsv)`;
  return `az role assignment create --assignee-object-id ${principalId ? assignee : `"${assignee}"`} --assignee-principal-type ServicePrincipal --role ${quoteShell(req.role)} --scope ${quoteShell(req.scope)}`;
}
