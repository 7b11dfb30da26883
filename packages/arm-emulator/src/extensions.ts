import { EXTENSION_API_VERSIONS } from './api-versions.ts';
import { clusterId, clusterKindOf } from './clusters.ts';
import type { EmulatorContext } from './context.ts';
import { apiVersionOf, armError, isRecord, isReply, json, noContent, nowIso, type ArmRequest, type ErrorDetail, type Reply } from './http.ts';
import { failureStatuses, findInstallFailure, installFailureError } from './install-failures.ts';
import { ensureNamespace } from './kube-store.ts';
import { operationUrl, renderOperation, type OperationRecord } from './operations.ts';
import { page } from './paging.ts';
import { newGuid } from './random.ts';
import type { Params, Route } from './router.ts';
import { keyOf, type ClusterRecord, type ExtensionRecord, type ExtensionScope } from './state.ts';

export const KC_PROVIDER = 'Microsoft.KubernetesConfiguration';
export const AZUREML_EXTENSION_TYPE = 'microsoft.azureml.kubernetes';
const RESOURCE_TYPE = `${KC_PROVIDER}/extensions`;
const AZUREML_NAMESPACE = 'azureml';

const CURRENT_VERSIONS: Record<string, string> = { stable: '1.1.96', preview: '1.1.97-preview' };

export function isAzureMlExtension(e: Pick<ExtensionRecord, 'extensionType'>): boolean {
  return e.extensionType.toLowerCase() === AZUREML_EXTENSION_TYPE;
}

function badRequest(message: string): Reply {
  return armError(400, 'BadRequest', message);
}

function invalidContent(message: string): Reply {
  return armError(400, 'InvalidRequestContent', message);
}

function conflict(e: ExtensionRecord, op: OperationRecord | undefined): Reply {
  const what = op ? `An operation (${op.kind.replace('extension.', '')}, id ${op.id})` : 'An operation';
  return armError(409, 'Conflict', `${what} is still in progress on extension '${e.name}'. Wait for it to finish, then retry.`);
}

