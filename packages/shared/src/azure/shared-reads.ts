// Planning reads shared across the computes of one run. A fleet puts many computes in few
// workspaces: their location is read once per workspace, and where two or more computes of the spec
// set go to one workspace, that workspace's computes are listed once (paged) instead of read one by
// one. Each listed compute answers one `getCompute`; a second read of it (e.g. planning again after
// waiting for an earlier operation) goes to Azure, so nothing is served staler than the plan.
import type { AzureGateway, ComputeRef, ObservedCompute } from './gateway.ts';
import { refKey } from './targets.ts';

type WorkspaceKey = string;

const workspaceKey = (subscriptionId: string, resourceGroup: string, workspaceName: string): WorkspaceKey => `${subscriptionId}/${resourceGroup}/${workspaceName}`.toLowerCase();

/** Caches a promise per key; a rejected one is dropped, so the next caller asks Azure again. */
function memo<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = read();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Marks a gateway that shares planning reads already. */
const SHARED = Symbol('aml-k8s.sharedPlanningReads');

/**
 * `gateway` with planning reads shared between the computes in `computes` (the spec set's compute
 * references). Writes and every other read go to `gateway` unchanged. A gateway that shares its
 * planning reads already is returned as it is: sharing twice would serve a compute's second read
 * from the listing too.
 */
export function withSharedPlanningReads(gateway: AzureGateway, computes: readonly ComputeRef[]): AzureGateway {
  if ((gateway as unknown as Record<symbol, unknown>)[SHARED] === true) return gateway;
  const perWorkspace = new Map<WorkspaceKey, number>();
  for (const c of computes) {
    const key = workspaceKey(c.subscriptionId, c.resourceGroup, c.workspaceName);
    perWorkspace.set(key, (perWorkspace.get(key) ?? 0) + 1);
  }
  const locations = new Map<WorkspaceKey, Promise<string | undefined>>();
  const listings = new Map<WorkspaceKey, Promise<Map<string, ObservedCompute>>>();
  const listComputes = (subscriptionId: string, resourceGroup: string, workspaceName: string): Promise<Map<string, ObservedCompute>> =>
    memo(listings, workspaceKey(subscriptionId, resourceGroup, workspaceName), async () => {
      const listed = await gateway.listComputes(subscriptionId, resourceGroup, workspaceName);
      return new Map(listed.map((c) => [c.id.split('/').pop()!.toLowerCase(), c]));
    });
  const served = new Set<string>();

  const shared: Pick<AzureGateway, 'getWorkspaceLocation' | 'getCompute' | 'listComputes'> = {
    getWorkspaceLocation: (subscriptionId, resourceGroup, workspaceName) =>
      memo(locations, workspaceKey(subscriptionId, resourceGroup, workspaceName), () => gateway.getWorkspaceLocation(subscriptionId, resourceGroup, workspaceName)),
    async getCompute(ref) {
      const key = refKey(ref);
      if ((perWorkspace.get(workspaceKey(ref.subscriptionId, ref.resourceGroup, ref.workspaceName)) ?? 0) < 2 || served.has(key)) return gateway.getCompute(ref);
      served.add(key);
      let listing: Map<string, ObservedCompute>;
      try {
        listing = await listComputes(ref.subscriptionId, ref.resourceGroup, ref.workspaceName);
      } catch {
        return gateway.getCompute(ref);
      }
      return listing.get(ref.name.toLowerCase());
    },
    async listComputes(subscriptionId, resourceGroup, workspaceName) {
      return [...(await listComputes(subscriptionId, resourceGroup, workspaceName)).values()];
    },
  };
  return new Proxy(gateway, {
    get(target, property) {
      if (property === SHARED) return true;
      if (property in shared) return shared[property as keyof typeof shared];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
