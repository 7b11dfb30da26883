// The whole plan of a spec set: every present spec, and the removals it asks for (specs with
// `state: absent`, and with prune the computes aml-k8s attached that no spec declares any more).
import type { AzureGateway } from '../azure/gateway.ts';
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

export async function planSpecSet(specs: readonly ValidatedSpec[], gateway: AzureGateway, options: SpecSetPlanOptions): Promise<SpecSetPlan> {
  const present = specs.filter((s) => s.doc.spec.state !== 'absent');
  const [planned, pruned] = await Promise.all([planAll(present, gateway, options), options.prune ? pruneTargets(specs, gateway, options.concurrency) : Promise.resolve([])]);
  const targets = [...absentTargets(specs), ...pruned];
  const removals = targets.length ? await planRemovals(targets, specs, gateway, { concurrency: options.concurrency, ...(options.forceDelete ? { forceDelete: true } : {}) }) : [];
  return { planned, removals, plan: summarizePlan([...planned.map((p) => p.plan), ...removals.map((r) => r.plan)]) };
}
