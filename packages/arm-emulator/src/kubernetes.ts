import { clusterId } from './clusters.ts';
import type { EmulatorContext } from './context.ts';
import { isAzureMlExtension } from './extensions.ts';
import { isRecord, json, type Reply } from './http.ts';
import { kubeStore, latestResourceVersion, objectKey, stamp, type KubeObject, type KubeStore } from './kube-store.ts';
import { keyOf, type ClusterRecord, type EmulatorState } from './state.ts';

/**
 * A small Kubernetes API server per emulated cluster, for the objects aml-k8s applies through a
 * kubeconfig: namespaces, persistent volumes and claims, secrets, and (once the AzureML extension
 * is installed, which brings their CRD) instance types. It serves discovery, get, list (label
 * selectors), create, replace, merge and server-side-apply patches and delete, and enforces what
 * the real API server enforces for these objects (namespaces must exist, claim specs are
 * immutable, names are DNS subdomains). Reached at `/kubernetes<cluster ARM id>/...` with the
 * bearer token of `kubeconfig()`.
 */

export const KUBE_PREFIX = '/kubernetes';
const INSTANCE_TYPE_GROUP = 'amlarc.azureml.com';
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];

interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Served only while the AzureML extension (which installs the CRD) is on the cluster. */
  fromExtension?: boolean;
}

const RESOURCES: readonly ResourceType[] = [
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', plural: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false },
  { group: '', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: INSTANCE_TYPE_GROUP, version: 'v1alpha1', plural: 'instancetypes', kind: 'InstanceType', namespaced: false, fromExtension: true },
];

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Reply {
  return json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

const notFound = (r: ResourceType, name: string): Reply => status(404, 'NotFound', `${r.plural}${r.group ? `.${r.group}` : ''} "${name}" not found`, { name, kind: r.plural });

function invalid(r: ResourceType, name: string, cause: string): Reply {
  return status(422, 'Invalid', `${r.kind} "${name}" is invalid: ${cause}`, { name, kind: r.kind });
}

function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function served(ctx: EmulatorContext, clusterKey: string): ResourceType[] {
  const extension = [...ctx.state.extensions.values()].some((e) => e.clusterKey === clusterKey && isAzureMlExtension(e) && e.provisioningState !== 'Creating' && e.provisioningState !== 'Deleting');
  return RESOURCES.filter((r) => !r.fromExtension || extension);
}

function discovery(resources: ResourceType[], group: string, version: string): Reply | undefined {
  const list = resources.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return undefined;
  return json(200, {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: list.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: VERBS })),
  });
}

/** Derived status, as controllers would report it: claims bind to their reserved volume or their class. */
function withStatus(store: KubeStore, obj: KubeObject): KubeObject {
  const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
  if (obj.kind === 'PersistentVolumeClaim') {
    const volumeName = spec['volumeName'];
    const pv = typeof volumeName === 'string' ? store.objects.get(objectKey('persistentvolumes', undefined, volumeName)) : undefined;
    const ref = ((pv?.['spec'] as Record<string, unknown> | undefined)?.['claimRef'] ?? {}) as Record<string, unknown>;
    const bound = pv ? ref['name'] === obj.metadata.name && ref['namespace'] === obj.metadata.namespace : typeof spec['storageClassName'] === 'string' && spec['storageClassName'] !== '';
    return { ...obj, status: { phase: bound ? 'Bound' : 'Pending', ...(bound ? { accessModes: spec['accessModes'], capacity: (spec['resources'] as Record<string, unknown> | undefined)?.['requests'] } : {}) } };
  }
  if (obj.kind === 'PersistentVolume') {
    const ref = (spec['claimRef'] ?? {}) as Record<string, unknown>;
    const claimed = typeof ref['name'] === 'string' && store.objects.has(objectKey('persistentvolumeclaims', String(ref['namespace'] ?? ''), ref['name']));
    return { ...obj, status: { phase: claimed ? 'Bound' : 'Available' } };
  }
  if (obj.kind === 'Namespace') return { ...obj, status: { phase: 'Active' } };
  return obj;
}

