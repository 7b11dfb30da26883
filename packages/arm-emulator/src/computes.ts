import { COMPUTE_API_VERSIONS } from './api-versions.ts';
import { clusterId, parseClusterId } from './clusters.ts';
import type { EmulatorContext } from './context.ts';
import { isAzureMlExtension } from './extensions.ts';
import { missingAttachRoles } from './authorization.ts';
import { apiVersionOf, isRecord, isReply, json, noContent, nowIso, type ArmRequest, type ErrorDetail, type Reply } from './http.ts';
import { isTerminal, operationUrl, renderOperation, type OperationRecord } from './operations.ts';
import { page } from './paging.ts';
import { newGuid } from './random.ts';
import type { Params, Route } from './router.ts';
import { keyOf, type ComputeIdentity, type ComputeRecord, type ExtensionRecord, type WorkspaceRecord } from './state.ts';
import { ML_PROVIDER, mlError, workspaceId, workspaceNotFound } from './workspaces.ts';

const RESOURCE_TYPE = `${ML_PROVIDER}/workspaces/computes`;
const SECRET_PROPERTIES = new Set(['relayConnectionString', 'serviceBusConnectionString']);
const NAMESPACE_SHAPE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const UNDERLYING_ACTIONS = new Map([
  ['delete', 'Delete'],
  ['detach', 'Detach'],
]);

function badArgument(message: string): Reply {
  return mlError(400, 'BadArgument', message);
}

