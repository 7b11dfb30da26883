import { WORKSPACE_API_VERSIONS } from './api-versions.ts';
import type { EmulatorContext } from './context.ts';
import { json, nowIso, type ErrorDetail, type Reply } from './http.ts';
import { page } from './paging.ts';
import { newGuid } from './random.ts';
import type { Route } from './router.ts';
import { keyOf, requireCoordinates, type EmulatorState, type WorkspaceRecord } from './state.ts';
import type { WorkspaceFixture } from './types.ts';

export const ML_PROVIDER = 'Microsoft.MachineLearningServices';

export function workspaceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${ML_PROVIDER}/workspaces/${name}`;
}

export function seedWorkspace(state: EmulatorState, f: WorkspaceFixture, now: number): WorkspaceRecord {
  requireCoordinates('workspace', f);
  const id = workspaceId(f.subscriptionId, f.resourceGroup, f.name);
  const previous = state.workspaces.get(keyOf(id));
  const record: WorkspaceRecord = {
    id,
    fixture: { subscriptionId: f.subscriptionId, resourceGroup: f.resourceGroup, name: f.name, location: (f.location ?? 'eastus').toLowerCase() },
    workspaceId: previous?.workspaceId ?? newGuid(),
    principalId: previous?.principalId ?? newGuid(),
    createdAt: previous?.createdAt ?? nowIso(now),
  };
  state.workspaces.set(keyOf(id), record);
  return record;
}

/**
 * Azure ML answers with its own error envelope: a coarse `code` ('UserError', 'SystemError')
 * and the specific reason in `innerError.code`.
 */
export function mlError(status: number, innerCode: string, message: string, extraHeaders?: Record<string, string>): Reply {
  const error: ErrorDetail = { code: status >= 500 ? 'SystemError' : 'UserError', message, innerError: { code: innerCode } };
  return json(status, { error }, extraHeaders);
}

export function workspaceNotFound(rg: string, name: string): Reply {
  return mlError(404, 'NotFoundError', `Workspace '${name}' was not found in resource group '${rg}'.`);
}

export function renderWorkspace(w: WorkspaceRecord, tenantId: string): Record<string, unknown> {
  const f = w.fixture;
  const rgPrefix = `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroup}/providers`;
  const short = f.name.replace(/[^a-zA-Z0-9]/g, '').toLowerCase().slice(0, 16);
  return {
    id: w.id,
    name: f.name,
    type: `${ML_PROVIDER}/workspaces`,
    location: f.location,
    kind: 'Default',
    sku: { name: 'Basic', tier: 'Basic' },
    identity: { type: 'SystemAssigned', principalId: w.principalId, tenantId },
    properties: {
      friendlyName: f.name,
      workspaceId: w.workspaceId,
      provisioningState: 'Succeeded',
      storageAccount: `${rgPrefix}/Microsoft.Storage/storageAccounts/${short}storage`,
      keyVault: `${rgPrefix}/Microsoft.KeyVault/vaults/${short}-kv`,
      applicationInsights: `${rgPrefix}/Microsoft.Insights/components/${short}-ai`,
      discoveryUrl: `https://${f.location}.api.azureml.ms/discovery`,
      mlFlowTrackingUri: `azureml://${f.location}.api.azureml.ms/mlflow/v1.0${w.id}`,
      hbiWorkspace: false,
      publicNetworkAccess: 'Enabled',
      v1LegacyMode: false,
      creationTime: w.createdAt,
    },
  };
}

export const workspaceRoutes: Route<EmulatorContext>[] = [
  {
    // Workspaces_ListBySubscription: paged like the compute list ($skip in nextLink).
    methods: ['GET'],
    pattern: `subscriptions/{sub}/providers/${ML_PROVIDER}/workspaces`,
    resourceType: `${ML_PROVIDER}/workspaces`,
    apiVersions: WORKSPACE_API_VERSIONS,
    handle: (req, p, ctx) => {
      const sub = (p['sub'] as string).toLowerCase();
      const items = [...ctx.state.workspaces.values()]
        .filter((w) => w.fixture.subscriptionId.toLowerCase() === sub)
        .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
        .map((w) => renderWorkspace(w, ctx.config.tenantId));
      return json(200, page(req, items, ctx.config.pageSize, '$skip'));
    },
  },
  {
    methods: ['GET'],
    pattern: `subscriptions/{sub}/resourceGroups/{rg}/providers/${ML_PROVIDER}/workspaces/{ws}`,
    resourceType: `${ML_PROVIDER}/workspaces`,
    apiVersions: WORKSPACE_API_VERSIONS,
    handle: (_req, p, ctx) => {
      const w = ctx.state.workspaces.get(keyOf(workspaceId(p['sub'] as string, p['rg'] as string, p['ws'] as string)));
      return w ? json(200, renderWorkspace(w, ctx.config.tenantId)) : workspaceNotFound(p['rg'] as string, p['ws'] as string);
    },
  },
];