/** Deep merge for merge patches and server-side apply: objects merge, anything else replaces, null deletes. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, value: unknown) => (isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])) : value));

function quantityBytes(v: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(String(v ?? ''));
  if (!m) return Number.NaN;
  const f: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
  return Number(m[1]) * f[m[2] ?? '']!;
}

/** What the API server refuses when an object changes; undefined when the change is allowed. */
function immutability(r: ResourceType, before: KubeObject, after: KubeObject): Reply | undefined {
  const b = (before['spec'] ?? {}) as Record<string, unknown>;
  const a = (after['spec'] ?? {}) as Record<string, unknown>;
  const name = after.metadata.name;
  if (r.kind === 'PersistentVolumeClaim') {
    const rest = (s: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'resources' && k !== 'volumeName'));
    const rebinds = a['volumeName'] !== undefined && b['volumeName'] !== undefined && a['volumeName'] !== b['volumeName'];
    if (rebinds || canonical(rest(a)) !== canonical(rest(b))) return invalid(r, name, 'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
    const requested = (s: Record<string, unknown>): unknown => (s['resources'] as Record<string, Record<string, unknown>> | undefined)?.['requests']?.['storage'];
    if (quantityBytes(requested(a)) < quantityBytes(requested(b))) return invalid(r, name, 'spec.resources.requests.storage: Forbidden: field can not be less than previous value');
  }
  if (r.kind === 'PersistentVolume') {
    const source = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => !['capacity', 'accessModes', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'claimRef', 'nodeAffinity', 'volumeMode'].includes(k)));
    if (canonical(source(a)) !== canonical(source(b))) return invalid(r, name, 'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation');
  }
  return undefined;
}

interface Target {
  resource: ResourceType;
  namespace?: string;
  name?: string;
}

/** Parses the Kubernetes path below the cluster prefix: `api/v1/...` or `apis/<group>/<version>/...`. */
function parseKubePath(segments: string[], resources: ResourceType[]): Target | Reply | { discovery: Reply } {
  let group = '';
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { discovery: json(200, { kind: 'APIVersions', versions: ['v1'] }) };
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) {
      const groups = [...new Set(resources.filter((r) => r.group).map((r) => r.group))];
      return { discovery: json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => { const v = resources.find((r) => r.group === g)!.version; return { name: g, versions: [{ groupVersion: `${g}/${v}`, version: v }], preferredVersion: { groupVersion: `${g}/${v}`, version: v } }; }) }) };
    }
    group = segments[1] ?? '';
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return status(404, 'NotFound', `the server could not find the requested resource (${segments.join('/')})`);
  }
  if (rest.length === 0) {
    const d = version ? discovery(resources, group, version) : undefined;
    return d ? { discovery: d } : status(404, 'NotFound', `the server could not find the requested resource (${group || 'core'}/${version})`);
  }
  const find = (plural: string) => resources.find((r) => r.group === group && r.version === version && r.plural === plural);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const resource = find(rest[2] as string);
    if (!resource || !resource.namespaced || rest.length > 4) return status(404, 'NotFound', `the server could not find the requested resource (${rest.join('/')})`);
    return { resource, namespace: rest[1] as string, ...(rest[3] ? { name: rest[3] } : {}) };
  }
  const resource = find(rest[0] as string);
  if (!resource || rest.length > 2) return status(404, 'NotFound', `the server could not find the requested resource (${rest.join('/')})`);
  return { resource, ...(rest[1] ? { name: rest[1] } : {}) };
}

function matchesSelector(obj: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (obj.metadata['labels'] ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=').map((s) => s.trim());
    if (!k) return true;
    if (term.includes('!=')) return labels[k.replace(/!$/, '')] !== v;
    return v === undefined ? k in labels : labels[k] === v;
  });
}

