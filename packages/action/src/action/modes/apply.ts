// `mode: apply` (push to the default branch): find the merged pull request, re-plan, and apply
// only if the plan is exactly the one reviewed there.
import { info, setOutput } from '@actions/core';
import { applySpecs, ApplyRefused, hasErrors, renderPlanMarkdown, summarizePlan } from '@aml-k8s/shared';
import type { ApplyResult, Plan } from '@aml-k8s/shared';
import { applyLog } from '../apply-log.ts';
import { asAuthFailure, azureSession } from '../azure.ts';
import type { RunContext } from '../context.ts';
import { ActionFailure } from '../failure.ts';
import type { PullRequestRef } from '../github-api.ts';
import { writePlanOutputs, writeSummary } from '../outputs.ts';
import { diagnosticsMarkdown, resultsMarkdown } from '../report.ts';
import { compareWithReview, parseReview } from '../review.ts';
import { findSpecs, specsOfPullRequest } from '../spec-files.ts';
import { loadWorkspaceSpecs, planSetOptions, planTargets } from '../specs.ts';
import { readStickyComment } from '../sticky-comment.ts';

const TITLE = 'aml-k8s apply';

class PlanChanged extends Error {
  readonly plan: Plan;
  readonly detail: string;
  constructor(plan: Plan, detail: string) {
    super('the plan changed since review');
    this.plan = plan;
    this.detail = detail;
  }
}

async function mergedPullRequest(ctx: RunContext): Promise<PullRequestRef | undefined> {
  if (!ctx.api) return undefined;
  const prs = await ctx.api.pullRequestsOfCommit(ctx.sha);
  return prs.find((p) => p.mergeCommitSha === ctx.sha) ?? prs[0];
}

async function comment(ctx: RunContext, pr: PullRequestRef | undefined, markdown: string): Promise<void> {
  if (pr && ctx.api && ctx.inputs.comment) await ctx.api.createComment(pr.number, markdown);
}

