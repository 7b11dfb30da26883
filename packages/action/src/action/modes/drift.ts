// `mode: drift` (on a schedule): plan every spec; one open issue per compute whose Azure state
// differs from its spec, updated while it lasts and closed when it is gone.
import { info, setOutput } from '@actions/core';
import { hasErrors, planSpecSet, renderPlanMarkdown, summarizePlan } from '@aml-k8s/shared';
import type { ComputePlan } from '@aml-k8s/shared';
import { asAuthFailure, azureSession } from '../azure.ts';
import type { RunContext } from '../context.ts';
import { ActionFailure } from '../failure.ts';
import type { TrackedIssue } from '../github-api.ts';
import { writePlanOutputs, writeSummary } from '../outputs.ts';
import { diagnosticsMarkdown } from '@aml-k8s/shared/core';
import { loadWorkspaceSpecs, planSetOptions } from '../specs.ts';

const markerOf = (ctx: RunContext, name: string): string => `<!-- aml-k8s:drift key=${ctx.specKey} compute=${encodeURIComponent(name)} -->`;

function driftBody(ctx: RunContext, c: ComputePlan): string {
  const plan = summarizePlan([c]);
  return `${markerOf(ctx, c.name)}\nAzure no longer matches \`${c.file}\` for compute **${c.name}**. Applying the spec would make these changes:\n\n${renderPlanMarkdown(plan, { title: 'Drift' })}\nFix it by re-applying the spec (merge any change to it, or run the apply job), or change the spec to match what is intended.\n\n<sub>Last checked by [this run](${ctx.runUrl}) at commit ${ctx.sha.slice(0, 7)}.</sub>\n`;
}

export async function driftMode(ctx: RunContext): Promise<void> {
  const specs = loadWorkspaceSpecs(ctx);
  if (hasErrors(specs.specDiagnostics)) {
    await writeSummary(ctx, `### aml-k8s drift\n\n**Not checked: the spec files have errors.**\n\n${diagnosticsMarkdown(specs.specDiagnostics.filter((d) => d.severity === 'error'), 'Errors')}`);
    throw new ActionFailure('validation-failed', 'The spec files have errors; drift was not checked.');
  }
  const session = await azureSession(ctx);
  let computes: ComputePlan[];
  try {
    computes = (await planSpecSet(specs.validation.specs, session.gateway, planSetOptions(ctx))).plan.computes;
  } catch (e) {
    throw asAuthFailure(session, e) ?? e;
  }
  const plan = summarizePlan(computes);
  writePlanOutputs(ctx, plan);
  const drifted = computes.filter((c) => !c.blocked && c.changes.some((ch) => ch.action !== 'noop'));
  const busy = computes.filter((c) => c.blocked);
  setOutput('drifted', JSON.stringify(drifted.map((c) => c.name)));
  const opened: string[] = [];
  const closed: string[] = [];
  if (ctx.api) {
    const open = await ctx.api.openIssues(ctx.inputs.driftLabel);
    const issueOf = (name: string): TrackedIssue | undefined => open.find((i) => i.body.includes(markerOf(ctx, name)));
    for (const c of drifted) {
      const issue = issueOf(c.name);
      if (issue) await ctx.api.updateIssue(issue.number, { body: driftBody(ctx, c) });
      else await ctx.api.createIssue(`Drift: compute ${c.name} differs from ${c.file}`, driftBody(ctx, c), [ctx.inputs.driftLabel]);
      opened.push(c.name);
    }
    for (const c of computes.filter((x) => !x.blocked && !drifted.includes(x))) {
      const issue = issueOf(c.name);
      if (!issue) continue;
      await ctx.api.createComment(issue.number, `Resolved: compute **${c.name}** matches \`${c.file}\` again ([run](${ctx.runUrl})).`);
      await ctx.api.updateIssue(issue.number, { state: 'closed' });
      closed.push(c.name);
    }
  }
  const rows = computes.map((c) => `| ${c.name} | \`${c.file}\` | ${c.blocked ? `⏳ ${c.blocked}` : drifted.includes(c) ? `⚠️ drifted (${c.changes.filter((ch) => ch.action !== 'noop').map((ch) => `${ch.target} ${ch.action}`).join(', ')})` : '✅ in sync'} |`);
  await writeSummary(ctx, `### aml-k8s drift: ${drifted.length} of ${computes.length} compute(s) drifted\n\n| compute | spec | state |\n|---|---|---|\n${rows.join('\n')}\n\n${opened.length ? `Issues open for: ${opened.join(', ')}. ` : ''}${closed.length ? `Closed: ${closed.join(', ')}.` : ''}\n`);
  info(`Drift: ${drifted.length} drifted, ${busy.length} busy, ${computes.length - drifted.length - busy.length} in sync.`);
}
