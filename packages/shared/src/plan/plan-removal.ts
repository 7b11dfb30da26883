// Removing computes, in the reverse order of creating them: detach each compute, then uninstall
// the AzureML extension once nothing uses it. A removal is asked for by a spec with
// `state: absent`, or (with prune) found: a compute aml-k8s attached that no spec declares any
// more. An extension another attached compute still needs is never deleted.
import pLimit from 'p-limit';
import type { AzureGateway, ComputeRef, ListedWorkspace, ObservedCompute, ObservedExtension } from '../azure/gateway.ts';
import { AzureError, isTerminal } from '../azure/gateway.ts';
import { EXTENSION_TYPE } from '../model/extension-type.ts';
import { relayNamespaceOf } from '../identity/attach-roles.ts';
import { clusterResourceId, computeResourceId, extensionResourceId, parseClusterId, parseComputeId } from '../model/resource-ids.ts';
import { computeKey } from '../validate/rules/spec-set.ts';
import type { ClusterCoordinates } from '../model/resource-ids.ts';
import type { ValidatedSpec } from '../validate/validate.ts';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, SPEC_TAG } from './compute-tags.ts';
import { PROTECTED_HASH_KEY } from './diff-extension.ts';
import { clusterExtensionRef, computeRefOf, refKey } from '../azure/targets.ts';
import type { Change, ComputePlan, RemovalSummary } from './types.ts';


export interface RemovalTarget {
  /** `metadata.name` of the spec, or (pruned) the spec name the compute was tagged with. */
  name: string;
  /** The spec file, or `(no spec file)` for a pruned compute. */
  file: string;
  reason: 'absent' | 'prune';
  cluster: ClusterCoordinates;
  computeRef?: ComputeRef;
  /** The extension to uninstall once nothing else uses it: the spec's own, or (pruned) the one aml-k8s installed. */
  extensionName?: string;
  spec?: ValidatedSpec;
  /** The compute as already read (pruning lists them). */
  compute?: ObservedCompute;
  /** What planning found out about the target before reading anything (e.g. an extension kept). */
  notes: string[];
}

export interface PlannedRemoval {
  target: RemovalTarget;
  plan: ComputePlan;
  /** The extension delete is refused: another attached compute still uses the extension. */
  refused?: boolean;
  compute?: ObservedCompute;
  extension?: ObservedExtension;
}

export interface RemovalOptions {
  concurrency: number;
  /** Use Azure's forceDelete for an extension in a Failed state (only the ARM resource is removed). */
  forceDelete?: boolean;
}

const NO_SPEC_FILE = '(no spec file)';
const clusterKeyOf = (c: ClusterCoordinates): string => [c.subscriptionId, c.resourceGroup, c.type, c.name].join('/').toLowerCase();
const last = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;

/** Specs marked `state: absent`. */
export function absentTargets(specs: readonly ValidatedSpec[]): RemovalTarget[] {
  return specs
    .filter((s) => s.doc.spec.state === 'absent')
    .map((s) => {
      const computeRef = computeRefOf(s.doc);
      const ext = s.doc.spec.extension;
      return {
        name: s.doc.metadata.name,
        file: s.parsed.file,
        reason: 'absent' as const,
        cluster: s.doc.spec.cluster,
        ...(computeRef ? { computeRef } : {}),
        ...(ext ? { extensionName: ext.name ?? 'azureml' } : {}),
        spec: s,
        notes: ext ? [] : ['This spec does not manage the extension (no `extension` block), so only the compute is detached; the extension stays.'],
      };
    });
}

/** Workspaces the specs attach to (present and absent). */
function workspacesOf(specs: readonly ValidatedSpec[]): { subscriptionId: string; resourceGroup: string; workspaceName: string }[] {
  const seen = new Map<string, { subscriptionId: string; resourceGroup: string; workspaceName: string }>();
  for (const s of specs) {
    const ref = computeRefOf(s.doc);
    if (ref) seen.set([ref.subscriptionId, ref.resourceGroup, ref.workspaceName].join('/').toLowerCase(), { subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, workspaceName: ref.workspaceName });
  }
  return [...seen.values()];
}

/** The AzureML extension aml-k8s installed on a cluster (it records its protected hash there). */
async function managedAzureMlExtension(gateway: AzureGateway, cluster: ClusterCoordinates): Promise<{ name?: string; note?: string }> {
  const azureMl = (await gateway.listExtensions({ ...cluster })).filter((e) => e.extensionType.toLowerCase() === EXTENSION_TYPE);
  const mine = azureMl.find((e) => e.configurationSettings?.[PROTECTED_HASH_KEY] !== undefined);
  if (mine) return { name: mine.name };
  if (azureMl.length > 0) return { note: `The AzureML extension ${azureMl.map((e) => e.name).join(', ')} on ${cluster.name} was not installed by aml-k8s, so it stays; only the compute is detached.` };
  return {};
}