/** Sorts object keys recursively so that equal documents serialize equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isRecord(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

interface ParsedCompute {
  location?: string;
  tags?: Record<string, string>;
  identity?: { type: string; userAssignedIds: string[] };
  computeLocation?: string;
  description?: string;
  resourceId: string;
  cluster: { subscriptionId: string; resourceGroup: string; kind: 'aks' | 'arc'; name: string };
  kubernetesProperties: Record<string, unknown>;
  secretProperties: Record<string, string>;
  fingerprint: string;
}

function parseIdentity(value: unknown): ParsedCompute['identity'] | Reply | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value['type'] !== 'string') return badArgument('identity.type must be a string.');
  const type = value['type'].replace(/\s+/g, '');
  switch (type.toLowerCase()) {
    case 'none':
      return undefined;
    case 'systemassigned':
      return { type: 'SystemAssigned', userAssignedIds: [] };
    case 'userassigned': {
      const uai = value['userAssignedIdentities'];
      const ids = isRecord(uai) ? Object.keys(uai) : [];
      if (ids.length === 0) return badArgument("identity.userAssignedIdentities must name at least one identity when identity.type is 'UserAssigned'.");
      return { type: 'UserAssigned', userAssignedIds: ids };
    }
    case 'systemassigned,userassigned':
      return badArgument('A Kubernetes compute takes either a system-assigned or a user-assigned identity, not both.');
    default:
      return badArgument(`identity.type '${value['type']}' is not valid; use None, SystemAssigned or UserAssigned.`);
  }
}

function parseCompute(body: unknown): ParsedCompute | Reply {
  if (!isRecord(body) || !isRecord(body['properties'])) return badArgument("The request body must be a JSON object with a 'properties' object.");
  const props = body['properties'];
  const computeType = props['computeType'];
  if (typeof computeType !== 'string' || computeType.toLowerCase() !== 'kubernetes') {
    return badArgument(`properties.computeType '${String(computeType)}' is not supported by the emulator; only 'Kubernetes' is.`);
  }
  const resourceId = props['resourceId'];
  if (typeof resourceId !== 'string' || resourceId.length === 0) return badArgument('properties.resourceId is required: the ARM id of the AKS or Azure Arc-enabled cluster to attach.');
  const cluster = parseClusterId(resourceId);
  if (!cluster) {
    return badArgument(`properties.resourceId '${resourceId}' is not the id of a Microsoft.ContainerService/managedClusters or Microsoft.Kubernetes/connectedClusters resource.`);
  }
  const identity = parseIdentity(body['identity']);
  if (isReply(identity)) return identity;
  const inner = props['properties'] ?? {};
  if (!isRecord(inner)) return badArgument('properties.properties must be an object.');
  const kubernetesProperties: Record<string, unknown> = {};
  const secretProperties: Record<string, string> = {};
  for (const [k, v] of Object.entries(inner)) {
    if (v === undefined || v === null) continue;
    if (SECRET_PROPERTIES.has(k)) {
      if (typeof v !== 'string') return badArgument(`properties.properties.${k} must be a string.`);
      secretProperties[k] = v;
    } else {
      kubernetesProperties[k] = v;
    }
  }
  const namespace = kubernetesProperties['namespace'] ?? 'default';
  if (typeof namespace !== 'string' || namespace.length > 63 || !NAMESPACE_SHAPE.test(namespace)) {
    return badArgument(`properties.properties.namespace '${String(namespace)}' is not a valid Kubernetes namespace name.`);
  }
  kubernetesProperties['namespace'] = namespace;
  const instanceTypes = kubernetesProperties['instanceTypes'];
  if (instanceTypes !== undefined && !isRecord(instanceTypes)) return badArgument('properties.properties.instanceTypes must be an object keyed by instance type name.');
  const defaultInstanceType = kubernetesProperties['defaultInstanceType'];
  if (defaultInstanceType !== undefined && typeof defaultInstanceType !== 'string') return badArgument('properties.properties.defaultInstanceType must be a string.');
  const tags = isRecord(body['tags']) ? (body['tags'] as Record<string, string>) : undefined;
  const description = typeof props['description'] === 'string' ? props['description'] : undefined;
  const fingerprint = JSON.stringify(
    canonical({
      resourceId: resourceId.toLowerCase().replace(/\/+$/, ''),
      namespace,
      defaultInstanceType: defaultInstanceType ?? null,
      instanceTypes: instanceTypes ?? null,
      identity: identity ? { type: identity.type, ids: identity.userAssignedIds.map((i) => i.toLowerCase()).sort() } : null,
      description: description ?? null,
      other: Object.fromEntries(Object.entries(kubernetesProperties).filter(([k]) => !['namespace', 'instanceTypes', 'defaultInstanceType'].includes(k))),
      secrets: secretProperties,
    }),
  );
  return {
    ...(typeof body['location'] === 'string' ? { location: body['location'] } : {}),
    ...(tags ? { tags } : {}),
    ...(identity ? { identity } : {}),
    ...(typeof props['computeLocation'] === 'string' ? { computeLocation: props['computeLocation'] } : {}),
    ...(description !== undefined ? { description } : {}),
    resourceId,
    cluster,
    kubernetesProperties,
    secretProperties,
    fingerprint,
  };
}

function azureMlExtensionOn(ctx: EmulatorContext, clusterKey: string): ExtensionRecord | undefined {
  for (const e of ctx.state.extensions.values()) {
    if (e.clusterKey === clusterKey && isAzureMlExtension(e)) return e;
  }
  return undefined;
}

/**
 * `extensionsByCluster` lets callers rendering many computes (Resource Graph) look the AzureML
 * extensions up once instead of scanning all extensions per compute.
 */
export function renderCompute(c: ComputeRecord, ctx: EmulatorContext, extensionsByCluster?: ReadonlyMap<string, ExtensionRecord>): Record<string, unknown> {
  const clusterKey = keyOf(c.resourceId);
  const ext = extensionsByCluster ? extensionsByCluster.get(clusterKey) : azureMlExtensionOn(ctx, clusterKey);
  const inner: Record<string, unknown> = { ...c.kubernetesProperties };
  if (ext?.identity && inner['extensionPrincipalId'] === undefined) inner['extensionPrincipalId'] = ext.identity.principalId;
  if (ext && inner['extensionInstanceReleaseTrain'] === undefined) inner['extensionInstanceReleaseTrain'] = ext.releaseTrain.toLowerCase();
  return {
    id: c.id,
    name: c.name,
    type: RESOURCE_TYPE,
    location: c.location,
    ...(c.tags ? { tags: c.tags } : {}),
    ...(c.identity ? { identity: c.identity } : {}),
    systemData: c.systemData,
    properties: {
      computeType: 'Kubernetes',
      computeLocation: c.computeLocation,
      description: c.description ?? null,
      resourceId: c.resourceId,
      provisioningState: c.provisioningState,
      provisioningErrors: c.provisioningErrors.length > 0 ? c.provisioningErrors : null,
      isAttachedCompute: true,
      createdOn: c.createdOn,
      modifiedOn: c.modifiedOn,
      disableLocalAuth: false,
      properties: inner,
    },
  };
}

