// The GitHub Action's entry point (bundled to dist/index.js; action.yml runs it on node24).
import { info, setFailed, setOutput, setSecret } from '@actions/core';
import { secretScrubber } from '@aml-k8s/shared/core';
import { resolveMode, runContext } from './context.ts';
import { failureReport } from './failure-report.ts';
import { readInputs } from './inputs.ts';
import { applyMode } from './modes/apply.ts';
import { driftMode } from './modes/drift.ts';
import { listMode } from './modes/list.ts';
import { planMode } from './modes/plan.ts';
import { maskSecretsAsRead } from './masking.ts';

async function runOnce(): Promise<void> {
  maskSecretsAsRead();
  // Masking covers the log; comments, issues, the summary and the failure message are scrubbed.
  const secrets = secretScrubber();
  try {
    const inputs = readInputs();
    if (inputs.githubToken) setSecret(inputs.githubToken);
    const ctx = runContext(inputs, process.env, secrets.scrub);
    const mode = resolveMode(ctx);
    info(`aml-k8s ${mode} (${ctx.eventName || 'no event'}), specs: ${inputs.specs.join(', ')}`);
    const modes = { plan: planMode, apply: applyMode, drift: driftMode, list: listMode };
    await modes[mode](ctx);
  } catch (e) {
    const { reason, message } = failureReport(e, secrets.scrub);
    if (reason) setOutput('failure-reason', reason);
    setFailed(message);
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
