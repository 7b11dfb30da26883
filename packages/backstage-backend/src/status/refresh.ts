// One status refresh: read the specs, ask Azure about all of them at once, record what changed.
import type { ComputeStatus, ComputeStatusTransition } from '@aml-k8s/plugin-azureml-compute-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import type { SpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import { composeStatus, declaredOf } from './compose.ts';
import type { StatusReader } from './observation.ts';
import type { StatusStore, Transition } from './store.ts';

export interface RefreshOptions {
  source: SpecSource;
  reader: StatusReader;
  store: StatusStore;
  logger?: Pick<LoggerService, 'info' | 'warn' | 'error'>;
  now?: () => Date;
  /** Transitions older than this are dropped. Default 90 days. */
  historyRetentionDays?: number;
}

export interface RefreshSummary {
  computes: number;
  transitions: number;
  removed: number;
  /** ARM calls made (Resource Graph pages, compute lists, extension GETs). */
  requests: number;
  /** Computes Azure listed in the workspaces read that no spec declares. */
  undeclared: number;
  problems: number;
  durationMs: number;
}

function transitionOf(s: ComputeStatus): ComputeStatusTransition {
  const t: ComputeStatusTransition = { at: s.checkedAt, health: s.health };
  if (s.extension.provisioningState) t.extensionState = s.extension.provisioningState;
  if (s.compute.provisioningState) t.computeState = s.compute.provisioningState;
  const error = s.extension.error ?? s.compute.error;
  if (error) t.error = error;
  return t;
}

/** A transition is any change of health, of either provisioning state, or of the error. */
export function changed(prev: ComputeStatus | undefined, next: ComputeStatus): boolean {
  if (!prev) return true;
  const a = transitionOf(prev);
  const b = transitionOf(next);
  return a.health !== b.health || a.extensionState !== b.extensionState || a.computeState !== b.computeState || a.error?.code !== b.error?.code || a.error?.message !== b.error?.message;
}

export async function refreshStatuses(options: RefreshOptions): Promise<RefreshSummary> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const read = await options.source.read();
  for (const f of read.failures) options.logger?.warn(`azureml-compute: cannot read spec location ${f.location}: ${f.message}`);
  const inventory = inventoryOf(read.files, declaredOf);
  for (const p of inventory.problems) options.logger?.warn(`azureml-compute: spec ${p.location} skipped: ${p.message}`);

  const extensionIds = new Map<string, string>();
  const computeIds = new Map<string, string>();
  for (const d of inventory.entries) {
    extensionIds.set(d.extensionId.toLowerCase(), d.extensionId);
    if (d.computeId) computeIds.set(d.computeId.toLowerCase(), d.computeId);
  }
  let observations;
  try {
    observations = await options.reader.observe({ extensionIds: [...extensionIds.values()], computeIds: [...computeIds.values()] });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await options.store.recordRefresh({ startedAt: started.toISOString(), finishedAt: now().toISOString(), computes: inventory.entries.length, requests: 0, error: message });
    throw err;
  }

  const observed = observations;
  const checkedAt = now().toISOString();
  const previous = new Map((await options.store.list()).map((s) => [s.name, s]));
  // Statuses are composed as the store writes them (a chunk at a time, never all at once); the
  // transitions they cause are complete when the store, having taken every status, writes those.
  const transitions: Transition[] = [];
  function* statuses(): Generator<ComputeStatus> {
    for (const declared of inventory.entries) {
      const prev = previous.get(declared.name);
      const next = composeStatus(declared, observed, checkedAt, prev);
      if (changed(prev, next)) transitions.push({ name: next.name, transition: transitionOf(next) });
      yield next;
    }
  }
  // A partial read (a location failed) must not make computes disappear.
  const declared = new Set(inventory.entries.map((e) => e.name));
  const removed = read.failures.length === 0 ? [...previous.keys()].filter((n) => !declared.has(n)) : [];
  await options.store.write(statuses(), transitions, removed);
  const finished = now();
  const computes = inventory.entries.length;
  await options.store.recordRefresh({ startedAt: started.toISOString(), finishedAt: finished.toISOString(), computes, requests: observations.requests });
  const retentionDays = options.historyRetentionDays ?? 90;
  await options.store.pruneHistory(new Date(finished.getTime() - retentionDays * 86_400_000));
  const summary: RefreshSummary = {
    computes,
    transitions: transitions.length,
    removed: removed.length,
    requests: observations.requests,
    undeclared: [...observations.computes.keys()].filter((k) => !computeIds.has(k)).length,
    problems: inventory.problems.length + read.failures.length,
    durationMs: finished.getTime() - started.getTime(),
  };
  options.logger?.info(`azureml-compute: refreshed ${summary.computes} computes with ${summary.requests} ARM calls in ${summary.durationMs} ms (${summary.transitions} transitions, ${summary.removed} removed, ${summary.undeclared} computes in Azure no spec declares)`);
  return summary;
}
