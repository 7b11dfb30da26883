import { AUTHORIZATION_API_VERSIONS } from './api-versions.ts';
import type { EmulatorContext } from './context.ts';
import { armError, isRecord, json, noContent, nowIso, type ArmRequest, type Reply } from './http.ts';
import type { Params, Route } from './router.ts';
import { keyOf, type EmulatorState, type RoleAssignmentRecord } from './state.ts';

/**
 * Role assignments at any scope and the built-in role definitions aml-k8s grants. Assignments
 * are stored and listed; they are not enforced (every valid token may call every route).
 *
 * An assignment may name any well-formed role definition ID (`/subscriptions/{s}/providers/
 * Microsoft.Authorization/roleDefinitions/{guid}`, or the tenant form `/providers/...` Azure itself
 * returns): Azure has hundreds of built-in roles and any number of custom ones, and the emulator
 * describes only the five aml-k8s grants (GET roleDefinitions). Its principal is checked against the
 * directory as Entra ID replicates it: see principalNotFound.
 */

interface BuiltInRole {
  readonly name: string;
  readonly description: string;
  readonly actions: readonly string[];
}

/** Built-in roles by their (stable, public) definition GUID. */
export const BUILT_IN_ROLES: ReadonlyMap<string, BuiltInRole> = new Map([
  ['acdd72a7-3385-48ef-bd42-f606fba81ae7', { name: 'Reader', description: 'View all resources, but does not allow you to make any changes.', actions: ['*/read'] }],
  ['b24988ac-6180-42a0-ab88-20f7382dd24c', { name: 'Contributor', description: 'Grants full access to manage all resources, but does not allow you to assign roles.', actions: ['*'] }],
  ['2787bf04-f1f5-4bfe-8383-c8a24483ee38', { name: 'Azure Relay Owner', description: 'Allows for full access to Azure Relay resources.', actions: ['Microsoft.Relay/*'] }],
  [
    '85cb6faf-e071-4c9b-8136-154b5a04f717',
    { name: 'Kubernetes Extension Contributor', description: 'Can create, update, get, list and delete Kubernetes extensions.', actions: ['Microsoft.KubernetesConfiguration/extensions/*'] },
  ],
  [
    '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
    {
      name: 'Azure Kubernetes Service Cluster Admin Role',
      description: 'List cluster admin credential action.',
      actions: ['Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action', 'Microsoft.ContainerService/managedClusters/read'],
    },
  ],
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROVIDER = 'providers/Microsoft.Authorization';
const ROLE_DEFINITION_ID = /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Entra ID replication: a user-assigned identity created less than principalReplicationDelayMs ago
 * is not yet known to the directory ARM asks, and Azure answers 400 PrincipalNotFound with this
 * wording (as quoted in Azure/HubAndSpokeResearchEnclave#50 and Azure/avdaccelerator#99; the
 * principal printed as 32 hex digits as in Azure/aks-engine#2280). Stating principalType makes ARM
 * skip that lookup (Azure's documented mitigation, the error's own advice), unless the emulator is
 * told otherwise (principalTypeSkipsLookup: false). Principals the emulator does not hold are not
 * checked: it cannot know every object of the directory.
 */
function principalNotFound(ctx: EmulatorContext, principalId: string, principalTypeGiven: boolean): Reply | undefined {
  const delay = ctx.config.principalReplicationDelayMs;
  if (delay <= 0 || (principalTypeGiven && ctx.config.principalTypeSkipsLookup)) return undefined;
  const wanted = principalId.toLowerCase();
  const identity = [...ctx.state.identities.values()].find((i) => i.principalId.toLowerCase() === wanted);
  if (!identity || ctx.now() >= Date.parse(identity.createdAt) + delay) return undefined;
  return armError(
    400,
    'PrincipalNotFound',
    `Principal ${wanted.replace(/-/g, '')} does not exist in the directory ${ctx.config.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  );
}

function definitionId(scope: string, guid: string): string {
  return `${scope}/${PROVIDER}/roleDefinitions/${guid}`;
}

function renderDefinition(scope: string, guid: string, role: BuiltInRole): Record<string, unknown> {
  return {
    id: definitionId(scope, guid),
    name: guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.name,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [{ actions: role.actions, notActions: [], dataActions: [], notDataActions: [] }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-01-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

function renderAssignment(a: RoleAssignmentRecord): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope || '/',
      ...(a.description !== undefined ? { description: a.description } : {}),
      condition: null,
      conditionVersion: null,
      createdOn: a.createdOn,
      updatedOn: a.updatedOn,
      createdBy: a.createdBy,
      updatedBy: a.createdBy,
      delegatedManagedIdentityResourceId: null,
    },
  };
}

/** True when `outer` is `inner` or one of its ancestors (ARM scopes are path prefixes). */
export function contains(outer: string, inner: string): boolean {
  const o = outer.toLowerCase();
  const i = inner.toLowerCase();
  return o === '' || i === o || i.startsWith(`${o}/`);
}

export const ROLE_IDS = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  extensionContributor: '85cb6faf-e071-4c9b-8136-154b5a04f717',
  aksClusterAdmin: '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
  relayOwner: '2787bf04-f1f5-4bfe-8383-c8a24483ee38',
} as const;

/** Whether `principalId` holds the role (by definition GUID) at `scope` or above it. */
export function hasRole(state: EmulatorState, principalId: string, roleGuid: string, scope: string): boolean {
  for (const a of state.roleAssignments.values()) {
    if (a.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
    if ((a.roleDefinitionId.split('/').pop() ?? '').toLowerCase() !== roleGuid) continue;
    if (contains(a.scope, scope)) return true;
  }
  return false;
}

/**
 * The role assignments a user-assigned identity lacks to attach a cluster, as Azure documents
 * them: Reader, Kubernetes Extension Contributor and Azure Kubernetes Service Cluster Admin Role
 * on the cluster; on Arc also Azure Relay Owner on the extension's Relay namespace.
 */
export function missingAttachRoles(state: EmulatorState, principalId: string, clusterScope: string, relayNamespaceScope: string | undefined): string[] {
  const needed: [string, string][] = [
    [ROLE_IDS.reader, clusterScope],
    [ROLE_IDS.extensionContributor, clusterScope],
    [ROLE_IDS.aksClusterAdmin, clusterScope],
    ...(relayNamespaceScope ? [[ROLE_IDS.relayOwner, relayNamespaceScope] as [string, string]] : []),
  ];
  return needed.filter(([role, scope]) => !hasRole(state, principalId, role, scope)).map(([role, scope]) => `'${BUILT_IN_ROLES.get(role)!.name}' on ${scope}`);
}

/** ARM scopes are the root, a management group, or below a subscription. */
function invalidScope(scope: string): Reply | undefined {
  return scope === '' || /^\/subscriptions\/[^/]+/i.test(scope) || /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+/i.test(scope)
    ? undefined
    : armError(400, 'InvalidScope', `The scope '${scope}' is not valid: use /subscriptions/{id}[/resourceGroups/{name}[/providers/...]] or a management group.`);
}

function putAssignment(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const scope = p['scope'] ?? '';
  const badScope = invalidScope(scope);
  if (badScope) return badScope;
  const name = p['name'] as string;
  if (!GUID.test(name)) return armError(400, 'InvalidRoleAssignmentId', `The role assignment name '${name}' is not valid: it must be a GUID.`);
  const props = isRecord(req.body) && isRecord(req.body['properties']) ? req.body['properties'] : undefined;
  const roleDefinitionId = props?.['roleDefinitionId'];
  const principalId = props?.['principalId'];
  if (typeof roleDefinitionId !== 'string' || typeof principalId !== 'string') {
    return armError(400, 'InvalidRequestContent', 'properties.roleDefinitionId and properties.principalId are required.');
  }
  const definition = ROLE_DEFINITION_ID.exec(roleDefinitionId);
  // Code and wording assumed (not observed): Azure refuses an ID that is not a role definition ID.
  if (!definition) return armError(400, 'InvalidRoleDefinitionId', `The role definition ID '${roleDefinitionId}' is not valid.`);
  const guid = definition[1] as string;
  if (!GUID.test(principalId)) return armError(400, 'InvalidPrincipalId', `The principal id '${principalId}' is not a valid GUID.`);
  const givenType = typeof props?.['principalType'] === 'string' ? props['principalType'] : undefined;
  const unreplicated = principalNotFound(ctx, principalId, givenType !== undefined);
  if (unreplicated) return unreplicated;
  const principalType = givenType ?? 'ServicePrincipal';
  const id = `${scope}/${PROVIDER}/roleAssignments/${name}`;
  const key = keyOf(id);
  const existing = ctx.state.roleAssignments.get(key);
  const roleKey = guid.toLowerCase();
  if (existing) {
    const same = existing.principalId.toLowerCase() === principalId.toLowerCase() && (existing.roleDefinitionId.split('/').pop() ?? '').toLowerCase() === roleKey;
    return same
      ? json(200, renderAssignment(existing))
      : armError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
  }
  for (const other of ctx.state.roleAssignments.values()) {
    if (
      other.scope.toLowerCase() === scope.toLowerCase() &&
      other.principalId.toLowerCase() === principalId.toLowerCase() &&
      (other.roleDefinitionId.split('/').pop() ?? '').toLowerCase() === roleKey
    ) {
      return armError(409, 'RoleAssignmentExists', `The role assignment already exists (id ${other.name}).`);
    }
  }
  const now = nowIso(ctx.now());
  const record: RoleAssignmentRecord = {
    id,
    name,
    scope,
    roleDefinitionId,
    principalId,
    principalType,
    ...(typeof props?.['description'] === 'string' ? { description: props['description'] } : {}),
    createdOn: now,
    updatedOn: now,
    createdBy: req.caller ?? 'unknown',
  };
  ctx.state.roleAssignments.set(key, record);
  return json(201, renderAssignment(record));
}

function listAssignments(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const scope = p['scope'] ?? '';
  const badScope = invalidScope(scope);
  if (badScope) return badScope;
  const filter = req.query.get('$filter')?.trim() ?? '';
  let atScope = false;
  let principal: string | undefined;
  for (const clause of filter ? filter.split(/\s+and\s+/i) : []) {
    const m = /^(?:principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))$/i.exec(clause.trim());
    if (/^atScope\(\)$/i.test(clause.trim())) atScope = true;
    else if (m) principal = (m[1] ?? m[2] ?? '').toLowerCase();
    else return armError(400, 'InvalidFilter', `The filter '${clause}' is not supported. Supported: atScope(), principalId eq '<id>', assignedTo('<id>').`);
  }
  const value = [...ctx.state.roleAssignments.values()]
    .filter((a) => contains(a.scope, scope) || (!atScope && contains(scope, a.scope)))
    .filter((a) => principal === undefined || a.principalId.toLowerCase() === principal)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(renderAssignment);
  return json(200, { value });
}

function listDefinitions(req: ArmRequest, p: Params): Reply {
  const scope = p['scope'] ?? '';
  const filter = req.query.get('$filter')?.trim() ?? '';
  let wanted: string | undefined;
  if (filter) {
    const m = /^roleName\s+eq\s+'([^']+)'$/i.exec(filter);
    if (!m) return armError(400, 'InvalidFilter', `The filter '${filter}' is not supported. Supported: roleName eq '<name>'.`);
    wanted = (m[1] as string).toLowerCase();
  }
  const value = [...BUILT_IN_ROLES]
    .filter(([, role]) => wanted === undefined || role.name.toLowerCase() === wanted)
    .map(([guid, role]) => renderDefinition(scope, guid, role));
  return json(200, { value });
}

const ASSIGNMENTS = `{*scope}/${PROVIDER}/roleAssignments`;
const DEFINITIONS = `{*scope}/${PROVIDER}/roleDefinitions`;

function route(methods: string[], pattern: string, resourceType: string, handle: Route<EmulatorContext>['handle']): Route<EmulatorContext> {
  return { methods, pattern, resourceType: `Microsoft.Authorization/${resourceType}`, apiVersions: AUTHORIZATION_API_VERSIONS, handle };
}

export const authorizationRoutes: Route<EmulatorContext>[] = [
  route(['GET'], ASSIGNMENTS, 'roleAssignments', listAssignments),
  route(['PUT'], `${ASSIGNMENTS}/{name}`, 'roleAssignments', putAssignment),
  route(['GET'], `${ASSIGNMENTS}/{name}`, 'roleAssignments', (_r, p, ctx) => {
    const a = ctx.state.roleAssignments.get(keyOf(`${p['scope'] ?? ''}/${PROVIDER}/roleAssignments/${p['name']}`));
    return a ? json(200, renderAssignment(a)) : armError(404, 'RoleAssignmentNotFound', `The role assignment '${p['name']}' is not found.`);
  }),
  route(['DELETE'], `${ASSIGNMENTS}/{name}`, 'roleAssignments', (_r, p, ctx) => {
    const key = keyOf(`${p['scope'] ?? ''}/${PROVIDER}/roleAssignments/${p['name']}`);
    const a = ctx.state.roleAssignments.get(key);
    if (!a) return noContent(204);
    ctx.state.roleAssignments.delete(key);
    return json(200, renderAssignment(a));
  }),
  route(['GET'], DEFINITIONS, 'roleDefinitions', (req, p) => listDefinitions(req, p)),
  route(['GET'], `${DEFINITIONS}/{id}`, 'roleDefinitions', (_r, p) => {
    const guid = (p['id'] as string).toLowerCase();
    const role = BUILT_IN_ROLES.get(guid);
    return role
      ? json(200, renderDefinition(p['scope'] ?? '', guid, role))
      : armError(404, 'RoleDefinitionDoesNotExist', `The role definition '${p['id']}' does not exist.`);
  }),
];
