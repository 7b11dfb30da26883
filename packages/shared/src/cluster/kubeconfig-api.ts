// KubernetesApi on @kubernetes/client-node, from a kubeconfig. Each cluster of the specs uses the
// context named after it (as `az aks get-credentials` names it), or the one context given.
// The client is loaded only when a kubeconfig is given: commands without one never pay for it.
// Its modules are imported one by one: the package index pulls in every generated API client
// (three times the bundle for nothing aml-k8s calls).
import type { KubernetesObject } from '../desire/desired-state.ts';
import type { ClusterCoordinates } from '../model/resource-ids.ts';
import { objectLabel } from './cluster-objects.ts';
import { KubernetesApiError } from './kubernetes-api.ts';
import type { KubernetesApi, KubernetesApiFor } from './kubernetes-api.ts';

export const FIELD_MANAGER = 'aml-k8s';

export interface KubeconfigOptions {
  /** One context to use for every cluster (the specs must then use a single cluster). */
  context?: string;
}

/** The context for a cluster: the one given, else the one named after the cluster. */
export function contextFor(contexts: readonly string[], cluster: ClusterCoordinates, where: string, explicit?: string): string {
  if (explicit) return explicit;
  const candidates = [cluster.name, `${cluster.name}-${cluster.resourceGroup}`];
  const found = candidates.find((c) => contexts.includes(c)) ?? contexts.find((c) => candidates.some((k) => k.toLowerCase() === c.toLowerCase()));
  if (found) return found;
  const credentials = cluster.type === 'aks' ? `az aks get-credentials --resource-group ${cluster.resourceGroup} --name ${cluster.name}` : `az connectedk8s proxy --resource-group ${cluster.resourceGroup} --name ${cluster.name}`;
  throw new KubernetesApiError('kubernetes-not-configured', `${where} has no context for cluster ${cluster.name} (contexts: ${contexts.join(', ') || 'none'}). Add one named ${cluster.name} (${credentials}), or name the context with --kube-context.`);
}

/** The message the API server sent with a failed call. */
function apiError(err: unknown, what: string): KubernetesApiError {
  const e = err as { code?: number; body?: unknown; message?: string };
  let body: { message?: string; reason?: string } | undefined;
  if (typeof e?.body === 'string') {
    try {
      body = JSON.parse(e.body) as { message?: string; reason?: string };
    } catch {
      body = { message: e.body };
    }
  } else if (e?.body && typeof e.body === 'object') {
    body = e.body as { message?: string; reason?: string };
  }
  const status = typeof e?.code === 'number' ? e.code : undefined;
  return new KubernetesApiError('kubernetes-call-failed', `${what}: ${body?.message ?? e?.message ?? String(err)}`, status, body?.reason);
}

export async function kubernetesApiFromKubeconfig(source: { file: string } | { text: string; name?: string }, options: KubeconfigOptions = {}): Promise<KubernetesApiFor> {
  const [{ KubeConfig }, { KubernetesObjectApi }, { PatchStrategy }] = await Promise.all([
    import('@kubernetes/client-node/dist/config.js'),
    import('@kubernetes/client-node/dist/object.js'),
    import('@kubernetes/client-node/dist/patch.js'),
  ]);
  const where = 'file' in source ? source.file : (source.name ?? 'the kubeconfig');
  const base = new KubeConfig();
  try {
    if ('file' in source) base.loadFromFile(source.file);
    else base.loadFromString(source.text);
  } catch (err) {
    throw new KubernetesApiError('kubernetes-not-configured', `${where} is not a readable kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
  }
  const contexts = base.getContexts().map((c) => c.name);
  if (options.context && !contexts.includes(options.context)) throw new KubernetesApiError('kubernetes-not-configured', `${where} has no context "${options.context}" (contexts: ${contexts.join(', ') || 'none'}).`);
  const apis = new Map<string, KubernetesApi>();
  const clusters = new Set<string>();
  return async (cluster) => {
    const key = [cluster.subscriptionId, cluster.resourceGroup, cluster.type, cluster.name].join('/').toLowerCase();
    clusters.add(key);
    if (options.context && clusters.size > 1) throw new KubernetesApiError('kubernetes-not-configured', `--kube-context ${options.context} names one cluster, but the specs use several; leave it out and give each cluster a context named after it.`);
    const known = apis.get(key);
    if (known) return known;
    const context = contextFor(contexts, cluster, where, options.context);
    const kc = new KubeConfig();
    kc.loadFromString(base.exportConfig());
    kc.setCurrentContext(context);
    const client = KubernetesObjectApi.makeApiClient(kc);
    const header = (o: KubernetesObject) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata?.name ?? '', ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}) } });
    const api: KubernetesApi = {
      describe: `context ${context} of ${where}`,
      read: async (o) => {
        try {
          return (await client.read(header(o))) as KubernetesObject;
        } catch (err) {
          if ((err as { code?: number })?.code === 404) return undefined;
          throw apiError(err, `reading ${objectLabel(o)} (${context})`);
        }
      },
      apply: async (o) => {
        try {
          return (await client.patch(o as Parameters<typeof client.patch>[0], undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply)) as KubernetesObject;
        } catch (err) {
          throw apiError(err, `applying ${objectLabel(o)} (${context})`);
        }
      },
    };
    apis.set(key, api);
    return api;
  };
}
