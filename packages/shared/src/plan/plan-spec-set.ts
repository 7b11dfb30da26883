// The whole plan of a spec set: every present spec, and the removals it asks for (specs with
// `state: absent`, and with prune the computes aml-k8s attached that no spec declares any more).
import type { AzureGateway } from '../azure/gateway.ts';
import { withSharedPlanningReads } from '../azure/shared-reads.ts';
import { computeRefOf } from '../azure/targets.ts';
import type { ValidatedSpec } from '../validate/validate.ts';
import { planAll } from './plan-all.ts';
import type { PlanAllOptions } from './plan-all.ts';
import type { PlannedCompute } from './plan-compute.ts';
import { summarizePlan } from './plan-compute.ts';
import { absentTargets, planRemovals, pruneTargets } from './plan-removal.ts';
import type { PlannedRemoval } from './plan-removal.ts';
import type { Plan } from './types.ts';

export interface SpecSetPlanOptions extends PlanAllOptions {
  /** Also remove computes tagged managed-by=aml-k8s, in the workspaces the specs use, that no spec declares. */
  prune?: boolean;
  /** Uninstall an extension in a Failed state with Azure's forceDelete. */
  forceDelete?: boolean;
}

export interface SpecSetPlan {
  planned: PlannedCompute[];
  removals: PlannedRemoval[];
  /** Present computes first, then removals. */
  plan: Plan;
}

/**
 * Plans a spec set. Every planning entry (the CLI's plan, the Action's plan and drift modes, apply)
 * comes through here, so all of them read what the computes share once: a workspace's location once,
 * and the computes of a workspace two or more specs use in one listing.
 */
export async function planSpecSet(specs: readonly ValidatedSpec[], azure: AzureGateway, options: SpecSetPlanOptions): Promise<SpecSetPlan> {
  const gateway = withSharedPlanningReads(azure, specs.flatMap((s) => computeRefOf(s.doc) ?? []));
  const present = specs.filter((s) => s.doc.spec.state !== 'absent');
  const [planned, pruned] = await Promise.all([planAll(present, gateway, options), options.prune ? pruneTargets(specs, gateway, options.concurrency) : Promise.resolve([])]);
  const targets = [...absentTargets(specs), ...pruned];
  const removals = targets.length ? await planRemovals(targets, specs, gateway, { concurrency: options.concurrency, ...(options.forceDelete ? { forceDelete: true } : {}) }) : [];
  return { planned, removals, plan: summarizePlan([...planned.map((p) => p.plan), ...removals.map((r) => r.plan)]) };
}
