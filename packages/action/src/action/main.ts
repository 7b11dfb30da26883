// The GitHub Action's entry point (bundled to dist/index.js; action.yml runs it on node24).
import { info, setFailed, setOutput } from '@actions/core';
import { resolveMode, runContext } from './context.ts';
import { ActionFailure } from './failure.ts';
import { InputError, readInputs } from './inputs.ts';
import { applyMode } from './modes/apply.ts';
import { driftMode } from './modes/drift.ts';
import { listMode } from './modes/list.ts';
import { planMode } from './modes/plan.ts';

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const ctx = runContext(inputs, process.env);
    const mode = resolveMode(ctx);
    info(`aml-k8s ${mode} (${ctx.eventName || 'no event'}), specs: ${inputs.specs.join(', ')}`);
    const modes = { plan: planMode, apply: applyMode, drift: driftMode, list: listMode };
    await modes[mode](ctx);
  } catch (e) {
    if (e instanceof ActionFailure) {
      setOutput('failure-reason', e.reason);
      setFailed(e.message);
    } else if (e instanceof InputError) {
      setFailed(e.message);
    } else {
      const err = e as Error;
      setFailed(`aml-k8s failed unexpectedly: ${err?.message ?? String(e)}`);
    }
  }
}

await run();