/** Reads a settings map: every value must be a string (Azure stores map<string,string>). */
function settingsMap(value: unknown, field: string): Record<string, string> | Reply {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return invalidContent(`properties.${field} must be an object of string values.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      return invalidContent(`properties.${field}['${k}'] must be a string; got ${v === null ? 'null' : typeof v}. Every configuration setting value is a string (write booleans as "true"/"false").`);
    }
    out[k] = v;
  }
  return out;
}

function scopeOf(value: unknown, extensionType: string, name: string): ExtensionScope | Reply {
  const azureMl = extensionType.toLowerCase() === AZUREML_EXTENSION_TYPE;
  if (value === undefined || value === null) {
    return { cluster: { releaseNamespace: azureMl ? AZUREML_NAMESPACE : name } };
  }
  if (!isRecord(value)) return invalidContent('properties.scope must be an object.');
  const cluster = value['cluster'];
  const namespace = value['namespace'];
  if (cluster && namespace) return badRequest("properties.scope must hold either 'cluster' or 'namespace', not both.");
  if (namespace) {
    if (azureMl) return badRequest(`Extension type '${extensionType}' can only be installed with cluster scope.`);
    const target = isRecord(namespace) && typeof namespace['targetNamespace'] === 'string' ? namespace['targetNamespace'] : name;
    return { namespace: { targetNamespace: target } };
  }
  const requested = isRecord(cluster) && typeof cluster['releaseNamespace'] === 'string' ? cluster['releaseNamespace'] : undefined;
  // The AzureML extension always lands in 'azureml', whatever the client asked for.
  return { cluster: { releaseNamespace: azureMl ? AZUREML_NAMESPACE : (requested ?? name) } };
}

function sameScope(a: ExtensionScope, b: ExtensionScope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function versionRule(autoUpgrade: boolean, version: string | undefined): Reply | undefined {
  return version !== undefined && autoUpgrade
    ? badRequest('A specific version can only be set when autoUpgradeMinorVersion is false. Set autoUpgradeMinorVersion to false or remove version.')
    : undefined;
}

interface ClusterTarget {
  cluster: ClusterRecord;
  extensionsPrefix: string;
}

function resolveCluster(p: Params, ctx: EmulatorContext, action: string): ClusterTarget | Reply {
  const kind = clusterKindOf(p['rp'] as string, p['rt'] as string);
  const parentPath = `/subscriptions/${p['sub']}/resourceGroups/${p['rg']}/providers/${p['rp']}/${p['rt']}/${p['cluster']}`;
  const parentMissing = armError(
    404,
    'ParentResourceNotFound',
    `Cannot ${action} extensions: the parent resource '${parentPath}' was not found.`,
  );
  if (!kind) return parentMissing;
  const cluster = ctx.state.clusters.get(keyOf(clusterId(p['sub'] as string, p['rg'] as string, kind, p['cluster'] as string)));
  if (!cluster) return parentMissing;
  return { cluster, extensionsPrefix: `${cluster.id}/providers/${KC_PROVIDER}/extensions` };
}

function notFound(name: string): Reply {
  return armError(404, 'ResourceNotFound', `The extension '${name}' was not found.`);
}

export function renderExtension(e: ExtensionRecord): Record<string, unknown> {
  // configurationProtectedSettings is a secret: ARM never returns it, not even its keys.
  return {
    id: e.id,
    name: e.name,
    type: RESOURCE_TYPE,
    ...(e.identity ? { identity: e.identity } : {}),
    systemData: e.systemData,
    properties: {
      extensionType: e.extensionType,
      autoUpgradeMinorVersion: e.autoUpgradeMinorVersion,
      releaseTrain: e.releaseTrain,
      version: e.version ?? null,
      scope: e.scope,
      configurationSettings: e.configurationSettings,
      provisioningState: e.provisioningState,
      statuses: e.statuses,
      ...(e.errorInfo ? { errorInfo: e.errorInfo } : {}),
      ...(e.currentVersion ? { currentVersion: e.currentVersion } : {}),
      ...(e.aksAssignedIdentity ? { aksAssignedIdentity: e.aksAssignedIdentity } : {}),
      customLocationSettings: null,
      packageUri: null,
      isSystemExtension: false,
    },
  };
}

function injectedError(): ErrorDetail {
  return {
    code: 'ExtensionOperationFailed',
    message: 'The extension operation failed with the following error: Helm installation failed: timed out waiting for the condition (failure injected by the emulator).',
  };
}

function asyncHeaders(ctx: EmulatorContext, req: ArmRequest, op: OperationRecord, timeout: string): Record<string, string> {
  const url = operationUrl(req.origin, op);
  return {
    'azure-asyncoperation': url,
    'operation-location': url,
    'retry-after': String(ctx.config.retryAfterSeconds),
    'x-ms-async-operation-timeout': timeout,
  };
}

/** Starts an install or update; its outcome is decided when it completes. */
function startInstall(ctx: EmulatorContext, e: ExtensionRecord, kind: 'extension.install' | 'extension.update', apiVersion: string): OperationRecord {
  const key = keyOf(e.id);
  const op = ctx.state.operations.start(
    {
      kind,
      resourceId: e.id,
      statusPath: (opId) => `${e.id}/operations/${opId}`,
      apiVersion,
      runningStatus: kind === 'extension.install' ? 'Creating' : 'Updating',
      durationMs: ctx.faults.scale(ctx.config.installTimeMs),
      injectedFailure: ctx.faults.takeOperationFailure(),
    },
    (done) => {
      const current = ctx.state.extensions.get(key);
      if (!current || current.pendingOperationId !== done.id) return undefined;
      delete current.pendingOperationId;
      const time = nowIso(done.dueAt);
      const cluster = ctx.state.clusters.get(current.clusterKey);
      let error: ErrorDetail | undefined;
      if (done.injectedFailure) {
        error = injectedError();
      } else if (!cluster) {
        error = { code: 'ExtensionOperationFailed', message: 'The cluster is no longer reachable.' };
      } else if (isAzureMlExtension(current)) {
        const failure = findInstallFailure({
          cluster: cluster.fixture,
          settings: current.configurationSettings,
          protectedSettings: current.configurationProtectedSettings,
          extensionName: current.name,
        });
        if (failure) error = installFailureError(failure);
      }
      if (error) {
        current.provisioningState = 'Failed';
        current.errorInfo = error;
        current.statuses = failureStatuses(error, time);
      } else {
        current.provisioningState = 'Succeeded';
        delete current.errorInfo;
        current.statuses = [];
        // The release namespace (and, for AzureML, the InstanceType CRD) now exist in the cluster.
        if (cluster) ensureNamespace(ctx.state.kubernetes, current.clusterKey, 'cluster' in current.scope ? current.scope.cluster.releaseNamespace : current.scope.namespace.targetNamespace, done.dueAt);
        current.currentVersion = current.version ?? CURRENT_VERSIONS[current.releaseTrain.toLowerCase()] ?? CURRENT_VERSIONS['stable'];
      }
      return error;
    },
    ctx.now(),
  );
  e.pendingOperationId = op.id;
  return op;
}

function pendingOp(ctx: EmulatorContext, e: ExtensionRecord): OperationRecord | undefined {
  return e.pendingOperationId ? ctx.state.operations.get(e.pendingOperationId) : undefined;
}

type ParsedPut = Pick<ExtensionRecord, 'extensionType' | 'autoUpgradeMinorVersion' | 'releaseTrain' | 'version' | 'scope' | 'configurationSettings' | 'configurationProtectedSettings'> & {
  wantsIdentity: boolean;
  aksAssignedIdentityType?: string;
};

function parsePut(body: unknown, name: string): ParsedPut | Reply {
  if (!isRecord(body) || !isRecord(body['properties'])) return invalidContent("The request body must be a JSON object with a 'properties' object.");
  const props = body['properties'];
  const extensionType = props['extensionType'];
  if (typeof extensionType !== 'string' || extensionType.length === 0) return badRequest('properties.extensionType is required.');
  const autoUpgrade = props['autoUpgradeMinorVersion'];
  if (autoUpgrade !== undefined && autoUpgrade !== null && typeof autoUpgrade !== 'boolean') return invalidContent('properties.autoUpgradeMinorVersion must be a boolean.');
  for (const field of ['releaseTrain', 'version'] as const) {
    const v = props[field];
    if (v !== undefined && v !== null && typeof v !== 'string') return invalidContent(`properties.${field} must be a string.`);
  }
  const settings = settingsMap(props['configurationSettings'], 'configurationSettings');
  if (isReply(settings)) return settings;
  const protectedSettings = settingsMap(props['configurationProtectedSettings'], 'configurationProtectedSettings');
  if (isReply(protectedSettings)) return protectedSettings;
  const scope = scopeOf(props['scope'], extensionType, name);
  if (isReply(scope)) return scope;
  const identity = body['identity'];
  if (identity !== undefined && identity !== null) {
    if (!isRecord(identity) || identity['type'] !== 'SystemAssigned') return badRequest("identity.type must be 'SystemAssigned'.");
  }
  const aks = props['aksAssignedIdentity'];
  const autoUpgradeMinorVersion = typeof autoUpgrade === 'boolean' ? autoUpgrade : true;
  const version = typeof props['version'] === 'string' ? props['version'] : undefined;
  const rule = versionRule(autoUpgradeMinorVersion, version);
  if (rule) return rule;
  return {
    extensionType,
    autoUpgradeMinorVersion,
    releaseTrain: typeof props['releaseTrain'] === 'string' && props['releaseTrain'] ? props['releaseTrain'] : 'Stable',
    ...(version !== undefined ? { version } : {}),
    scope,
    configurationSettings: settings,
    configurationProtectedSettings: protectedSettings,
    wantsIdentity: isRecord(identity),
    ...(isRecord(aks) && typeof aks['type'] === 'string' ? { aksAssignedIdentityType: aks['type'] } : {}),
  };
}

function putExtension(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const target = resolveCluster(p, ctx, 'create or update');
  if (isReply(target)) return target;
  const name = p['name'] as string;
  const parsed = parsePut(req.body, name);
  if (isReply(parsed)) return parsed;
  const id = `${target.extensionsPrefix}/${name}`;
  const key = keyOf(id);
  const existing = ctx.state.extensions.get(key);
  const apiVersion = apiVersionOf(req);
  const now = nowIso(ctx.now());
  const caller = req.caller ?? 'unknown';
  const tenantId = ctx.config.tenantId;
  if (existing) {
    const running = pendingOp(ctx, existing);
    if (running) return conflict(existing, running);
    if (existing.extensionType.toLowerCase() !== parsed.extensionType.toLowerCase()) {
      return badRequest(`extensionType cannot be changed from '${existing.extensionType}' to '${parsed.extensionType}'. Delete the extension and create it again.`);
    }
    if (!sameScope(existing.scope, parsed.scope)) {
      return badRequest('The scope of an extension cannot be changed. Delete the extension and create it again.');
    }
    existing.autoUpgradeMinorVersion = parsed.autoUpgradeMinorVersion;
    existing.releaseTrain = parsed.releaseTrain;
    if (parsed.version !== undefined) existing.version = parsed.version;
    else delete existing.version;
    existing.configurationSettings = parsed.configurationSettings;
    existing.configurationProtectedSettings = parsed.configurationProtectedSettings;
    existing.provisioningState = 'Updating';
    existing.statuses = [];
    delete existing.errorInfo;
    existing.systemData.lastModifiedBy = caller;
    existing.systemData.lastModifiedAt = now;
    const op = startInstall(ctx, existing, 'extension.update', apiVersion);
    return json(200, renderExtension(existing), asyncHeaders(ctx, req, op, 'PT48H'));
  }
  const record: ExtensionRecord = {
    id,
    name,
    clusterKey: keyOf(target.cluster.id),
    extensionType: parsed.extensionType,
    autoUpgradeMinorVersion: parsed.autoUpgradeMinorVersion,
    releaseTrain: parsed.releaseTrain,
    ...(parsed.version !== undefined ? { version: parsed.version } : {}),
    scope: parsed.scope,
    configurationSettings: parsed.configurationSettings,
    configurationProtectedSettings: parsed.configurationProtectedSettings,
    // Arc extensions always get a system-assigned identity; on AKS only when asked for.
    ...(target.cluster.fixture.type === 'arc' || parsed.wantsIdentity
      ? { identity: { type: 'SystemAssigned' as const, principalId: newGuid(), tenantId } }
      : {}),
    ...(parsed.aksAssignedIdentityType && target.cluster.fixture.type === 'aks'
      ? { aksAssignedIdentity: { type: parsed.aksAssignedIdentityType, principalId: newGuid(), tenantId } }
      : {}),
    provisioningState: 'Creating',
    statuses: [],
    systemData: { createdBy: caller, createdByType: 'Application', createdAt: now, lastModifiedBy: caller, lastModifiedByType: 'Application', lastModifiedAt: now },
  };
  ctx.state.extensions.set(key, record);
  const op = startInstall(ctx, record, 'extension.install', apiVersion);
  return json(201, renderExtension(record), asyncHeaders(ctx, req, op, 'PT48H'));
}

const PATCHABLE = new Set(['autoUpgradeMinorVersion', 'autoUpgradeMode', 'releaseTrain', 'version', 'configurationSettings', 'configurationProtectedSettings']);

function patchExtension(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const target = resolveCluster(p, ctx, 'update');
  if (isReply(target)) return target;
  const name = p['name'] as string;
  const existing = ctx.state.extensions.get(keyOf(`${target.extensionsPrefix}/${name}`));
  if (!existing) return notFound(name);
  const running = pendingOp(ctx, existing);
  if (running) return conflict(existing, running);
  if (!isRecord(req.body)) return invalidContent('The request body must be a JSON object.');
  const props = req.body['properties'] ?? {};
  if (!isRecord(props)) return invalidContent('properties must be an object.');
  const type = props['extensionType'];
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== existing.extensionType.toLowerCase())) {
    return badRequest('extensionType cannot be changed with PATCH. Delete the extension and create it again.');
  }
  if (props['scope'] !== undefined) {
    const scope = scopeOf(props['scope'], existing.extensionType, existing.name);
    if (isReply(scope) || !sameScope(scope, existing.scope)) {
      return badRequest('The scope of an extension cannot be changed with PATCH. Delete the extension and create it again.');
    }
  }
  for (const k of Object.keys(props)) {
    if (!PATCHABLE.has(k) && k !== 'extensionType' && k !== 'scope') return badRequest(`properties.${k} cannot be updated with PATCH.`);
  }
  const autoUpgrade = props['autoUpgradeMinorVersion'];
  if (autoUpgrade !== undefined && autoUpgrade !== null && typeof autoUpgrade !== 'boolean') return invalidContent('properties.autoUpgradeMinorVersion must be a boolean.');
  for (const field of ['releaseTrain', 'version'] as const) {
    const v = props[field];
    if (v !== undefined && v !== null && typeof v !== 'string') return invalidContent(`properties.${field} must be a string.`);
  }
  const sentSettings = settingsMap(props['configurationSettings'], 'configurationSettings');
  if (isReply(sentSettings)) return sentSettings;
  const protectedSent = props['configurationProtectedSettings'] !== undefined && props['configurationProtectedSettings'] !== null;
  const sentProtected = settingsMap(props['configurationProtectedSettings'], 'configurationProtectedSettings');
  if (isReply(sentProtected)) return sentProtected;

  const nextAutoUpgrade = typeof autoUpgrade === 'boolean' ? autoUpgrade : existing.autoUpgradeMinorVersion;
  // version: a string sets it, an explicit null clears it, absence keeps it.
  const nextVersion = 'version' in props ? (typeof props['version'] === 'string' ? props['version'] : undefined) : existing.version;
  const rule = versionRule(nextAutoUpgrade, nextVersion);
  if (rule) return rule;
  const nextTrain = typeof props['releaseTrain'] === 'string' && props['releaseTrain'] ? props['releaseTrain'] : existing.releaseTrain;
  const nextSettings = { ...existing.configurationSettings, ...sentSettings };

  const unchanged =
    !protectedSent &&
    nextAutoUpgrade === existing.autoUpgradeMinorVersion &&
    nextVersion === existing.version &&
    nextTrain === existing.releaseTrain &&
    JSON.stringify(nextSettings) === JSON.stringify(existing.configurationSettings);
  if (unchanged) return json(200, renderExtension(existing));

  existing.autoUpgradeMinorVersion = nextAutoUpgrade;
  if (nextVersion !== undefined) existing.version = nextVersion;
  else delete existing.version;
  existing.releaseTrain = nextTrain;
  existing.configurationSettings = nextSettings;
  if (protectedSent) existing.configurationProtectedSettings = sentProtected;
  existing.provisioningState = 'Updating';
  existing.statuses = [];
  delete existing.errorInfo;
  existing.systemData.lastModifiedBy = req.caller ?? 'unknown';
  existing.systemData.lastModifiedAt = nowIso(ctx.now());
  const op = startInstall(ctx, existing, 'extension.update', apiVersionOf(req));
  return json(202, renderExtension(existing), asyncHeaders(ctx, req, op, 'PT48H'));
}

function deleteExtension(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const target = resolveCluster(p, ctx, 'delete');
  if (isReply(target)) return target;
  const name = p['name'] as string;
  const key = keyOf(`${target.extensionsPrefix}/${name}`);
  const existing = ctx.state.extensions.get(key);
  if (!existing) return noContent(204);
  if (req.query.get('forceDelete')?.toLowerCase() === 'true') {
    // Force delete drops the ARM resource at once, even mid-operation.
    if (existing.pendingOperationId) ctx.state.operations.cancel(existing.pendingOperationId, ctx.now());
    ctx.state.extensions.delete(key);
    return noContent(200);
  }
  const running = pendingOp(ctx, existing);
  if (running) return conflict(existing, running);
  existing.provisioningState = 'Deleting';
  existing.statuses = [];
  delete existing.errorInfo;
  const op = ctx.state.operations.start(
    {
      kind: 'extension.delete',
      resourceId: existing.id,
      statusPath: (opId) => `${existing.id}/operations/${opId}`,
      apiVersion: apiVersionOf(req),
      runningStatus: 'Deleting',
      durationMs: ctx.faults.scale(ctx.config.deleteTimeMs),
      injectedFailure: ctx.faults.takeExtensionDeleteFailure() || ctx.faults.takeOperationFailure(),
    },
    (done) => {
      const current = ctx.state.extensions.get(key);
      if (!current || current.pendingOperationId !== done.id) return undefined;
      delete current.pendingOperationId;
      if (done.injectedFailure) {
        const error: ErrorDetail = {
          code: 'ExtensionOperationFailed',
          message: 'The extension operation failed with the following error: Helm uninstall failed: timed out waiting for the condition (failure injected by the emulator).',
        };
        current.provisioningState = 'Failed';
        current.errorInfo = error;
        current.statuses = failureStatuses(error, nowIso(done.dueAt));
        return error;
      }
      ctx.state.extensions.delete(key);
      return undefined;
    },
    ctx.now(),
  );
  existing.pendingOperationId = op.id;
  return noContent(202, asyncHeaders(ctx, req, op, 'PT1H'));
}

function getExtension(p: Params, ctx: EmulatorContext): Reply {
  const target = resolveCluster(p, ctx, 'read');
  if (isReply(target)) return target;
  const e = ctx.state.extensions.get(keyOf(`${target.extensionsPrefix}/${p['name']}`));
  return e ? json(200, renderExtension(e)) : notFound(p['name'] as string);
}

function listExtensions(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const target = resolveCluster(p, ctx, 'list');
  if (isReply(target)) return target;
  const clusterKey = keyOf(target.cluster.id);
  const items = [...ctx.state.extensions.values()]
    .filter((e) => e.clusterKey === clusterKey)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(renderExtension);
  return json(200, page(req, items, ctx.config.pageSize, '$skipToken'));
}

function getOperation(p: Params, ctx: EmulatorContext): Reply {
  const target = resolveCluster(p, ctx, 'read');
  if (isReply(target)) return target;
  const op = ctx.state.operations.get(p['opId'] as string);
  const extensionId = keyOf(`${target.extensionsPrefix}/${p['name']}`);
  if (!op || keyOf(op.resourceId) !== extensionId) {
    return armError(404, 'ResourceNotFound', `The operation '${p['opId']}' was not found for extension '${p['name']}'.`);
  }
  const running = op.status !== 'Succeeded' && op.status !== 'Failed' && op.status !== 'Canceled';
  return json(200, renderOperation(op), running ? { 'retry-after': String(ctx.config.retryAfterSeconds) } : undefined);
}

const BASE = `subscriptions/{sub}/resourceGroups/{rg}/providers/{rp}/{rt}/{cluster}/providers/${KC_PROVIDER}/extensions`;

export const extensionRoutes: Route<EmulatorContext>[] = [
  { methods: ['GET'], pattern: BASE, resourceType: RESOURCE_TYPE, apiVersions: EXTENSION_API_VERSIONS, handle: listExtensions },
  { methods: ['GET'], pattern: `${BASE}/{name}`, resourceType: RESOURCE_TYPE, apiVersions: EXTENSION_API_VERSIONS, handle: (_r, p, c) => getExtension(p, c) },
  { methods: ['PUT'], pattern: `${BASE}/{name}`, resourceType: RESOURCE_TYPE, apiVersions: EXTENSION_API_VERSIONS, handle: putExtension },
  { methods: ['PATCH'], pattern: `${BASE}/{name}`, resourceType: RESOURCE_TYPE, apiVersions: EXTENSION_API_VERSIONS, handle: patchExtension },
  { methods: ['DELETE'], pattern: `${BASE}/{name}`, resourceType: RESOURCE_TYPE, apiVersions: EXTENSION_API_VERSIONS, handle: deleteExtension },
  {
    methods: ['GET'],
    pattern: `${BASE}/{name}/operations/{opId}`,
    resourceType: `${RESOURCE_TYPE}/operations`,
    apiVersions: EXTENSION_API_VERSIONS,
    handle: (_r, p, c) => getOperation(p, c),
  },
];