function statusPath(w: WorkspaceRecord, opId: string): string {
  return `/subscriptions/${w.fixture.subscriptionId}/providers/${ML_PROVIDER}/locations/${w.fixture.location}/computeOperationsStatus/${opId}`;
}

function resultPath(w: WorkspaceRecord, opId: string): string {
  return `/subscriptions/${w.fixture.subscriptionId}/providers/${ML_PROVIDER}/locations/${w.fixture.location}/computeOperationsResults/${opId}`;
}

function asyncHeaders(ctx: EmulatorContext, req: ArmRequest, w: WorkspaceRecord, op: OperationRecord, withLocation: boolean): Record<string, string> {
  return {
    'azure-asyncoperation': operationUrl(req.origin, op),
    ...(withLocation ? { location: `${req.origin}${resultPath(w, op.id)}?api-version=${encodeURIComponent(op.apiVersion)}` } : {}),
    'retry-after': String(ctx.config.retryAfterSeconds),
  };
}

function injectedError(action: string): ErrorDetail {
  return { code: 'SystemError', message: `The compute ${action} failed with an internal error (failure injected by the emulator). Retry the operation.`, innerError: { code: 'InternalServerError' } };
}

function startAttach(ctx: EmulatorContext, req: ArmRequest, w: WorkspaceRecord, c: ComputeRecord, problem: ErrorDetail | undefined): OperationRecord {
  const key = keyOf(c.id);
  const op = ctx.state.operations.start(
    {
      kind: 'compute.attach',
      resourceId: c.id,
      statusPath: (opId) => statusPath(w, opId),
      apiVersion: apiVersionOf(req),
      runningStatus: 'InProgress',
      durationMs: ctx.faults.scale(ctx.config.attachTimeMs),
      injectedFailure: ctx.faults.takeOperationFailure(),
    },
    (done) => {
      const current = ctx.state.computes.get(key);
      if (!current || current.pendingOperationId !== done.id) return undefined;
      delete current.pendingOperationId;
      current.modifiedOn = nowIso(done.dueAt);
      const error = done.injectedFailure ? injectedError('attach') : problem;
      if (error) {
        current.provisioningState = 'Failed';
        current.provisioningErrors = [{ error }];
      } else {
        current.provisioningState = 'Succeeded';
        current.provisioningErrors = [];
      }
      return error;
    },
    ctx.now(),
  );
  c.pendingOperationId = op.id;
  return op;
}

/** Why the attach will fail once it runs (Azure checks the extension when it receives the request). */
function extensionProblem(ctx: EmulatorContext, clusterKey: string, resourceId: string): ErrorDetail | undefined {
  const ext = azureMlExtensionOn(ctx, clusterKey);
  if (!ext) {
    return {
      code: 'UserError',
      message: `Cannot attach cluster '${resourceId}': the Azure Machine Learning extension (microsoft.azureml.kubernetes) is not installed on it. Install the extension first, then attach.`,
      innerError: { code: 'BadArgument' },
    };
  }
  if (ext.provisioningState !== 'Succeeded') {
    return {
      code: 'UserError',
      message: `Cannot attach cluster '${resourceId}': its Azure Machine Learning extension '${ext.name}' is in state '${ext.provisioningState}', not 'Succeeded'. Wait for the installation to succeed (or fix it), then attach.`,
      innerError: { code: 'BadArgument' },
    };
  }
  return undefined;
}

function renderIdentity(identity: NonNullable<ParsedCompute['identity']>, ctx: EmulatorContext): ComputeIdentity {
  if (identity.type === 'SystemAssigned') return { type: 'SystemAssigned', principalId: newGuid(), tenantId: ctx.config.tenantId };
  return {
    type: 'UserAssigned',
    userAssignedIdentities: Object.fromEntries(
      identity.userAssignedIds.map((id) => {
        const known = ctx.state.identities.get(keyOf(id));
        return [id, { principalId: known?.principalId ?? newGuid(), clientId: known?.clientId ?? newGuid() }];
      }),
    ),
  };
}

