// `mode: plan` (pull requests): validate with annotations, plan the changed specs against Azure,
// and show the plan in one sticky PR comment and the job summary.
import { info } from '@actions/core';
import { hasErrors, planSpecSet, renderPlanMarkdown, summarizePlan } from '@aml-k8s/shared';
import type { Plan } from '@aml-k8s/shared';
import { asAuthFailure, azureSession } from '../azure.ts';
import { pullRequestNumber } from '../context.ts';
import type { RunContext } from '../context.ts';
import { ActionFailure } from '../failure.ts';
import { writePlanOutputs, writeSummary } from '../outputs.ts';
import { diagnosticsMarkdown } from '@aml-k8s/shared/core';
import { reviewMarker, reviewRecord } from '../review.ts';
import { findSpecs, specsOfPullRequest } from '../spec-files.ts';
import { loadWorkspaceSpecs, planSetOptions, planTargets } from '../specs.ts';
import { publishPlanComment } from '../comments.ts';

const TITLE = 'aml-k8s plan';

function footer(ctx: RunContext, pr: number | undefined): string {
  const apply = pr ? 'Merging applies exactly this plan. If Azure or the specs change before then, the apply stops with `plan-changed` and nothing is written.' : '';
  return `\n<sub>${apply} [Run](${ctx.runUrl}) · commit ${ctx.sha.slice(0, 7)}</sub>\n`;
}

/** The head commit the pull request's plan was made for. */
function headSha(ctx: RunContext): string {
  const head = ctx.payload.pull_request?.['head'] as { sha?: string } | undefined;
  return head?.sha ?? ctx.sha;
}

async function publish(ctx: RunContext, pr: number | undefined, markdown: string, plan?: Plan): Promise<void> {
  await writeSummary(ctx, markdown);
  if (pr === undefined) return;
  const marker = plan ? `${reviewMarker(reviewRecord(pr, headSha(ctx), plan))}\n` : '';
  await publishPlanComment(ctx, pr, `${marker}${markdown}`);
}

/** The merge queue's group, on `merge_group` events. */
function mergeGroup(ctx: RunContext): { baseSha: string; headSha: string; headRef: string } | undefined {
  const g = ctx.payload['merge_group'] as { base_sha?: string; head_sha?: string; head_ref?: string } | undefined;
  return ctx.eventName === 'merge_group' && g?.base_sha && g.head_sha ? { baseSha: g.base_sha, headSha: g.head_sha, headRef: g.head_ref ?? g.head_sha.slice(0, 7) } : undefined;
}

export async function planMode(ctx: RunContext): Promise<void> {
  const pr = pullRequestNumber(ctx);
  const all = findSpecs(ctx.inputs.specs, ctx.workspace);
  let targets = new Set(all);
  let removedFiles: string[] = [];
  const group = mergeGroup(ctx);
  if (pr !== undefined && ctx.api) {
    const touched = specsOfPullRequest(await ctx.api.pullRequestFiles(pr), ctx.inputs.specs, new Set(all));
    targets = planTargets(ctx, all, touched.changed, touched.removed);
    removedFiles = touched.removed;
    info(`Pull request #${pr} changes ${touched.changed.length} spec file(s)${touched.removed.length ? ` and removes ${touched.removed.length}` : ''}.`);
  } else if (group && ctx.api) {
    // A merge queue's group: the specs its pull requests change together, planned as they will be merged.
    const touched = specsOfPullRequest((await ctx.api.compareCommits(group.baseSha, group.headSha)).files, ctx.inputs.specs, new Set(all));
    targets = planTargets(ctx, all, touched.changed, touched.removed);
    removedFiles = touched.removed;
    info(`Merge group ${group.headRef} changes ${touched.changed.length} spec file(s)${touched.removed.length ? ` and removes ${touched.removed.length}` : ''}.`);
  }
  const specs = loadWorkspaceSpecs(ctx, targets);
  if (hasErrors(specs.validation.diagnostics)) {
    const errors = specs.validation.diagnostics.filter((d) => d.severity === 'error');
    const md = [`### ${TITLE}`, '', `**Not planned: ${errors.length} error(s) in the spec files.** Each is annotated on its line; fix them and push again.`, '', diagnosticsMarkdown(specs.validation.diagnostics.filter((d) => d.severity !== 'info'), 'Diagnostics'), footer(ctx, undefined)].join('\n');
    await publish(ctx, pr, md);
    throw new ActionFailure('validation-failed', `${errors.length} error(s) in the spec files; see the annotations.`);
  }
  const selected = specs.validation.specs.filter((s) => targets.has(s.parsed.file));
  if (selected.length === 0 && !(ctx.inputs.prune && removedFiles.length)) {
    info('No spec file to plan.');
    await writeSummary(ctx, `### ${TITLE}\n\nNo spec file matching \`${ctx.inputs.specs.join(', ')}\` changed: nothing to plan.\n`);
    writePlanOutputs(ctx, summarizePlan([]));
    return;
  }
  const session = await azureSession(ctx);
  let plan: Plan;
  try {
    plan = (await planSpecSet(selected, session.gateway, planSetOptions(ctx))).plan;
  } catch (e) {
    throw asAuthFailure(session, e) ?? e;
  }
  writePlanOutputs(ctx, plan);
  const kept = removedFiles.length && !ctx.inputs.prune ? `> [!NOTE]\n> This pull request deletes ${removedFiles.map((f) => `\`${f}\``).join(', ')}. Without \`prune\` the computes they described stay in Azure; to remove one, set \`spec.state: absent\` instead of deleting the file, or enable \`prune\`.\n` : '';
  const md = [renderPlanMarkdown(plan, { title: TITLE }), kept, diagnosticsMarkdown(specs.overflow, 'More diagnostics (over the annotation limit)'), footer(ctx, pr)].join('\n');
  await publish(ctx, pr, md, plan);
  info(`Plan: ${plan.summary.create} to create, ${plan.summary.update} to update, ${plan.summary.replace} to replace, ${plan.summary.disruptive} disruptive.`);
  const blocked = plan.computes.filter((c) => c.blocked);
  if (blocked.length) throw new ActionFailure('locked', `Not planned completely: ${blocked.map((c) => `${c.name}: ${c.blocked}`).join('; ')}. Run again when the operation has finished.`);
}