export async function applyMode(ctx: RunContext): Promise<void> {
  const all = findSpecs(ctx.inputs.specs, ctx.workspace);
  const pr = await mergedPullRequest(ctx);
  let targets: Set<string>;
  let review: ReturnType<typeof parseReview>;
  if (pr) {
    const touched = specsOfPullRequest(await ctx.api!.pullRequestFiles(pr.number), ctx.inputs.specs, new Set(all));
    targets = planTargets(ctx, all, touched.changed, touched.removed);
    review = parseReview((await readStickyComment(ctx.api!, pr.number, ctx.specKey)) ?? '');
    info(`Commit ${ctx.sha.slice(0, 7)} merged pull request #${pr.number}, which changes ${targets.size} spec file(s).`);
    if (!review && targets.size > 0) {
      throw new ActionFailure('plan-changed', `Pull request #${pr.number} has no reviewed aml-k8s plan for these specs (no plan comment from the plan job). Nothing was applied. Run the plan job on pull requests, or set \`require-review: false\`.`);
    }
  } else if (ctx.inputs.requireReview) {
    throw new ActionFailure('plan-changed', `No pull request is associated with commit ${ctx.sha.slice(0, 7)}, so no plan was reviewed. Nothing was applied. Change specs through pull requests, or set \`require-review: false\` to apply the current plan.`);
  } else {
    targets = new Set(all);
    info(`No pull request for commit ${ctx.sha.slice(0, 7)}; applying all ${all.length} spec file(s) (require-review: false).`);
  }
  const specs = loadWorkspaceSpecs(ctx, targets);
  if (hasErrors(specs.validation.diagnostics)) {
    await writeSummary(ctx, `### ${TITLE}\n\n**Not applied: the spec files have errors.**\n\n${diagnosticsMarkdown(specs.validation.diagnostics.filter((d) => d.severity === 'error'), 'Errors')}`);
    throw new ActionFailure('validation-failed', 'The spec files have errors; nothing was applied. See the annotations.');
  }
  const inputs = specs.inputs.filter((i) => targets.has(i.file));
  if (inputs.length === 0) {
    info('No spec file to apply.');
    await writeSummary(ctx, `### ${TITLE}\n\nNo spec file changed: nothing to apply.\n`);
    writePlanOutputs(ctx, summarizePlan([]));
    return;
  }
  const allowDisruptive = ctx.inputs.allowDisruptive || (pr?.labels.includes(ctx.inputs.allowDisruptiveLabel) ?? false);
  const session = await azureSession(ctx);
  const log = applyLog(inputs.length);
  let outcome: ApplyResult;
  try {
    outcome = await applySpecs(inputs, session.gateway, {
      ...planSetOptions(ctx),
      allowDisruptive,
      pollIntervalMs: session.pollIntervalMs,
      waitForRunning: false,
      onEvent: log.onEvent,
      beforeWrite(plan) {
        const blocked = plan.computes.filter((c) => c.blocked);
        if (blocked.length) throw new ActionFailure('locked', `Nothing was applied: ${blocked.map((c) => `${c.name}: ${c.blocked}`).join('; ')}. Another run is working on it; run again when it has finished.`);
        if (!pr || !review) return;
        const cmp = compareWithReview(review, pr.number, plan);
        if (cmp.same) return;
        const detail = [
          cmp.changed.length ? `changed since review: ${cmp.changed.join(', ')}` : '',
          cmp.added.length ? `not in the reviewed plan: ${cmp.added.join(', ')}` : '',
          cmp.missing.length ? `reviewed but no longer planned: ${cmp.missing.join(', ')}` : '',
        ].filter(Boolean).join('; ') || 'the plan differs from the reviewed one';
        throw new PlanChanged(plan, detail);
      },
    });
  } catch (e) {
    if (e instanceof PlanChanged) {
      writePlanOutputs(ctx, e.plan);
      const md = `### ${TITLE}: not applied, the plan changed since review\n\nAzure or the specs changed after the plan on #${pr!.number} was reviewed (${e.detail}). Nothing was written. This is the plan now; review it in a new pull request (or re-run the plan job there and merge again).\n\n${renderPlanMarkdown(e.plan, { title: 'Plan now' })}\n<sub>[Run](${ctx.runUrl})</sub>\n`;
      await writeSummary(ctx, md);
      await comment(ctx, pr, md);
      throw new ActionFailure('plan-changed', `The plan changed since it was reviewed on #${pr!.number} (${e.detail}); nothing was applied.`);
    }
    if (e instanceof ApplyRefused) {
      const md = `### ${TITLE}: refused\n\n${e.message}\n\n${diagnosticsMarkdown(e.diagnostics.filter((d) => d.severity === 'error'), 'Errors')}`;
      await writeSummary(ctx, md);
      const disruptive = /disruptive/.test(e.message);
      throw new ActionFailure(disruptive ? 'apply-failed' : 'validation-failed', `${e.message}${disruptive ? `\nTo consent, label the pull request "${ctx.inputs.allowDisruptiveLabel}" or set \`allow-disruptive: true\`.` : ''}`);
    }
    throw asAuthFailure(session, e) ?? e;
  } finally {
    log.stop();
  }
  writePlanOutputs(ctx, outcome.plan);
  const failed = outcome.results.filter((r) => r.outcome !== 'applied' && r.outcome !== 'unchanged');
  const headline = failed.length ? `❌ ${failed.length} of ${outcome.results.length} compute(s) failed` : `✅ applied ${outcome.results.length} compute(s)`;
  const md = `### ${TITLE}: ${headline}\n\n${resultsMarkdown(outcome.results)}\n<sub>Commit ${ctx.sha.slice(0, 7)} · [Run](${ctx.runUrl})</sub>\n`;
  await writeSummary(ctx, md);
  await comment(ctx, pr, md);
  setOutput('applied-count', String(outcome.results.filter((r) => r.outcome === 'applied').length));
  if (failed.length) throw new ActionFailure('apply-failed', `${failed.length} compute(s) failed: ${failed.map((r) => `${r.name}: ${r.error?.message ?? r.outcome}`).join('; ')}`);
}