/** A user-assigned identity that does not exist: Azure refuses the attach at once. */
function unknownIdentity(ctx: EmulatorContext, identity: ParsedCompute['identity']): Reply | undefined {
  const missing = (identity?.userAssignedIds ?? []).find((id) => !ctx.state.identities.has(keyOf(id)));
  return missing
    ? badArgument(`The user-assigned identity '${missing}' was not found. Create it (az identity create) or fix the resource ID, then attach again.`)
    : undefined;
}

/** The Relay namespace an Arc extension talks through, from the hybrid connection it was given. */
function relayNamespaceOf(ext: ExtensionRecord | undefined): string | undefined {
  const hc = ext?.configurationSettings['relayserver.hybridConnectionResourceID'];
  return hc ? hc.replace(/\/hybridConnections\/[^/]+\/?$/i, '') : undefined;
}

/** Why an attach with a user-assigned identity fails: the role assignments Azure requires are missing. */
function identityRoleProblem(ctx: EmulatorContext, identity: ParsedCompute['identity'], clusterKey: string, clusterResourceId: string): ErrorDetail | undefined {
  if (!ctx.config.enforceIdentityRoles || identity?.type !== 'UserAssigned') return undefined;
  // Azure uses only the first user-assigned identity.
  const first = identity.userAssignedIds[0];
  const record = first ? ctx.state.identities.get(keyOf(first)) : undefined;
  if (!record) return undefined;
  const missing = missingAttachRoles(ctx.state, record.principalId, clusterResourceId, relayNamespaceOf(azureMlExtensionOn(ctx, clusterKey)));
  if (missing.length === 0) return undefined;
  return {
    code: 'UserError',
    message: `The user-assigned identity '${first}' (principal ${record.principalId}) cannot manage the cluster: it lacks the role assignments ${missing.join(', ')}. Grant them before attaching.`,
    innerError: { code: 'AuthorizationFailed' },
  };
}

function lookupWorkspace(p: Params, ctx: EmulatorContext): WorkspaceRecord | Reply {
  const w = ctx.state.workspaces.get(keyOf(workspaceId(p['sub'] as string, p['rg'] as string, p['ws'] as string)));
  return w ?? workspaceNotFound(p['rg'] as string, p['ws'] as string);
}

