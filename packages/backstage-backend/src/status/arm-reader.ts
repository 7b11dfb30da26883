// Reads the state of every extension and compute of a spec set with what Azure offers for it:
// - computes: the compute list API, one list per workspace (its pages followed), a few at a time.
//   Azure Resource Graph does not index workspaces/computes.
// - extensions: one Resource Graph query (`kubernetesconfigurationresources`, PascalCase
//   properties) for all of them; a GET per extension the graph does not return (its index lags
//   ARM by seconds to minutes, so a new extension may be missing from it).
// - workspaces: those the specs reference, those configured, and (optionally) those Resource
//   Graph's `resources` table lists in the specs' subscriptions.
// Never one GET per compute.
import { clusterExtensionRef, parseClusterId } from '@aml-k8s/shared';
import type { AzureGateway, ObservedCompute, ObservedExtension } from '@aml-k8s/shared';
import pLimit from 'p-limit';
import { idKey } from './observation.ts';
import type { Observations, StatusReader, StatusTargets } from './observation.ts';
import { kqlString, MAX_PAGE, prop } from './resource-graph.ts';
import type { GraphRow, ResourceGraphClient } from './resource-graph.ts';

/** Where extension states come from: one Resource Graph query (default), or a GET each. */
export type ExtensionSource = 'resourceGraph' | 'get';

/** What the reader needs of the core's gateway. */
export type StatusGateway = Pick<AzureGateway, 'listComputes' | 'getExtension'>;

export interface ArmStatusReaderOptions {
  extensionSource?: ExtensionSource;
  /** Workspaces (ARM IDs) listed besides those the specs reference. */
  workspaces?: readonly string[];
  /** Also list the workspaces Resource Graph finds in the specs' subscriptions. Default false. */
  discoverWorkspaces?: boolean;
  /** Resource Graph page size (at most 1000, the default). */
  pageSize?: number;
  /** Compute lists and extension GETs in flight at once. Default 8. */
  concurrency?: number;
}

export const AZUREML_EXTENSION_TYPE = 'microsoft.azureml.kubernetes';
const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const EXTENSION_ID = /^(.*)\/providers\/Microsoft\.KubernetesConfiguration\/extensions\/([^/]+)$/i;
const WORKSPACE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)/i;

/** The extension query: only the columns the status needs (never settings), `id` for paging. */
export const EXTENSION_QUERY =
  "kubernetesconfigurationresources | where type =~ 'microsoft.kubernetesconfiguration/extensions' and properties.ExtensionType =~ " +
  `${kqlString(AZUREML_EXTENSION_TYPE)} | project id, properties.ProvisioningState, properties.Version, properties.CurrentVersion, properties.ErrorInfo, properties.Statuses`;