/**
 * Computes aml-k8s attached (tag managed-by=aml-k8s) in the workspaces the specs use, that no
 * spec declares any more. Computes in workspaces no spec references are not seen: remove the last
 * compute of a workspace with `state: absent`.
 */
export async function pruneTargets(specs: readonly ValidatedSpec[], gateway: AzureGateway, concurrency: number): Promise<RemovalTarget[]> {
  const declared = new Set(specs.map((s) => computeKey(s.doc)).filter((k): k is string => k !== undefined));
  const limit = pLimit(Math.max(1, concurrency));
  const listed = await Promise.all(workspacesOf(specs).map((w) => limit(() => gateway.listComputes(w.subscriptionId, w.resourceGroup, w.workspaceName))));
  const orphans = listed.flat().filter((c) => c.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE).filter((c) => {
    const ref = parseComputeId(c.id);
    return ref !== undefined && !declared.has([ref.subscriptionId, ref.resourceGroup, ref.workspaceName, ref.name].join('/').toLowerCase());
  });
  const extensions = new Map<string, Promise<{ name?: string; note?: string }>>();
  return Promise.all(
    orphans.map(async (compute): Promise<RemovalTarget> => {
      const ref = parseComputeId(compute.id)!;
      const cluster = compute.resourceId ? parseClusterId(compute.resourceId) : undefined;
      const name = compute.tags[SPEC_TAG] ?? ref.name;
      const base = { name, file: NO_SPEC_FILE, reason: 'prune' as const, computeRef: ref, compute };
      if (!cluster) return { ...base, cluster: { type: 'aks', subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, name: '?' }, notes: [`The compute points at ${compute.resourceId ?? 'no cluster'}, which is not an AKS or Arc cluster: only the compute is detached.`] };
      const key = clusterKeyOf(cluster);
      if (!extensions.has(key)) extensions.set(key, limit(() => managedAzureMlExtension(gateway, cluster)));
      const ext = await extensions.get(key)!;
      return { ...base, cluster, ...(ext.name ? { extensionName: ext.name } : {}), notes: ext.note ? [ext.note] : [] };
    }),
  );
}

function computeDelete(ref: ComputeRef, compute: ObservedCompute): Change {
  return {
    target: 'compute',
    action: 'delete',
    id: compute.id || computeResourceId(ref.subscriptionId, ref.resourceGroup, ref.workspaceName, ref.name),
    disruptive: true,
    reasons: [`detach compute ${ref.name} from workspace ${ref.workspaceName} (underlyingResourceAction=Detach: the cluster is not touched); jobs and online endpoints on it can no longer be used from the workspace`],
  };
}

function summary(t: RemovalTarget, detaching: boolean, extension: { deleted: boolean; name?: string; force?: boolean; keptBecause?: string; relay?: string }): RemovalSummary {
  const loses: string[] = [];
  const keeps: string[] = [`the cluster ${t.cluster.name} itself, its nodes and its other workloads`];
  if (detaching && t.computeRef) loses.push(`compute ${t.computeRef.name} in workspace ${t.computeRef.workspaceName}: jobs and online endpoints on it stop being usable from the workspace (the workspace keeps their history)`);
  if (extension.deleted) {
    loses.push(`the AzureML extension ${extension.name} on ${t.cluster.name}: its components in namespace azureml (operator, inference router, Prometheus, Volcano...) are uninstalled, about 10 minutes; training jobs and inference deployments still running on the cluster stop`);
    if (extension.force) loses.push(`forceDelete removes only the Azure resource: components left in the cluster stay until you remove them (helm uninstall ${extension.name} -n azureml, kubectl delete namespace azureml)`);
    if (extension.relay) keeps.push(`the Azure Relay ${last(extension.relay)} the extension used (delete it when nothing else uses it)`);
  } else if (extension.keptBecause) {
    keeps.push(`the AzureML extension ${extension.name}: ${extension.keptBecause}`);
  }
  const spec = t.spec?.doc.spec;
  const namespace = spec?.attach?.namespace ?? t.compute?.namespace;
  if (namespace && namespace !== 'default') keeps.push(`namespace ${namespace} and everything in it`);
  const claims = Object.keys(spec?.storage ?? {});
  if (claims.length) keeps.push(`persistent volume claims ${claims.join(', ')} and their volumes and data (aml-k8s never deletes storage; kubectl delete pvc when the data is no longer needed)`);
  const identity = spec?.attach?.identity;
  if (identity?.type === 'UserAssigned') keeps.push(`role assignments granted to identity ${last(identity.ids[0] ?? '')} (az role assignment delete when nothing else needs them)`);
  return { reason: t.reason, loses, keeps };
}

