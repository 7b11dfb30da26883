// Fixtures for the clusters and workspaces that a set of aml-k8s spec documents reference, so the
// emulator can serve them (the demo and end-to-end tests). Takes the parsed YAML as plain data.
import type { ClusterFixture, Fixtures, IdentityFixture, WorkspaceFixture } from './types.ts';

const IDENTITY_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i;

interface SpecLike {
  spec?: {
    cluster?: { type?: string; subscriptionId?: string; resourceGroup?: string; name?: string; distribution?: string };
    extension?: { components?: { prometheusOperator?: boolean } };
    attach?: { workspace?: { subscriptionId?: string; resourceGroup?: string; name?: string }; identity?: { type?: string; ids?: unknown[] } };
  };
}

export function fixturesFromSpecs(docs: readonly unknown[], defaults: Partial<ClusterFixture> = {}): Fixtures {
  const clusters = new Map<string, ClusterFixture>();
  const workspaces = new Map<string, WorkspaceFixture>();
  const identities = new Map<string, IdentityFixture>();
  for (const raw of docs) {
    const c = (raw as SpecLike)?.spec?.cluster;
    if (!c?.subscriptionId || !c.resourceGroup || !c.name || (c.type !== 'aks' && c.type !== 'arc')) continue;
    const key = `${c.subscriptionId}/${c.resourceGroup}/${c.type}/${c.name}`.toLowerCase();
    const reuse = (raw as SpecLike).spec?.extension?.components?.prometheusOperator === false;
    clusters.set(key, {
      nodeCount: 3,
      ...defaults,
      subscriptionId: c.subscriptionId,
      resourceGroup: c.resourceGroup,
      name: c.name,
      type: c.type,
      ...(c.distribution ? { distribution: c.distribution.toLowerCase() } : {}),
      // A spec that reuses an existing Prometheus operator runs on a cluster that has one.
      ...(reuse ? { existingPrometheusOperator: true } : {}),
    });
    const w = (raw as SpecLike).spec?.attach?.workspace;
    if (w?.resourceGroup && w.name) {
      const sub = w.subscriptionId ?? c.subscriptionId;
      workspaces.set(`${sub}/${w.resourceGroup}/${w.name}`.toLowerCase(), { subscriptionId: sub, resourceGroup: w.resourceGroup, name: w.name });
    }
    // The user-assigned identities the computes attach with exist (without any role assignment).
    for (const id of (raw as SpecLike).spec?.attach?.identity?.ids ?? []) {
      const m = typeof id === 'string' ? IDENTITY_ID.exec(id) : null;
      if (m) identities.set(String(id).toLowerCase(), { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! });
    }
  }
  return { clusters: [...clusters.values()], workspaces: [...workspaces.values()], identities: [...identities.values()] };
}