export const WORKSPACE_QUERY = "resources | where type =~ 'microsoft.machinelearningservices/workspaces' | project id";

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A `kubernetesconfigurationresources` row (projected columns `properties_X`) in the core's terms. */
export function extensionFromGraph(row: GraphRow): ObservedExtension {
  const o: ObservedExtension = { id: String(row.id ?? '') };
  const state = str(prop(row, 'properties_ProvisioningState'));
  if (state) o.provisioningState = state;
  const version = str(prop(row, 'properties_Version')) ?? str(prop(row, 'properties_CurrentVersion'));
  if (version) o.currentVersion = version;
  const errorInfo = prop(row, 'properties_ErrorInfo');
  const code = str(prop(errorInfo, 'code'));
  const message = str(prop(errorInfo, 'message'));
  if (code || message) o.errorInfo = { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  const statuses = prop(row, 'properties_Statuses');
  if (Array.isArray(statuses) && statuses.length) {
    o.statuses = statuses.map((s) => {
      const level = str(prop(s, 'level'));
      const text = str(prop(s, 'message'));
      const c = str(prop(s, 'code'));
      return { ...(c ? { code: c } : {}), ...(level ? { level } : {}), ...(text ? { message: text } : {}) };
    });
  }
  return o;
}

function subscriptionsOf(ids: Iterable<string>): string[] {
  const subs = new Map<string, string>();
  for (const id of ids) {
    const sub = SUBSCRIPTION.exec(id)?.[1];
    if (sub) subs.set(sub.toLowerCase(), sub);
  }
  return [...subs.values()].sort();
}

export class ArmStatusReader implements StatusReader {
  readonly #gateway: StatusGateway;
  readonly #graph: ResourceGraphClient;
  readonly #options: Required<ArmStatusReaderOptions>;

  constructor(gateway: StatusGateway, graph: ResourceGraphClient, options: ArmStatusReaderOptions = {}) {
    this.#gateway = gateway;
    this.#graph = graph;
    this.#options = {
      extensionSource: options.extensionSource ?? 'resourceGraph',
      workspaces: options.workspaces ?? [],
      discoverWorkspaces: options.discoverWorkspaces ?? false,
      pageSize: Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE),
      concurrency: options.concurrency ?? 8,
    };
  }

  async observe(targets: StatusTargets): Promise<Observations> {
    const graphBefore = { pages: this.#graph.requests, queries: this.#graph.queries };
    const calls = { lists: 0, gets: 0 };
    // One limit for every per-resource call of this refresh (lists and GETs alike).
    const limit = pLimit(this.#options.concurrency);
    const [extensions, computes] = await Promise.all([this.#extensions(targets.extensionIds, limit, calls), this.#computes(targets.computeIds, limit, calls)]);
    const graphPages = this.#graph.requests - graphBefore.pages;
    return {
      extensions,
      computes,
      requests: graphPages + calls.lists + calls.gets,
      calls: { graphQueries: this.#graph.queries - graphBefore.queries, graphPages, computeLists: calls.lists, extensionGets: calls.gets },
    };
  }

  async #extensions(ids: readonly string[], limit: ReturnType<typeof pLimit>, calls: { gets: number }): Promise<Map<string, ObservedExtension>> {
    const out = new Map<string, ObservedExtension>();
    if (ids.length === 0) return out;
    const wanted = new Map(ids.map((id) => [idKey(id), id]));
    if (this.#options.extensionSource === 'resourceGraph') {
      for (const row of await this.#graph.query(EXTENSION_QUERY, subscriptionsOf(ids), this.#options.pageSize)) {
        const key = idKey(String(row.id ?? ''));
        if (wanted.has(key)) out.set(key, extensionFromGraph(row));
      }
    }
    // The graph lags ARM: what it does not have yet (or has no more) is read directly.
    const missing = [...wanted].filter(([key]) => !out.has(key));
    await Promise.all(
      missing.map(([key, id]) =>
        limit(async () => {
          const m = EXTENSION_ID.exec(id);
          const cluster = m ? parseClusterId(m[1]!) : undefined;
          if (!m || !cluster) return;
          calls.gets++;
          const e = await this.#gateway.getExtension(clusterExtensionRef(cluster, m[2]!));
          if (e) out.set(key, e);
        }),
      ),
    );
    return out;
  }

  async #workspaces(computeIds: readonly string[]): Promise<string[]> {
    const workspaces = new Map<string, string>();
    const add = (id: string): void => {
      const m = WORKSPACE_ID.exec(id);
      if (m) workspaces.set(idKey(m[0]), m[0]);
    };
    for (const id of computeIds) add(id);
    for (const id of this.#options.workspaces) add(id);
    if (this.#options.discoverWorkspaces) {
      const subscriptions = subscriptionsOf([...workspaces.values()]);
      if (subscriptions.length) for (const row of await this.#graph.query(WORKSPACE_QUERY, subscriptions, this.#options.pageSize)) add(String(row.id ?? ''));
    }
    return [...workspaces.values()].sort();
  }

  async #computes(ids: readonly string[], limit: ReturnType<typeof pLimit>, calls: { lists: number }): Promise<Map<string, ObservedCompute>> {
    const out = new Map<string, ObservedCompute>();
    const workspaces = await this.#workspaces(ids);
    await Promise.all(
      workspaces.map((ws) =>
        limit(async () => {
          const [, sub, rg, name] = WORKSPACE_ID.exec(ws)!;
          calls.lists++;
          // A workspace that is gone lists nothing: its computes are not attached.
          for (const c of await this.#gateway.listComputes(sub!, rg!, name!)) if (c.id) out.set(idKey(c.id), c);
        }),
      ),
    );
    return out;
  }
}
