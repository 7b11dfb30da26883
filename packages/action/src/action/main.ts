// The GitHub Action's entry point (bundled to dist/index.js; action.yml runs it on node24).
import { info, setFailed, setOutput } from '@actions/core';
import { resolveMode, runContext } from './context.ts';
import { ActionFailure } from './failure.ts';
import { InputError, readInputs } from './inputs.ts';
import { applyMode } from './modes/apply.ts';
import { driftMode } from './modes/drift.ts';
import { listMode } from './modes/list.ts';
import { planMode } from './modes/plan.ts';

async function runOnce(): Promise<void> {
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

// Kept on the global object, so that even two copies of the module (loaded under different URLs) share one run.
const RUN = Symbol.for('aml-k8s.action.run');
const registry = globalThis as { [RUN]?: Promise<void> };

/**
 * Runs the Action. The bundle starts it when loaded (the runner only loads `runs.main`), and a tool
 * that imports the module and calls `run()` as well (as @github/local-action does) gets the same
 * run: it happens exactly once however the entry is loaded.
 */
export function run(): Promise<void> {
  registry[RUN] ??= runOnce();
  return registry[RUN];
}

await run();