interface Group {
  key: string;
  cluster: ClusterCoordinates;
  extensionName?: string;
  targets: RemovalTarget[];
}

function groupsOf(targets: readonly RemovalTarget[]): Group[] {
  const groups = new Map<string, Group>();
  for (const t of targets) {
    const key = `${clusterKeyOf(t.cluster)}/${t.extensionName ?? ''}`;
    const g = groups.get(key) ?? { key, cluster: t.cluster, ...(t.extensionName ? { extensionName: t.extensionName } : {}), targets: [] };
    g.targets.push(t);
    groups.set(key, g);
  }
  return [...groups.values()];
}

type Limit = <T>(fn: () => Promise<T>) => Promise<T>;
type WorkspaceCoordinates = Pick<ListedWorkspace, 'subscriptionId' | 'resourceGroup'> & { workspaceName: string };
/** A scope the search could not read, named for the refusal. */
type Unreadable = { unreadable: string };

const workspaceKeyOf = (w: WorkspaceCoordinates): string => [w.subscriptionId, w.resourceGroup, w.workspaceName].join('/').toLowerCase();
const sameId = (a: string, b: string): boolean => a.replace(/^\/+|\/+$/g, '').toLowerCase() === b.replace(/^\/+|\/+$/g, '').toLowerCase();
const denied = (err: unknown, statuses: readonly number[]): err is AzureError => err instanceof AzureError && err.status !== undefined && statuses.includes(err.status);
const why = (err: AzureError): string => `${err.status} ${err.code}`;

/**
 * The computes attached to a cluster, found the way Azure allows (Resource Graph does not index
 * computes): every workspace of the relevant subscriptions is listed (Workspaces_ListBySubscription),
 * then every workspace's computes (Compute_List), keeping those whose `properties.resourceId` is
 * the cluster. Each subscription and each workspace is read once per plan, whatever the number of
 * clusters being removed. A subscription or workspace that cannot be read is named, never skipped:
 * the caller refuses the uninstall, since a compute there could still use the extension.
 */
class ClusterComputeSearch {
  readonly #subscriptions = new Map<string, Promise<ListedWorkspace[] | Unreadable>>();
  readonly #computes = new Map<string, Promise<ObservedCompute[] | Unreadable>>();

  readonly #gateway: AzureGateway;
  readonly #limit: Limit;
  /** Workspaces the specs use: searched even when their subscription's list leaves them out. */
  readonly #specWorkspaces: readonly WorkspaceCoordinates[];

  constructor(gateway: AzureGateway, limit: Limit, specWorkspaces: readonly WorkspaceCoordinates[]) {
    this.#gateway = gateway;
    this.#limit = limit;
    this.#specWorkspaces = specWorkspaces;
  }