function putCompute(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const w = lookupWorkspace(p, ctx);
  if (isReply(w)) return w;
  const parsed = parseCompute(req.body);
  if (isReply(parsed)) return parsed;
  const name = p['name'] as string;
  const id = `${w.id}/computes/${name}`;
  const key = keyOf(id);
  const existing = ctx.state.computes.get(key);
  const running = existing?.pendingOperationId ? ctx.state.operations.get(existing.pendingOperationId) : undefined;

  if (existing) {
    if (existing.fingerprint !== parsed.fingerprint) {
      return mlError(
        409,
        'Conflict',
        `Compute '${name}' already exists with a different configuration. An attached Kubernetes compute cannot be updated in place: detach it (DELETE with underlyingResourceAction=Detach) and attach it again.`,
      );
    }
    if (existing.provisioningState === 'Deleting') {
      return mlError(409, 'Conflict', `Compute '${name}' is being deleted; wait for the deletion to finish before attaching it again.`);
    }
    if (running) return json(200, renderCompute(existing, ctx), asyncHeaders(ctx, req, w, running, false));
    if (existing.provisioningState !== 'Failed') return json(200, renderCompute(existing, ctx));
    // A compute whose attach failed: an identical PUT tries the attach again.
  }

  const cluster = ctx.state.clusters.get(keyOf(clusterId(parsed.cluster.subscriptionId, parsed.cluster.resourceGroup, parsed.cluster.kind, parsed.cluster.name)));
  if (!cluster) {
    return mlError(400, 'NotFoundError', `The cluster '${parsed.resourceId}' referenced by properties.resourceId was not found.`);
  }
  if (cluster.fixture.type === 'aks' && cluster.fixture.subscriptionId.toLowerCase() !== w.fixture.subscriptionId.toLowerCase()) {
    return badArgument(
      `Attaching an AKS cluster from another subscription is not supported (cluster subscription '${cluster.fixture.subscriptionId}', workspace subscription '${w.fixture.subscriptionId}'). Connect the cluster to Azure Arc and attach the Arc-enabled cluster instead.`,
    );
  }
  const identityMissing = unknownIdentity(ctx, parsed.identity);
  if (identityMissing) return identityMissing;
  const problem = extensionProblem(ctx, keyOf(cluster.id), parsed.resourceId) ?? identityRoleProblem(ctx, parsed.identity, keyOf(cluster.id), cluster.id);
  const now = nowIso(ctx.now());
  const caller = req.caller ?? 'unknown';

  if (existing) {
    existing.provisioningState = 'Creating';
    existing.provisioningErrors = [];
    existing.modifiedOn = now;
    const op = startAttach(ctx, req, w, existing, problem);
    return json(200, renderCompute(existing, ctx), asyncHeaders(ctx, req, w, op, false));
  }

  const record: ComputeRecord = {
    id,
    name,
    workspaceKey: keyOf(w.id),
    location: parsed.location ?? w.fixture.location,
    ...(parsed.tags ? { tags: parsed.tags } : {}),
    ...(parsed.identity ? { identity: renderIdentity(parsed.identity, ctx) } : {}),
    computeLocation: parsed.computeLocation ?? w.fixture.location,
    ...(parsed.description !== undefined ? { description: parsed.description } : {}),
    resourceId: parsed.resourceId,
    kubernetesProperties: parsed.kubernetesProperties,
    secretProperties: parsed.secretProperties,
    provisioningState: 'Creating',
    provisioningErrors: [],
    createdOn: now,
    modifiedOn: now,
    systemData: { createdBy: caller, createdByType: 'Application', createdAt: now, lastModifiedBy: caller, lastModifiedByType: 'Application', lastModifiedAt: now },
    fingerprint: parsed.fingerprint,
  };
  ctx.state.computes.set(key, record);
  const op = startAttach(ctx, req, w, record, problem);
  return json(201, renderCompute(record, ctx), asyncHeaders(ctx, req, w, op, false));
}

function deleteCompute(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const w = lookupWorkspace(p, ctx);
  if (isReply(w)) return w;
  const raw = req.query.get('underlyingResourceAction');
  if (!raw) return badArgument("The query parameter 'underlyingResourceAction' is required: use 'Detach' to detach the cluster or 'Delete'.");
  const action = UNDERLYING_ACTIONS.get(raw.toLowerCase());
  if (!action) return badArgument(`underlyingResourceAction '${raw}' is not valid; use 'Delete' or 'Detach'.`);
  const name = p['name'] as string;
  const key = keyOf(`${w.id}/computes/${name}`);
  const existing = ctx.state.computes.get(key);
  if (!existing) return noContent(204);
  const running = existing.pendingOperationId ? ctx.state.operations.get(existing.pendingOperationId) : undefined;
  if (running) {
    if (running.kind === 'compute.delete') return noContent(202, asyncHeaders(ctx, req, w, running, true));
    return mlError(409, 'Conflict', `Compute '${name}' is still being attached; wait for the attach to finish before deleting it.`);
  }
  existing.provisioningState = 'Deleting';
  existing.modifiedOn = nowIso(ctx.now());
  const op = ctx.state.operations.start(
    {
      kind: 'compute.delete',
      resourceId: existing.id,
      statusPath: (opId) => statusPath(w, opId),
      apiVersion: apiVersionOf(req),
      runningStatus: 'InProgress',
      durationMs: ctx.faults.scale(ctx.config.deleteTimeMs),
      injectedFailure: ctx.faults.takeOperationFailure(),
      details: { underlyingResourceAction: action },
    },
    (done) => {
      const current = ctx.state.computes.get(key);
      if (!current || current.pendingOperationId !== done.id) return undefined;
      delete current.pendingOperationId;
      if (done.injectedFailure) {
        const error = injectedError(action === 'Detach' ? 'detach' : 'delete');
        current.provisioningState = 'Failed';
        current.provisioningErrors = [{ error }];
        current.modifiedOn = nowIso(done.dueAt);
        return error;
      }
      // Detach and Delete both only remove the compute: the cluster itself is left alone.
      ctx.state.computes.delete(key);
      return undefined;
    },
    ctx.now(),
  );
  existing.pendingOperationId = op.id;
  return noContent(202, asyncHeaders(ctx, req, w, op, true));
}

