// Plans every present spec with bounded concurrency, waiting first for operations an earlier run
// left running.
import pLimit from 'p-limit';
import type { AzureGateway } from '../azure/gateway.ts';
import { isTerminal } from '../azure/gateway.ts';
import type { ValidatedSpec } from '../validate/validate.ts';
import type { PlanEvent } from './events.ts';
import { planCompute } from './plan-compute.ts';
import type { PlanOptions, PlannedCompute } from './plan-compute.ts';
import { extensionRefOf } from '../azure/targets.ts';

export interface PlanAllOptions extends PlanOptions {
  concurrency: number;
  /** Wait for an operation an earlier run left running, then plan again (apply does). */
  waitForRunning?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: PlanEvent) => void;
}

/** Plans every spec (bounded concurrency), waiting first for operations an earlier run left running. */
export async function planAll(specs: readonly ValidatedSpec[], gateway: AzureGateway, options: PlanAllOptions): Promise<PlannedCompute[]> {
  const limit = pLimit(Math.max(1, options.concurrency));
  return Promise.all(
    specs.map((spec) =>
      limit(async () => {
        let planned = await planCompute(spec, gateway, options);
        if (planned.plan.blocked && options.waitForRunning && planned.observation.extension && !isTerminal(planned.observation.extension.provisioningState)) {
          options.onEvent?.({ kind: 'step', compute: spec.doc.metadata.name, message: `waiting: ${planned.plan.blocked}` });
          await gateway.waitForExtension(extensionRefOf(spec.doc), { ...(options.signal ? { signal: options.signal } : {}), onProgress: (progress) => options.onEvent?.({ kind: 'progress', compute: spec.doc.metadata.name, progress }) });
          planned = await planCompute(spec, gateway, options);
        }
        return planned;
      }),
    ),
  );
}