  #workspacesOf(subscriptionId: string): Promise<ListedWorkspace[] | Unreadable> {
    const key = subscriptionId.toLowerCase();
    let listed = this.#subscriptions.get(key);
    if (!listed) {
      listed = this.#limit(() => this.#gateway.listWorkspaces(subscriptionId)).catch((err: unknown) => {
        if (denied(err, [401, 403, 404])) return { unreadable: `subscription ${subscriptionId} (its workspaces cannot be listed: ${why(err)})` };
        throw err;
      });
      this.#subscriptions.set(key, listed);
    }
    return listed;
  }

  #computesOf(w: WorkspaceCoordinates): Promise<ObservedCompute[] | Unreadable> {
    const key = workspaceKeyOf(w);
    let listed = this.#computes.get(key);
    if (!listed) {
      listed = this.#limit(() => this.#gateway.listComputes(w.subscriptionId, w.resourceGroup, w.workspaceName)).catch((err: unknown) => {
        if (denied(err, [401, 403])) return { unreadable: `workspace ${w.workspaceName} (resource group ${w.resourceGroup}, subscription ${w.subscriptionId}; its computes cannot be listed: ${why(err)})` };
        throw err;
      });
      this.#computes.set(key, listed);
    }
    return listed;
  }

  /** Computes on the cluster in the cluster's subscription and the specs' subscriptions, and what could not be read. */
  async onCluster(cluster: ClusterCoordinates): Promise<{ computes: ObservedCompute[]; unreadable: string[] }> {
    const clusterId = clusterResourceId(cluster);
    const subscriptions = new Map([cluster.subscriptionId, ...this.#specWorkspaces.map((w) => w.subscriptionId)].map((s) => [s.toLowerCase(), s]));
    const listed = await Promise.all([...subscriptions.values()].map((s) => this.#workspacesOf(s)));
    const unreadable: string[] = [];
    const workspaces = new Map(this.#specWorkspaces.map((w) => [workspaceKeyOf(w), w]));
    for (const l of listed) {
      if ('unreadable' in l) unreadable.push(l.unreadable);
      else for (const w of l) workspaces.set(workspaceKeyOf({ ...w, workspaceName: w.name }), { subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspaceName: w.name });
    }
    const computes: ObservedCompute[] = [];
    for (const c of await Promise.all([...workspaces.values()].map((w) => this.#computesOf(w)))) {
      if ('unreadable' in c) unreadable.push(c.unreadable);
      else computes.push(...c.filter((x) => x.resourceId !== undefined && sameId(x.resourceId, clusterId)));
    }
    return { computes, unreadable };
  }
}

/** Who else uses the cluster: specs that stay, attached computes outside this removal, and where the search could not look. */
async function otherUsers(group: Group, present: readonly ValidatedSpec[], removing: ReadonlySet<string>, search: ClusterComputeSearch): Promise<{ specs: string[]; computes: string[]; unreadable: string[] }> {
  const clusterKey = clusterKeyOf(group.cluster);
  const specs = present.filter((s) => clusterKeyOf(s.doc.spec.cluster) === clusterKey).map((s) => `${s.doc.metadata.name} (${s.parsed.file})`);
  if (specs.length > 0) return { specs, computes: [], unreadable: [] };
  const found = await search.onCluster(group.cluster);
  const ids = new Map(found.computes.map((c) => [c.id.toLowerCase(), c.id]));
  const computes = [...ids].filter(([key]) => !removing.has(key)).map(([, id]) => {
    const ref = parseComputeId(id);
    return ref ? `compute ${ref.name} in workspace ${ref.workspaceName} (resource group ${ref.resourceGroup}, subscription ${ref.subscriptionId})` : id;
  });
  return { specs: [], computes, unreadable: found.unreadable };
}

/** Plans the removals: per target its detach, and the extension delete on the last target of its cluster. */
export async function planRemovals(targets: readonly RemovalTarget[], specs: readonly ValidatedSpec[], gateway: AzureGateway, options: RemovalOptions): Promise<PlannedRemoval[]> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const present = specs.filter((s) => s.doc.spec.state !== 'absent');
  const observed = await Promise.all(
    targets.map((t) =>
      limit(async (): Promise<PlannedRemoval> => {
        const compute = t.compute ?? (t.computeRef ? await gateway.getCompute(t.computeRef) : undefined);
        const plan: ComputePlan = { name: t.name, file: t.file, changes: [], notes: [...t.notes] };
        if (t.computeRef && compute) {
          if (compute.provisioningState?.toLowerCase() === 'deleting') plan.notes.push(`Compute ${t.computeRef.name} is already being detached (an earlier run).`);
          else if (!isTerminal(compute.provisioningState)) plan.blocked = `compute ${t.computeRef.name} is ${compute.provisioningState} (an attach is running); run again when it has finished`;
          else plan.changes.push(computeDelete(t.computeRef, compute));
        } else if (t.computeRef) {
          plan.notes.push(`Compute ${t.computeRef.name} is not attached to workspace ${t.computeRef.workspaceName} (already detached).`);
        }
        return { target: t, plan, ...(compute ? { compute } : {}) };
      }),
    ),
  );
  const removing = new Set(observed.flatMap((r) => (r.compute ? [r.compute.id.toLowerCase()] : [])));
  const search = new ClusterComputeSearch(gateway, limit, workspacesOf(specs));
  for (const group of groupsOf(targets)) {
    const members = observed.filter((r) => group.targets.includes(r.target));
    const lastMember = members[members.length - 1]!;
    const detaching = (r: PlannedRemoval) => r.plan.changes.some((c) => c.target === 'compute');
    if (!group.extensionName) {
      for (const r of members) r.plan.removal = summary(r.target, detaching(r), { deleted: false });
      continue;
    }
    const ref = clusterExtensionRef(group.cluster, group.extensionName);
    // The search for other computes costs a list per subscription and per workspace: only when an uninstall is possible.
    const extension = await gateway.getExtension(ref);
    const base = { name: group.extensionName };
    if (!extension) {
      lastMember.plan.notes.push(`The extension ${group.extensionName} is not installed on ${group.cluster.name} (already removed).`);
      for (const r of members) r.plan.removal = summary(r.target, detaching(r), { deleted: false });
      continue;
    }
    const state = extension.provisioningState?.toLowerCase();
    const users = state === 'deleting' ? { specs: [], computes: [], unreadable: [] } : await otherUsers(group, present, removing, search);
    if (users.specs.length > 0) {
      const because = `still used by ${users.specs.join(', ')}`;
      for (const r of members) r.plan.removal = summary(r.target, detaching(r), { ...base, deleted: false, keptBecause: because });
      lastMember.plan.notes.push(`The extension ${group.extensionName} on ${group.cluster.name} stays: ${because}.`);
      continue;
    }
    if (users.computes.length > 0) {
      const how = group.targets.some((t) => t.reason === 'absent')
        ? 'Detach those computes first, or remove the `extension` block from the absent spec to detach this compute only.'
        : 'Detach those computes first, or, to detach this compute only, add a spec for it with `state: absent` and no `extension` block.';
      for (const r of members) {
        r.refused = true;
        r.plan.blocked = `refusing to delete extension ${group.extensionName} on ${group.cluster.name}: it is still used by ${users.computes.join(', ')}. ${how}`;
        r.plan.removal = summary(r.target, detaching(r), { ...base, deleted: false, keptBecause: `still used by ${users.computes.join(', ')}` });
      }
      continue;
    }
    if (users.unreadable.length > 0) {
      const how = group.targets.some((t) => t.reason === 'absent')
        ? 'Give the identity running aml-k8s read access there (Reader, or Microsoft.MachineLearningServices/workspaces/computes/read on the workspace), or remove the `extension` block from the absent spec to detach this compute only.'
        : 'Give the identity running aml-k8s read access there (Reader, or Microsoft.MachineLearningServices/workspaces/computes/read on the workspace), or, to detach this compute only, add a spec for it with `state: absent` and no `extension` block.';
      const where = users.unreadable.join('; ');
      for (const r of members) {
        r.refused = true;
        r.plan.blocked = `refusing to delete extension ${group.extensionName} on ${group.cluster.name}: cannot tell whether other computes use it, because ${users.unreadable.length > 1 ? 'these cannot be read' : 'this cannot be read'}: ${where}. ${how}`;
        r.plan.removal = summary(r.target, detaching(r), { ...base, deleted: false, keptBecause: `computes that may use it could not be searched in ${where}` });
      }
      continue;
    }
    if (state === 'deleting') {
      lastMember.plan.notes.push(`The extension ${group.extensionName} is already being uninstalled (an earlier run); apply waits for it.`);
    } else if (!isTerminal(extension.provisioningState)) {
      lastMember.plan.blocked = `the extension ${group.extensionName} is ${extension.provisioningState} (an operation is running); run again when it has finished`;
    }
    const failed = state === 'failed';
    const force = failed && options.forceDelete === true;
    if (state !== 'deleting' && isTerminal(extension.provisioningState)) {
      lastMember.plan.changes.push({
        target: 'extension',
        action: 'delete',
        id: extensionResourceId(group.cluster, group.extensionName),
        disruptive: true,
        ...(force ? { force: true } : {}),
        reasons: [
          `uninstall the AzureML extension once ${members.length > 1 ? 'every compute above is' : 'the compute is'} detached: no other compute uses it${failed ? ` (it is in a Failed state${force ? '; forceDelete removes the Azure resource without waiting for the cluster' : ''})` : ''}`,
        ],
      });
      if (failed && !force) lastMember.plan.notes.push(`The extension ${group.extensionName} is in a Failed state; if its uninstall fails, run again with --force-delete, which removes only the Azure resource and leaves the components in the cluster for you to remove.`);
    }
    const relay = relayNamespaceOf(extension.configurationSettings?.['relayserver.hybridConnectionResourceID']);
    for (const r of members) r.plan.removal = summary(r.target, detaching(r), { ...base, deleted: true, ...(force ? { force } : {}), ...(relay ? { relay } : {}) });
  }
  return observed;
}

/** The extension (and its apply group) a removal affects. */
export function removalGroupKey(t: RemovalTarget): string {
  return refKey(clusterExtensionRef(t.cluster, t.extensionName ?? 'azureml'));
}