function getCompute(p: Params, ctx: EmulatorContext): Reply {
  const w = lookupWorkspace(p, ctx);
  if (isReply(w)) return w;
  const c = ctx.state.computes.get(keyOf(`${w.id}/computes/${p['name']}`));
  return c ? json(200, renderCompute(c, ctx)) : mlError(404, 'NotFoundError', `Compute '${p['name']}' was not found in workspace '${w.fixture.name}'.`);
}

function listComputes(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const w = lookupWorkspace(p, ctx);
  if (isReply(w)) return w;
  const wsKey = keyOf(w.id);
  const items = [...ctx.state.computes.values()]
    .filter((c) => c.workspaceKey === wsKey)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => renderCompute(c, ctx));
  return json(200, page(req, items, ctx.config.pageSize, '$skip'));
}

function findOperation(p: Params, ctx: EmulatorContext): OperationRecord | undefined {
  const op = ctx.state.operations.get(p['opId'] as string);
  return op && op.kind.startsWith('compute.') && keyOf(op.statusPath).includes(`/subscriptions/${(p['sub'] as string).toLowerCase()}/`) ? op : undefined;
}

function getOperationStatus(p: Params, ctx: EmulatorContext): Reply {
  const op = findOperation(p, ctx);
  if (!op) return mlError(404, 'NotFoundError', `Operation '${p['opId']}' was not found.`);
  return json(200, renderOperation(op), isTerminal(op.status) ? undefined : { 'retry-after': String(ctx.config.retryAfterSeconds) });
}

function getOperationResult(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const op = findOperation(p, ctx);
  if (!op) return mlError(404, 'NotFoundError', `Operation '${p['opId']}' was not found.`);
  if (!isTerminal(op.status)) {
    return noContent(202, { location: `${req.origin}${req.path}?${req.query.toString()}`, 'retry-after': String(ctx.config.retryAfterSeconds) });
  }
  if (op.error) return json(op.injectedFailure ? 500 : 400, { error: op.error });
  return noContent(200);
}

const WS = `subscriptions/{sub}/resourceGroups/{rg}/providers/${ML_PROVIDER}/workspaces/{ws}`;
const LOC = `subscriptions/{sub}/providers/${ML_PROVIDER}/locations/{loc}`;

export const computeRoutes: Route<EmulatorContext>[] = [
  { methods: ['GET'], pattern: `${WS}/computes`, resourceType: RESOURCE_TYPE, apiVersions: COMPUTE_API_VERSIONS, handle: listComputes },
  { methods: ['GET'], pattern: `${WS}/computes/{name}`, resourceType: RESOURCE_TYPE, apiVersions: COMPUTE_API_VERSIONS, handle: (_r, p, c) => getCompute(p, c) },
  { methods: ['PUT'], pattern: `${WS}/computes/{name}`, resourceType: RESOURCE_TYPE, apiVersions: COMPUTE_API_VERSIONS, handle: putCompute },
  {
    methods: ['PATCH'],
    pattern: `${WS}/computes/{name}`,
    resourceType: RESOURCE_TYPE,
    apiVersions: COMPUTE_API_VERSIONS,
    handle: () => badArgument('PATCH only updates the scale settings of AmlCompute; a Kubernetes compute cannot be updated. Detach it and attach it again.'),
  },
  { methods: ['DELETE'], pattern: `${WS}/computes/{name}`, resourceType: RESOURCE_TYPE, apiVersions: COMPUTE_API_VERSIONS, handle: deleteCompute },
  {
    methods: ['GET'],
    pattern: `${LOC}/computeOperationsStatus/{opId}`,
    resourceType: `${ML_PROVIDER}/locations/computeOperationsStatus`,
    apiVersions: COMPUTE_API_VERSIONS,
    handle: (_r, p, c) => getOperationStatus(p, c),
  },
  {
    methods: ['GET'],
    pattern: `${LOC}/computeOperationsResults/{opId}`,
    resourceType: `${ML_PROVIDER}/locations/computeOperationsResults`,
    apiVersions: COMPUTE_API_VERSIONS,
    handle: getOperationResult,
  },
];
