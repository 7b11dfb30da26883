// Reads the state of every extension and compute of a spec set in a handful of ARM calls:
// one Resource Graph query for the extensions across all subscriptions, and either one for the
// computes or one list per workspace. Never one GET per compute.
import pLimit from 'p-limit';
import type { ArmClient } from './arm-client.ts';
import { idKey } from './observation.ts';
import type { ComputeObservation, ExtensionObservation, Observations, StatusReader, StatusTargets } from './observation.ts';
import { kqlString, prop, queryResourceGraph } from './resource-graph.ts';
import type { GraphRow } from './resource-graph.ts';

export type ComputeSource = 'resourceGraph' | 'list';

export interface ArmStatusReaderOptions {
  /** `resourceGraph` (default): one query for all computes; `list`: one compute list per workspace. */
  computeSource?: ComputeSource;
  /** Resource Graph page size (at most 1000). */
  pageSize?: number;
  /** Workspaces listed at once in `list` mode. */
  concurrency?: number;
}

const COMPUTE_API_VERSION = '2024-10-01';
const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const NAME = /\/providers\/Microsoft\.KubernetesConfiguration\/extensions\/([^/]+)$/i;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function extensionOf(properties: unknown): ExtensionObservation {
  const o: ExtensionObservation = {};
  const state = str(prop(properties, 'provisioningState'));
  if (state) o.provisioningState = state;
  const version = str(prop(properties, 'currentVersion')) ?? str(prop(properties, 'version'));
  if (version) o.version = version;
  const errorInfo = prop(properties, 'errorInfo');
  const statuses = prop(properties, 'statuses');
  const failedStatus = Array.isArray(statuses) ? statuses.find((s) => String(prop(s, 'level')).toLowerCase() === 'error') : undefined;
  const message = str(prop(errorInfo, 'message')) ?? str(prop(failedStatus, 'message'));
  if (message) o.errorMessage = message;
  return o;
}

function computeOf(properties: unknown): ComputeObservation {
  const o: ComputeObservation = {};
  const state = str(prop(properties, 'provisioningState'));
  if (state) o.provisioningState = state;
  const resourceId = str(prop(properties, 'resourceId'));
  if (resourceId) o.resourceId = resourceId;
  const errors = prop(properties, 'provisioningErrors');
  const first = Array.isArray(errors) ? errors[0] : undefined;
  const message = str(prop(prop(first, 'error'), 'message')) ?? str(prop(prop(first, 'error'), 'code'));
  if (message) o.errorMessage = message;
  return o;
}

function subscriptionsOf(ids: readonly string[]): string[] {
  const subs = new Map<string, string>();
  for (const id of ids) {
    const sub = SUBSCRIPTION.exec(id)?.[1];
    if (sub) subs.set(sub.toLowerCase(), sub);
  }
  return [...subs.values()].sort();
}

export class ArmStatusReader implements StatusReader {
  readonly #client: ArmClient;
  readonly #options: Required<ArmStatusReaderOptions>;

  constructor(client: ArmClient, options: ArmStatusReaderOptions = {}) {
    this.#client = client;
    this.#options = { computeSource: options.computeSource ?? 'resourceGraph', pageSize: options.pageSize ?? 1000, concurrency: options.concurrency ?? 8 };
  }

  async observe(targets: StatusTargets): Promise<Observations> {
    const before = this.#client.requests;
    const [extensions, computes] = await Promise.all([this.#extensions(targets.extensionIds), this.#computes(targets.computeIds)]);
    return { extensions, computes, requests: this.#client.requests - before };
  }

  async #extensions(ids: readonly string[]): Promise<Map<string, ExtensionObservation>> {
    const out = new Map<string, ExtensionObservation>();
    if (ids.length === 0) return out;
    const wanted = new Set(ids.map(idKey));
    const names = [...new Set(ids.map((id) => NAME.exec(id)?.[1]?.toLowerCase()).filter((n): n is string => !!n))].sort();
    // Extensions live in their own Resource Graph table. Filtered by name (a column every table
    // has) rather than by extension type, whose property casing differs between tables.
    const query = `kubernetesconfigurationresources | where type =~ 'microsoft.kubernetesconfiguration/extensions' and name in~ (${names.map(kqlString).join(', ')}) | project id, properties`;
    for (const row of await queryResourceGraph(this.#client, query, subscriptionsOf(ids), this.#options.pageSize)) {
      const key = idKey(String(row.id ?? ''));
      if (wanted.has(key)) out.set(key, extensionOf(row.properties));
    }
    return out;
  }

  async #computes(ids: readonly string[]): Promise<Map<string, ComputeObservation>> {
    const out = new Map<string, ComputeObservation>();
    if (ids.length === 0) return out;
    const wanted = new Set(ids.map(idKey));
    const keep = (row: GraphRow): void => {
      const key = idKey(String(row.id ?? ''));
      if (wanted.has(key)) out.set(key, computeOf(row.properties));
    };
    if (this.#options.computeSource === 'resourceGraph') {
      const query = "resources | where type =~ 'microsoft.machinelearningservices/workspaces/computes' and properties.computeType =~ 'Kubernetes' | project id, properties";
      for (const row of await queryResourceGraph(this.#client, query, subscriptionsOf(ids), this.#options.pageSize)) keep(row);
      return out;
    }
    const workspaces = new Map<string, string>();
    for (const id of ids) {
      const ws = id.replace(/\/computes\/[^/]+$/i, '');
      workspaces.set(idKey(ws), ws);
    }
    const limit = pLimit(this.#options.concurrency);
    await Promise.all(
      [...workspaces.values()].map((ws) =>
        limit(async () => {
          let next: string | undefined = `${ws}/computes?api-version=${COMPUTE_API_VERSION}`;
          while (next) {
            const r: { status: number; body: Record<string, unknown> | undefined } = await this.#client.send('GET', next);
            if (r.status === 404) break; // workspace gone: its computes are not attached
            const value = r.body?.value;
            if (Array.isArray(value)) for (const c of value as GraphRow[]) keep(c);
            next = str(r.body?.nextLink);
          }
        }),
      ),
    );
    return out;
  }
}
