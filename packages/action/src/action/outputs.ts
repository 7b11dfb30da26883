// The Action's outputs and job summary.
import { setOutput, summary } from '@actions/core';
import type { Plan } from '@aml-k8s/shared';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunContext } from './context.ts';

export function writePlanOutputs(ctx: RunContext, plan: Plan): string {
  const file = join(ctx.env.RUNNER_TEMP || tmpdir(), `aml-k8s-plan-${ctx.specKey}.json`);
  // The plan holds Azure's current values, which may include one now kept as a protected setting.
  writeFileSync(file, ctx.scrub(`${JSON.stringify(plan, null, 2)}\n`));
  const changes = plan.computes.reduce((n, c) => n + c.changes.filter((ch) => ch.action !== 'noop').length, 0);
  setOutput('plan-json', file);
  setOutput('change-count', String(changes));
  setOutput('has-disruptive', String(plan.summary.disruptive > 0));
  return file;
}

/** Appends to the job summary; a no-op outside a runner (no GITHUB_STEP_SUMMARY). */
export async function writeSummary(ctx: RunContext, markdown: string): Promise<void> {
  if (!ctx.env.GITHUB_STEP_SUMMARY) return;
  await summary.addRaw(ctx.scrub(markdown), true).write();
  summary.emptyBuffer();
}
