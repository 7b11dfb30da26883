import { CLUSTER_API_VERSIONS } from './api-versions.ts';
import type { EmulatorContext } from './context.ts';
import { armError, json, nowIso, type Reply } from './http.ts';
import { newGuid } from './random.ts';
import type { Route } from './router.ts';
import { keyOf, requireCoordinates, type ClusterRecord, type EmulatorState, type NormalizedCluster } from './state.ts';
import type { ClusterFixture } from './types.ts';

export const AKS_PROVIDER = 'Microsoft.ContainerService';
export const AKS_TYPE = 'managedClusters';
export const ARC_PROVIDER = 'Microsoft.Kubernetes';
export const ARC_TYPE = 'connectedClusters';

export function clusterId(subscriptionId: string, resourceGroup: string, type: 'aks' | 'arc', name: string): string {
  const [rp, rt] = type === 'aks' ? [AKS_PROVIDER, AKS_TYPE] : [ARC_PROVIDER, ARC_TYPE];
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${rp}/${rt}/${name}`;
}

/** Maps `{clusterRp}/{clusterResourceName}` of an extension path to a cluster kind. */
export function clusterKindOf(rp: string, resourceType: string): 'aks' | 'arc' | undefined {
  const k = `${rp}/${resourceType}`.toLowerCase();
  if (k === `${AKS_PROVIDER}/${AKS_TYPE}`.toLowerCase()) return 'aks';
  if (k === `${ARC_PROVIDER}/${ARC_TYPE}`.toLowerCase()) return 'arc';
  return undefined;
}

const CLUSTER_ID_SHAPE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i;

/** Parses a cluster ARM id (AKS or Arc) into its parts; undefined when it is not one. */
export function parseClusterId(id: string): { subscriptionId: string; resourceGroup: string; kind: 'aks' | 'arc'; name: string } | undefined {
  const m = CLUSTER_ID_SHAPE.exec(id.trim());
  if (!m) return undefined;
  const kind = clusterKindOf(m[3] as string, m[4] as string);
  if (!kind) return undefined;
  return { subscriptionId: m[1] as string, resourceGroup: m[2] as string, kind, name: m[5] as string };
}

export function normalizeCluster(f: ClusterFixture): NormalizedCluster {
  requireCoordinates('cluster', f);
  if (f.type !== 'aks' && f.type !== 'arc') throw new TypeError(`cluster fixture '${f.name}': type must be 'aks' or 'arc'`);
  const nodeCount = f.nodeCount ?? 3;
  if (!Number.isInteger(nodeCount) || nodeCount < 0) throw new TypeError(`cluster fixture '${f.name}': nodeCount must be a non-negative integer`);
  return {
    subscriptionId: f.subscriptionId,
    resourceGroup: f.resourceGroup,
    name: f.name,
    type: f.type,
    location: (f.location ?? 'eastus').toLowerCase(),
    nodeCount,
    distribution: f.distribution ?? (f.type === 'aks' ? 'AKS' : 'generic'),
    infrastructure: f.infrastructure ?? (f.type === 'aks' ? 'azure' : 'generic'),
    kubernetesVersion: f.kubernetesVersion ?? '1.30.6',
    identityType: f.identityType ?? 'SystemAssigned',
    localAccountsDisabled: f.localAccountsDisabled ?? false,
    authorizedIpRanges: [...(f.authorizedIpRanges ?? [])],
    loadBalancerSupported: f.loadBalancerSupported ?? true,
    existingNvidiaDevicePlugin: f.existingNvidiaDevicePlugin ?? false,
    existingPrometheusOperator: f.existingPrometheusOperator ?? false,
    tags: { ...(f.tags ?? {}) },
  };
}

/** Adds or replaces a cluster fixture. Identities stay stable when the same cluster is seeded again. */
export function seedCluster(state: EmulatorState, fixture: ClusterFixture, now: number): ClusterRecord {
  const normalized = normalizeCluster(fixture);
  const id = clusterId(normalized.subscriptionId, normalized.resourceGroup, normalized.type, normalized.name);
  const previous = state.clusters.get(keyOf(id));
  const record: ClusterRecord = {
    id,
    fixture: normalized,
    principalId: previous?.principalId ?? newGuid(),
    identityClientId: previous?.identityClientId ?? newGuid(),
    createdAt: previous?.createdAt ?? nowIso(now),
  };
  state.clusters.set(keyOf(id), record);
  return record;
}

function renderManagedCluster(c: ClusterRecord, tenantId: string): Record<string, unknown> {
  const f = c.fixture;
  const dnsPrefix = `${f.name}-dns`.toLowerCase();
  const identity =
    f.identityType === 'SystemAssigned'
      ? { type: 'SystemAssigned', principalId: c.principalId, tenantId }
      : f.identityType === 'UserAssigned'
        ? {
            type: 'UserAssigned',
            userAssignedIdentities: {
              [`/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${f.name}-identity`]:
                { principalId: c.principalId, clientId: c.identityClientId },
            },
          }
        : undefined;
  return {
    id: c.id,
    name: f.name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    location: f.location,
    tags: f.tags,
    sku: { name: 'Base', tier: 'Free' },
    ...(identity ? { identity } : {}),
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: f.kubernetesVersion,
      currentKubernetesVersion: f.kubernetesVersion,
      dnsPrefix,
      fqdn: `${dnsPrefix}.hcp.${f.location}.azmk8s.io`,
      agentPoolProfiles: [
        {
          name: 'nodepool1',
          count: f.nodeCount,
          vmSize: 'Standard_D4s_v3',
          osType: 'Linux',
          osSKU: 'Ubuntu',
          mode: 'System',
          type: 'VirtualMachineScaleSets',
          orchestratorVersion: f.kubernetesVersion,
          currentOrchestratorVersion: f.kubernetesVersion,
          provisioningState: 'Succeeded',
          powerState: { code: 'Running' },
        },
      ],
      // Managed-identity clusters report the literal "msi" here; SP clusters their SP client id.
      servicePrincipalProfile: { clientId: f.identityType === 'ServicePrincipal' ? c.identityClientId : 'msi' },
      nodeResourceGroup: `MC_${f.resourceGroup}_${f.name}_${f.location}`,
      enableRBAC: true,
      disableLocalAccounts: f.localAccountsDisabled,
      ...(f.authorizedIpRanges.length > 0 ? { apiServerAccessProfile: { authorizedIPRanges: f.authorizedIpRanges } } : {}),
      networkProfile: {
        networkPlugin: 'azure',
        loadBalancerSku: 'standard',
        outboundType: f.loadBalancerSupported ? 'loadBalancer' : 'userDefinedRouting',
      },
    },
  };
}

function renderConnectedCluster(c: ClusterRecord, tenantId: string): Record<string, unknown> {
  const f = c.fixture;
  return {
    id: c.id,
    name: f.name,
    type: 'Microsoft.Kubernetes/connectedClusters',
    location: f.location,
    tags: f.tags,
    identity: { type: 'SystemAssigned', principalId: c.principalId, tenantId },
    properties: {
      provisioningState: 'Succeeded',
      connectivityStatus: 'Connected',
      kubernetesVersion: f.kubernetesVersion,
      totalNodeCount: f.nodeCount,
      totalCoreCount: f.nodeCount * 4,
      agentVersion: '1.21.10',
      distribution: f.distribution,
      infrastructure: f.infrastructure,
      lastConnectivityTime: c.createdAt,
    },
  };
}

export function renderCluster(c: ClusterRecord, tenantId: string): Record<string, unknown> {
  return c.fixture.type === 'aks' ? renderManagedCluster(c, tenantId) : renderConnectedCluster(c, tenantId);
}

function getCluster(kind: 'aks' | 'arc', p: Readonly<Record<string, string>>, ctx: EmulatorContext): Reply {
  const id = clusterId(p['sub'] as string, p['rg'] as string, kind, p['name'] as string);
  const c = ctx.state.clusters.get(keyOf(id));
  if (!c) {
    const type = kind === 'aks' ? `${AKS_PROVIDER}/${AKS_TYPE}` : `${ARC_PROVIDER}/${ARC_TYPE}`;
    return armError(404, 'ResourceNotFound', `The Resource '${type}/${p['name']}' under resource group '${p['rg']}' was not found.`);
  }
  return json(200, renderCluster(c, ctx.config.tenantId));
}

export const clusterRoutes: Route<EmulatorContext>[] = [
  {
    methods: ['GET'],
    pattern: `subscriptions/{sub}/resourceGroups/{rg}/providers/${AKS_PROVIDER}/${AKS_TYPE}/{name}`,
    resourceType: `${AKS_PROVIDER}/${AKS_TYPE}`,
    apiVersions: CLUSTER_API_VERSIONS,
    handle: (_req, p, ctx) => getCluster('aks', p, ctx),
  },
  {
    methods: ['GET'],
    pattern: `subscriptions/{sub}/resourceGroups/{rg}/providers/${ARC_PROVIDER}/${ARC_TYPE}/{name}`,
    resourceType: `${ARC_PROVIDER}/${ARC_TYPE}`,
    apiVersions: CLUSTER_API_VERSIONS,
    handle: (_req, p, ctx) => getCluster('arc', p, ctx),
  },
];
