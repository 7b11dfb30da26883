// The GitHub Action's entry point (bundled to dist/index.js; action.yml runs it on node24).
import { info, setFailed, setOutput, setSecret } from '@actions/core';
import { isAmlK8sError } from '@aml-k8s/shared/core';
import { asAzureForbidden } from './azure.ts';
import { resolveMode, runContext } from './context.ts';
import { ActionFailure } from './failure.ts';
import type { FailureReason } from './failure.ts';
import { GitHubApiError } from './github-errors.ts';
import { InputError, readInputs } from './inputs.ts';
import { applyMode } from './modes/apply.ts';
import { driftMode } from './modes/drift.ts';
import { listMode } from './modes/list.ts';
import { planMode } from './modes/plan.ts';
import { maskSecretsAsRead } from './masking.ts';

/** Every failure as a reason and a message; an unknown error is still reported, with its message. */
function classify(e: unknown): { reason?: FailureReason; message: string } {
  // Their codes are failure reasons.
  if (e instanceof ActionFailure || e instanceof InputError) return { reason: e.code, message: e.remedy ? `${e.message}\n${e.remedy}` : e.message };
  if (e instanceof GitHubApiError) return { reason: e.code, message: `${e.message}${e.status === 403 || e.status === 404 ? '. Check the job\'s `permissions:` (see docs/action.md).' : ''}` };
  const forbidden = asAzureForbidden(e);
  if (forbidden) return { reason: forbidden.code, message: forbidden.message };
  // A credential configured wrongly (a secret without its tenant and client IDs, an unknown AML_K8S_CREDENTIAL).
  if (isAmlK8sError(e, 'credential-config')) return { reason: 'auth-failed', message: e.remedy ? `${e.message}\n${e.remedy}` : e.message };
  return { message: `aml-k8s failed unexpectedly: ${(e as Error)?.message ?? String(e)}` };
}

async function runOnce(): Promise<void> {
  maskSecretsAsRead();
  try {
    const inputs = readInputs();
    if (inputs.githubToken) setSecret(inputs.githubToken);
    const ctx = runContext(inputs, process.env);
    const mode = resolveMode(ctx);
    info(`aml-k8s ${mode} (${ctx.eventName || 'no event'}), specs: ${inputs.specs.join(', ')}`);
    const modes = { plan: planMode, apply: applyMode, drift: driftMode, list: listMode };
    await modes[mode](ctx);
  } catch (e) {
    const { reason, message } = classify(e);
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
