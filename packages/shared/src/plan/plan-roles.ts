// Before an attach with a user-assigned identity: which of the role assignments Azure requires
// exist, read with the identity's principal, and a `roleAssignment` change for each requirement.
import type { AzureGateway, ObservedRoleAssignment } from '../azure/gateway.ts';
import type { DesiredState } from '../desire/desired-state.ts';
import { attachRoleRequirements, azRoleAssignmentCommand, coversScope, relayNamespaceOf, roleAssignmentName } from '../identity/attach-roles.ts';
import type { RoleRequirement } from '../identity/attach-roles.ts';
import type { Observation } from '../observe/observe.ts';
import type { Change } from './types.ts';

export interface RolePlan {
  changes: Change[];
  notes: string[];
  /** Why the compute cannot be attached at all (the identity does not exist). */
  blocked?: string;
}

const lastSegment = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;

function holds(assignments: readonly ObservedRoleAssignment[], req: RoleRequirement): boolean {
  return assignments.some((a) => a.roleDefinitionId.toLowerCase().endsWith(`/${req.roleDefinitionGuid}`) && coversScope(a.scope, req.scope));
}

function roleChange(req: RoleRequirement, principalId: string | undefined, exists: boolean): Change {
  const name = roleAssignmentName(req.scope, req.roleDefinitionGuid, principalId ?? req.identityId);
  return {
    target: 'roleAssignment',
    action: exists ? 'noop' : 'create',
    id: `${req.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    disruptive: false,
    ...(exists ? {} : { settings: [{ key: 'role', after: req.role }, { key: 'scope', after: req.scope }, { key: 'identity', after: req.identityId }, ...(principalId ? [{ key: 'principalId', after: principalId }] : [])] }),
    reasons: exists ? [] : [`${req.role} for identity ${lastSegment(req.identityId)} on ${lastSegment(req.scope)}: ${req.why}${req.scopeCreatedByApply ? ' (granted once apply has created the Relay)' : ''}`],
    roleAssignment: {
      role: req.role,
      scope: req.scope,
      identityId: req.identityId,
      ...(principalId ? { principalId } : {}),
      command: azRoleAssignmentCommand(req, principalId),
      ...(req.scopeCreatedByApply ? { scopeCreatedByApply: true } : {}),
    },
  };
}

/** The identity and Relay a compute attach involves, when it uses a user-assigned identity. */
function requirementsFor(desired: DesiredState, observation: Observation): RoleRequirement[] {
  const compute = desired.compute;
  const identityId = compute?.body.identity?.type === 'UserAssigned' ? Object.keys(compute.body.identity.userAssignedIdentities ?? {})[0] : undefined;
  if (!compute || !identityId) return [];
  const installed = relayNamespaceOf(observation.extension?.configurationSettings?.['relayserver.hybridConnectionResourceID']);
  const planned = desired.extension.relay ? relayNamespaceOf(desired.extension.relay.hybridConnectionId) : undefined;
  const relayNamespaceId = installed ?? planned;
  return attachRoleRequirements({
    identityId,
    clusterId: desired.extension.clusterId,
    clusterType: desired.extension.clusterRp === 'Microsoft.ContainerService' ? 'aks' : 'arc',
    ...(relayNamespaceId ? { relayNamespaceId } : {}),
    ...(!installed && planned ? { relayCreatedByApply: true } : {}),
  });
}

export async function planAttachRoles(desired: DesiredState, observation: Observation, gateway: AzureGateway, options: { offline?: boolean; createRoleAssignments?: boolean }): Promise<RolePlan> {
  const requirements = requirementsFor(desired, observation);
  if (requirements.length === 0) return { changes: [], notes: [] };
  const identityId = requirements[0]!.identityId;
  const principalId = await gateway.getIdentityPrincipal(identityId);
  if (!principalId) {
    const changes = requirements.map((r) => roleChange(r, undefined, false));
    if (options.offline) return { changes, notes: [] };
    const m = /\/resourceGroups\/([^/]+)\/.*\/([^/]+)$/i.exec(identityId);
    return { changes, notes: [], blocked: `user-assigned identity ${lastSegment(identityId)} was not found (${identityId}); create it (az identity create${m ? ` -g ${m[1]} -n ${m[2]}` : ''}) or fix attach.identity.ids` };
  }
  const scopes = [...new Set(requirements.map((r) => r.scope))];
  const listed = await Promise.all(scopes.map(async (scope) => [scope, await gateway.listRoleAssignments(scope, principalId)] as const));
  const byScope = new Map(listed);
  const changes = requirements.map((r) => roleChange(r, principalId, holds(byScope.get(r.scope) ?? [], r)));
  const missing = changes.filter((c) => c.action === 'create');
  const notes: string[] = [];
  if (missing.length > 0 && !options.createRoleAssignments) {
    notes.push(`The user-assigned identity ${lastSegment(identityId)} lacks ${missing.length} role assignment(s) Azure requires before the attach: apply stops before attaching until they exist. Create them with the az commands shown, or apply with --create-role-assignments (which needs permission to assign roles, e.g. Role Based Access Control Administrator).`);
  }
  return { changes, notes };
}
