// `mode: plan` (pull requests): validate with annotations, plan the changed specs against Azure,
// and show the plan in one sticky PR comment and the job summary. The files the Action validates
// but never applies (InstanceType manifests, Terraform, ARM, Bicep, az ml YAML) are checked too,
// and their errors fail the run after the plan is shown.
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
import { loadWorkspaceFiles, planSetOptions, planTargets } from '../specs.ts';
import type { WorkspaceSpecs } from '../specs.ts';
import { validatedOnlyErrors, validatedOnlyMarkdown } from '../validated-only.ts';
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

/** Errors in files the Action validates only fail the check, once the plan of the specs is shown. */
function failOnValidatedOnly(specs: WorkspaceSpecs): void {
  const errors = validatedOnlyErrors(specs.validatedOnly);
  if (errors > 0) throw new ActionFailure('validation-failed', `${errors} error(s) in files the Action validates but does not apply (InstanceType manifests, Terraform, ARM, Bicep, az ml YAML); see the annotations.`);
}

export async function planMode(ctx: RunContext): Promise<void> {
  const pr = pullRequestNumber(ctx);
  const all = findSpecs(ctx.inputs.specs, ctx.workspace);
  let targets = new Set(all);
  let removedFiles: string[] = [];
  // Every file the change touches, so that annotations favour them (specs or not).
  let touchedFiles: string[] = [];
  const group = mergeGroup(ctx);
  if (pr !== undefined && ctx.api) {
    const files = await ctx.api.pullRequestFiles(pr);
    touchedFiles = files.map((f) => f.filename);
    const touched = specsOfPullRequest(files, ctx.inputs.specs, new Set(all));
    targets = planTargets(ctx, all, touched.changed, touched.removed);
    removedFiles = touched.removed;
    info(`Pull request #${pr} changes ${touched.changed.length} spec file(s)${touched.removed.length ? ` and removes ${touched.removed.length}` : ''}.`);
  } else if (group && ctx.api) {
    // A merge queue's group: the specs its pull requests change together, planned as they will be merged.
    const files = (await ctx.api.compareCommits(group.baseSha, group.headSha)).files;
    touchedFiles = files.map((f) => f.filename);
    const touched = specsOfPullRequest(files, ctx.inputs.specs, new Set(all));
    targets = planTargets(ctx, all, touched.changed, touched.removed);
    removedFiles = touched.removed;
    info(`Merge group ${group.headRef} changes ${touched.changed.length} spec file(s)${touched.removed.length ? ` and removes ${touched.removed.length}` : ''}.`);
  }
  const specs = await loadWorkspaceFiles(ctx, new Set([...targets, ...touchedFiles]));
  const checkedOnly = validatedOnlyMarkdown(specs.validatedOnly);
  if (hasErrors(specs.specDiagnostics)) {
    const errors = specs.specDiagnostics.filter((d) => d.severity === 'error');
    const md = [`### ${TITLE}`, '', `**Not planned: ${errors.length} error(s) in the spec files.** Each is annotated on its line; fix them and push again.`, '', diagnosticsMarkdown(specs.specDiagnostics.filter((d) => d.severity !== 'info'), 'Diagnostics'), checkedOnly, footer(ctx, undefined)].join('\n');
    await publish(ctx, pr, md);
    throw new ActionFailure('validation-failed', `${errors.length} error(s) in the spec files${validatedOnlyErrors(specs.validatedOnly) ? ` and ${validatedOnlyErrors(specs.validatedOnly)} in files validated only` : ''}; see the annotations.`);
  }
  const selected = specs.validation.specs.filter((s) => targets.has(s.parsed.file));
  if (selected.length === 0 && !(ctx.inputs.prune && removedFiles.length)) {
    info('No spec file to plan.');
    const md = `### ${TITLE}\n\nNo spec file matching \`${ctx.inputs.specs.join(', ')}\` changed: nothing to plan.\n\n${checkedOnly}`;
    const empty = summarizePlan([]);
    // Files the globs match that are not specs (manifests, az ml YAML) changed: apply on merge looks
    // for a reviewed plan of this pull request, so it gets one, empty. Otherwise the pull request
    // hears about the files validated only when there is something to say.
    if (pr !== undefined && targets.size > 0) await publish(ctx, pr, `${md}${footer(ctx, undefined)}`, empty);
    else if (specs.validatedOnly.diagnostics.some((d) => d.severity !== 'info')) await publish(ctx, pr, `${md}${footer(ctx, undefined)}`);
    else await writeSummary(ctx, md);
    writePlanOutputs(ctx, empty);
    failOnValidatedOnly(specs);
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
  // Diagnostics of the files validated only are all in their own section.
  const overflow = specs.overflow.filter((d) => !specs.validatedOnly.diagnostics.includes(d));
  const md = [renderPlanMarkdown(plan, { title: TITLE }), kept, diagnosticsMarkdown(overflow, 'More diagnostics (over the annotation limit)'), checkedOnly, footer(ctx, pr)].join('\n');
  await publish(ctx, pr, md, plan);
  info(`Plan: ${plan.summary.create} to create, ${plan.summary.update} to update, ${plan.summary.replace} to replace, ${plan.summary.disruptive} disruptive.`);
  failOnValidatedOnly(specs);
  const blocked = plan.computes.filter((c) => c.blocked);
  if (blocked.length) throw new ActionFailure('locked', `Not planned completely: ${blocked.map((c) => `${c.name}: ${c.blocked}`).join('; ')}. Run again when the operation has finished.`);
}