function parseBody(raw: string): KubeObject | undefined {
  try {
    const v = JSON.parse(raw) as unknown;
    return isRecord(v) ? (v as KubeObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a complete object before it is stored. */
function admit(store: KubeStore, t: Target & { name: string }, obj: KubeObject): Reply | undefined {
  const r = t.resource;
  if (obj.apiVersion !== apiVersionOf(r) || obj.kind !== r.kind) {
    return status(400, 'BadRequest', `the object's apiVersion and kind (${String(obj.apiVersion)}, ${String(obj.kind)}) do not match the resource ${apiVersionOf(r)} ${r.kind}`);
  }
  if (!DNS_SUBDOMAIN.test(t.name) || t.name.length > 253) return invalid(r, t.name, `metadata.name: Invalid value: "${t.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`);
  if (r.namespaced && !store.objects.has(objectKey('namespaces', undefined, t.namespace!))) return status(404, 'NotFound', `namespaces "${t.namespace}" not found`, { name: t.namespace, kind: 'namespaces' });
  return undefined;
}

export interface KubeRequest {
  method: string;
  /** Path below the cluster prefix, split into segments. */
  segments: string[];
  query: URLSearchParams;
  contentType: string;
  rawBody: string;
  authorization: string | undefined;
}

/** Serves one request to the API server of the cluster with ARM id `cluster.id`. */
export function handleKube(req: KubeRequest, cluster: ClusterRecord, ctx: EmulatorContext): Reply {
  if (req.authorization !== `Bearer ${ctx.config.kubeToken}`) return status(401, 'Unauthorized', 'Unauthorized');
  const clusterKey = keyOf(cluster.id);
  const store = kubeStore(ctx.state.kubernetes, clusterKey);
  const resources = served(ctx, clusterKey);
  const parsed = parseKubePath(req.segments, resources);
  if ('discovery' in parsed) return req.method === 'GET' ? parsed.discovery : status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if ('status' in parsed && !('resource' in parsed)) return parsed as Reply;
  const t = parsed as Target;
  const r = t.resource;
  const now = ctx.now();
  if (!t.name) {
    if (req.method === 'GET') {
      const items = [...store.objects.entries()]
        .filter(([k]) => k.startsWith(`${r.plural}/${t.namespace !== undefined ? `${t.namespace}/` : ''}`))
        .map(([, o]) => o)
        .filter((o) => matchesSelector(o, req.query.get('labelSelector')))
        .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`))
        .map((o) => withStatus(store, o));
      return json(200, { apiVersion: apiVersionOf(r), kind: `${r.kind}List`, metadata: { resourceVersion: String(latestResourceVersion()) }, items });
    }
    if (req.method !== 'POST') return status(405, 'MethodNotAllowed', `${req.method} is not allowed on a collection`);
    const obj = parseBody(req.rawBody);
    const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : undefined;
    if (!obj || !name) return status(400, 'BadRequest', 'the request body must be an object with metadata.name');
    const target = { ...t, name };
    if (r.namespaced) obj.metadata.namespace = t.namespace!;
    const refused = admit(store, target, obj);
    if (refused) return refused;
    const key = objectKey(r.plural, t.namespace, name);
    if (store.objects.has(key)) return status(409, 'AlreadyExists', `${r.plural} "${name}" already exists`, { name, kind: r.plural });
    store.objects.set(key, stamp(obj, undefined, now));
    return json(201, withStatus(store, store.objects.get(key)!));
  }
  const target = { ...t, name: t.name };
  const key = objectKey(r.plural, t.namespace, t.name);
  const existing = store.objects.get(key);
  switch (req.method) {
    case 'GET':
      return existing ? json(200, withStatus(store, existing)) : notFound(r, t.name);
    case 'DELETE': {
      if (!existing) return notFound(r, t.name);
      store.objects.delete(key);
      if (r.plural === 'namespaces') for (const k of [...store.objects.keys()]) if (k.split('/')[1] === t.name) store.objects.delete(k);
      return json(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: t.name, kind: r.plural, uid: existing.metadata['uid'] } });
    }
    case 'PUT':
    case 'PATCH': {
      const body = parseBody(req.rawBody);
      if (!body) return status(400, 'BadRequest', 'the request body is not a JSON object');
      let next: KubeObject;
      if (req.method === 'PUT') {
        if (!existing) return notFound(r, t.name);
        next = body;
      } else if (req.contentType.startsWith('application/apply-patch')) {
        if (!req.query.get('fieldManager')) return status(400, 'BadRequest', 'PATCH, fieldManager: Required value: is required for apply patch');
        next = (existing ? merge(existing, body) : body) as KubeObject;
      } else if (req.contentType.startsWith('application/merge-patch+json') || req.contentType.startsWith('application/strategic-merge-patch+json')) {
        if (!existing) return notFound(r, t.name);
        next = merge(existing, body) as KubeObject;
      } else {
        return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
      }
      next = structuredClone(next);
      next.metadata = { ...(next.metadata ?? {}), name: t.name };
      if (r.namespaced) next.metadata.namespace = t.namespace!;
      const refused = admit(store, target, next) ?? (existing ? immutability(r, existing, next) : undefined);
      if (refused) return refused;
      store.objects.set(key, stamp(next, existing, now));
      return json(existing ? 200 : 201, withStatus(store, store.objects.get(key)!));
    }
    default:
      return status(405, 'MethodNotAllowed', `${req.method} is not allowed`);
  }
}

/** Splits `/kubernetes/subscriptions/<sub>/resourceGroups/<rg>/providers/<rp>/<type>/<name>/<rest>`. */
export function kubeTarget(path: string, ctx: EmulatorContext): { cluster: ClusterRecord; segments: string[] } | undefined {
  const parts = path.slice(KUBE_PREFIX.length).split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  if (parts.length < 8 || parts[0]?.toLowerCase() !== 'subscriptions') return undefined;
  const id = `/${parts.slice(0, 8).join('/')}`;
  const cluster = ctx.state.clusters.get(keyOf(id));
  return cluster ? { cluster, segments: parts.slice(8) } : undefined;
}

/** Every object of every emulated cluster, for state(). */
export function kubeSnapshot(state: EmulatorState): Record<string, KubeObject[]> {
  const out: Record<string, KubeObject[]> = {};
  for (const [clusterKey, store] of state.kubernetes) out[state.clusters.get(clusterKey)?.id ?? clusterKey] = [...store.objects.values()].map((o) => withStatus(store, o));
  return out;
}

/**
 * A kubeconfig with one context per cluster, named after the cluster as `az aks get-credentials`
 * names it (the resource group is added when two clusters share a name).
 */
export function kubeconfigText(state: EmulatorState, url: string, ca: string, token: string): string {
  const clusters = [...state.clusters.values()].sort((a, b) => a.id.localeCompare(b.id));
  const counts = new Map<string, number>();
  for (const c of clusters) counts.set(c.fixture.name, (counts.get(c.fixture.name) ?? 0) + 1);
  const nameOf = (c: ClusterRecord): string => ((counts.get(c.fixture.name) ?? 0) > 1 ? `${c.fixture.name}-${c.fixture.resourceGroup}` : c.fixture.name);
  const caData = Buffer.from(ca).toString('base64');
  const lines = ['apiVersion: v1', 'kind: Config', 'preferences: {}', `current-context: ${clusters[0] ? JSON.stringify(nameOf(clusters[0])) : '""'}`, 'clusters:'];
  for (const c of clusters) lines.push(`- name: ${JSON.stringify(nameOf(c))}`, '  cluster:', `    server: ${JSON.stringify(`${url}${KUBE_PREFIX}${clusterId(c.fixture.subscriptionId, c.fixture.resourceGroup, c.fixture.type, c.fixture.name)}`)}`, `    certificate-authority-data: ${caData}`);
  lines.push('contexts:');
  for (const c of clusters) lines.push(`- name: ${JSON.stringify(nameOf(c))}`, '  context:', `    cluster: ${JSON.stringify(nameOf(c))}`, '    user: aml-k8s-emulator');
  lines.push('users:', '- name: aml-k8s-emulator', '  user:', `    token: ${JSON.stringify(token)}`);
  return `${lines.join('\n')}\n`;
}
