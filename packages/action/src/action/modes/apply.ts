// `mode: apply` (push to the default branch): converge every spec changed since the last successful
// apply, each against the plan reviewed on the pull request that changed it. Nothing is written
// unless every pending change is one a reviewer saw (a subset is fine: a re-run after a partial
// failure applies what is left).
import { info, setOutput } from '@actions/core';
import { AmlK8sError, applySpecs, ApplyRefused, hasChanges, hasErrors, renderPlanMarkdown, summarizePlan } from '@aml-k8s/shared';
import type { ApplyRefusal, ApplyResult, Plan } from '@aml-k8s/shared';
import { applyLog } from '../apply-log.ts';
import { applyScope, recordApply } from '../apply-scope.ts';
import type { ApplyScope } from '../apply-scope.ts';
import { asAuthFailure, asAzureForbidden, azureSession } from '../azure.ts';
import { postComment } from '../comments.ts';
import type { RunContext } from '../context.ts';
import { ActionFailure } from '../failure.ts';
import type { FailureReason } from '../failure.ts';
import type { PullRequestRef } from '../github-api.ts';
import { writePlanOutputs, writeSummary } from '../outputs.ts';
import { diagnosticsMarkdown, resultsMarkdown } from '@aml-k8s/shared/core';
import { compareWithReview, describeDifferences, mergeReviews, parseReview } from '../review.ts';
import type { ReviewDifference, ReviewRecord } from '../review.ts';
import { findSpecs } from '../spec-files.ts';
import { loadWorkspaceSpecs, planSetOptions, planTargets } from '../specs.ts';
import { readStickyComment } from '../sticky-comment.ts';

const TITLE = 'aml-k8s apply';

/** Why a refused apply failed the run. */
const REFUSAL_REASONS: Record<ApplyRefusal, FailureReason> = {
  'validation-errors': 'validation-failed',
  'disruptive-without-consent': 'apply-failed',
};

class PlanChanged extends AmlK8sError<'plan-changed'> {
  override readonly name = 'PlanChanged';
  readonly plan: Plan;
  readonly differences: ReviewDifference[];
  constructor(plan: Plan, differences: ReviewDifference[]) {
    super('plan-changed', 'the plan changed since review');
    this.plan = plan;
    this.differences = differences;
  }
}

const prList = (prs: readonly PullRequestRef[]): string => prs.map((p) => `#${p.number}`).join(', ');

/** The reviewed plans of the pull requests in scope, oldest first; a pull request without one is `not-reviewed`. */
async function reviewsOf(ctx: RunContext, scope: ApplyScope): Promise<ReviewRecord[]> {
  const reviews: ReviewRecord[] = [];
  const missing: number[] = [];
  const changing = new Set([...scope.pullRequestOf.values()].map((p) => p.number));
  for (const pr of scope.pullRequests.filter((p) => changing.has(p.number))) {
    const review = parseReview((await readStickyComment(ctx.api!, pr.number, ctx.specKey)) ?? '', pr.number);
    if (!review) missing.push(pr.number);
    else {
      if (pr.headSha && review.sha !== pr.headSha) info(`The plan on #${pr.number} was made for commit ${review.sha.slice(0, 7)}; the pull request's head was ${pr.headSha.slice(0, 7)}. It is checked field by field below.`);
      reviews.push(review);
    }
  }
  if (missing.length) {
    throw new ActionFailure('not-reviewed', `Pull request(s) ${missing.map((n) => `#${n}`).join(', ')} changed spec files but carry no aml-k8s plan (no plan comment from the plan job for specs ${ctx.inputs.specs.join(', ')}). Nothing was applied. Run the plan job on pull requests (and let it finish before merging), or set \`require-review: false\`.`);
  }
  if (scope.unreviewed.length) {
    throw new ActionFailure('not-reviewed', `${scope.unreviewed.map((f) => `\`${f}\``).join(', ')} changed in commits that belong to no pull request, so no plan was reviewed for them. Nothing was applied. Change specs through pull requests, or set \`require-review: false\`.`);
  }
  return reviews;
}

/** Consent to a disruptive change comes from the input or the label on the pull request that made the change. */
function checkConsent(ctx: RunContext, scope: ApplyScope, plan: Plan): void {
  if (ctx.inputs.allowDisruptive) return;
  const consents = (pr: PullRequestRef | undefined): boolean => pr?.labels.includes(ctx.inputs.allowDisruptiveLabel) ?? false;
  // A pruned compute has no spec file any more: the pull requests that deleted spec files speak for it.
  const deleters = scope.removed.map((f) => scope.pullRequestOf.get(f));
  const consented = (c: Plan['computes'][number]): boolean => (c.removal?.reason === 'prune' ? deleters.some(consents) : consents(scope.pullRequestOf.get(c.file)));
  const refused = plan.computes.filter((c) => c.changes.some((ch) => ch.disruptive && ch.action !== 'noop')).filter((c) => !consented(c));
  if (refused.length === 0) return;
  throw new ApplyRefused('disruptive-without-consent', `Nothing was applied: disruptive changes to ${refused.map((c) => c.name).join(', ')} have no consent.`);
}

export async function applyMode(ctx: RunContext): Promise<void> {
  const all = findSpecs(ctx.inputs.specs, ctx.workspace);
  const scope: ApplyScope | undefined = ctx.api ? await applyScope(ctx, new Set(all)) : undefined;
  if (scope?.alreadyApplied) {
    info(`Commit ${ctx.sha.slice(0, 7)} was applied successfully before; nothing to apply.`);
    await writeSummary(ctx, `### ${TITLE}\n\nCommit ${ctx.sha.slice(0, 7)} was applied successfully before: nothing to apply. (Drift since then is what \`mode: drift\` reports.)\n`);
    writePlanOutputs(ctx, summarizePlan([]));
    setOutput('applied-count', '0');
    return;
  }
  let reviewed: ReviewRecord['computes'] | undefined;
  let targets: Set<string>;
  if (!ctx.inputs.requireReview) {
    targets = scope && (scope.pullRequests.length || scope.since) ? new Set(scope.files) : new Set(all);
    info(`require-review is off: applying ${targets.size} spec file(s) without comparing with a reviewed plan.`);
  } else if (!scope || (scope.pullRequests.length === 0 && scope.unreviewed.length === 0 && !scope.since)) {
    throw new ActionFailure('not-reviewed', `No pull request is associated with commit ${ctx.sha.slice(0, 7)}${ctx.api ? '' : ' (no github-token to look it up)'}, so no plan was reviewed. Nothing was applied. Change specs through pull requests, or set \`require-review: false\` to apply the current plan.`);
  } else {
    targets = planTargets(ctx, all, [...scope.files], scope.removed);
    reviewed = mergeReviews(await reviewsOf(ctx, scope));
  }
  const specs = loadWorkspaceSpecs(ctx, targets);
  if (hasErrors(specs.specDiagnostics)) {
    await writeSummary(ctx, `### ${TITLE}\n\n**Not applied: the spec files have errors.**\n\n${diagnosticsMarkdown(specs.specDiagnostics.filter((d) => d.severity === 'error'), 'Errors')}`);
    throw new ActionFailure('validation-failed', 'The spec files have errors; nothing was applied. See the annotations.');
  }
  const inputs = specs.inputs.filter((i) => targets.has(i.file));
  const pruning = ctx.inputs.prune && (scope?.removed.length ?? 0) > 0;
  if (inputs.length === 0 && !pruning) {
    info('No spec file to apply.');
    await writeSummary(ctx, `### ${TITLE}\n\nNo spec file changed: nothing to apply.\n`);
    writePlanOutputs(ctx, summarizePlan([]));
    setOutput('applied-count', '0');
    await recordApply(ctx, 'success', 'no spec file changed');
    return;
  }
  const session = await azureSession(ctx);
  const log = applyLog(inputs.length, ctx.scrub);
  let outcome: ApplyResult;
  try {
    // Validated once above, over every spec file (rules across the set see them all); applied: the targets.
    const validated = { specs: specs.validation.specs.filter((v) => targets.has(v.parsed.file)), diagnostics: specs.specDiagnostics };
    outcome = await applySpecs(validated, session.gateway, {
      ...planSetOptions(ctx),
      allowDisruptive: true,
      pollIntervalMs: session.pollIntervalMs,
      waitForRunning: false,
      onEvent: log.onEvent,
      beforeWrite(plan) {
        const blocked = plan.computes.filter((c) => c.blocked);
        if (blocked.length) throw new ActionFailure('locked', `Nothing was applied: ${blocked.map((c) => `${c.name}: ${c.blocked}`).join('; ')}. Another run is working on it; run again when it has finished.`);
        if (!hasChanges(plan)) return;
        if (reviewed) {
          const differences = compareWithReview(reviewed, plan);
          if (differences.length) throw new PlanChanged(plan, differences);
        }
        if (scope) checkConsent(ctx, scope, plan);
        else if (!ctx.inputs.allowDisruptive && plan.summary.disruptive > 0) throw new ApplyRefused('disruptive-without-consent', 'Nothing was applied: the plan has disruptive changes.');
      },
    });
  } catch (e) {
    if (e instanceof PlanChanged) {
      writePlanOutputs(ctx, e.plan);
      const reason = describeDifferences(e.differences);
      const md = `### ${TITLE}: not applied, the plan changed since review\n\nThe plan now differs from the one reviewed on ${prList(scope?.pullRequests ?? [])}. Nothing was written.\n\n${e.differences.slice(0, 50).map((d) => `- **${d.compute}**: ${d.change}: ${d.problem}`).join('\n')}\n\nReview the plan below in a new pull request (or push to one and let the plan job run), then merge again.\n\n${renderPlanMarkdown(e.plan, { title: 'Plan now' })}\n<sub>[Run](${ctx.runUrl})</sub>\n`;
      setOutput('failure-reason', e.code);
      await writeSummary(ctx, md);
      for (const pr of scope?.pullRequests.slice(-1) ?? []) await postComment(ctx, pr.number, md);
      throw new ActionFailure(e.code, `The plan changed since it was reviewed (${reason}); nothing was applied.`, { cause: e });
    }
    if (e instanceof ApplyRefused) {
      const reason = REFUSAL_REASONS[e.code];
      const remedy = e.code === 'disruptive-without-consent' ? `To consent, label the pull request "${ctx.inputs.allowDisruptiveLabel}" before merging, or set \`allow-disruptive: true\`.` : undefined;
      const md = `### ${TITLE}: refused\n\n${e.message}\n\n${diagnosticsMarkdown(e.diagnostics.filter((d) => d.severity === 'error'), 'Errors')}`;
      setOutput('failure-reason', reason);
      await writeSummary(ctx, md);
      throw new ActionFailure(reason, e.message, { remedy, cause: e });
    }
    throw asAuthFailure(session, e) ?? asAzureForbidden(e) ?? e;
  } finally {
    log.stop();
  }
  await reportOutcome(ctx, scope, outcome);
}

async function reportOutcome(ctx: RunContext, scope: ApplyScope | undefined, outcome: ApplyResult): Promise<void> {
  writePlanOutputs(ctx, outcome.plan);
  const failed = outcome.results.filter((r) => r.outcome !== 'applied' && r.outcome !== 'unchanged');
  const applied = outcome.results.filter((r) => r.outcome === 'applied').length;
  setOutput('applied-count', String(applied));
  const failure = failed.length ? (failed.every((r) => /AuthorizationFailed|Forbidden|403/.test(`${r.error?.code ?? ''}`)) ? 'azure-forbidden' : 'apply-failed') : undefined;
  if (failure) setOutput('failure-reason', failure);
  const headline = failed.length ? `❌ ${failed.length} of ${outcome.results.length} compute(s) failed` : hasChanges(outcome.plan) ? `✅ applied ${applied} compute(s)` : '✅ nothing to apply: Azure already matches the specs';
  const md = `### ${TITLE}: ${headline}\n\n${resultsMarkdown(outcome.results)}\n<sub>Commit ${ctx.sha.slice(0, 7)}${scope?.since ? ` · since ${scope.since.slice(0, 7)}` : ''} · [Run](${ctx.runUrl})</sub>\n`;
  await writeSummary(ctx, md);
  await recordApply(ctx, failed.length ? 'failure' : 'success', failed.length ? `${failed.length} compute(s) failed` : `${applied} compute(s) applied`);
  let commentError: unknown;
  for (const pr of scope?.pullRequests ?? []) {
    try {
      await postComment(ctx, pr.number, md);
    } catch (e) {
      commentError ??= e;
    }
  }
  if (failure) throw new ActionFailure(failure, `${failed.length} compute(s) failed: ${failed.map((r) => `${r.name}: ${r.error?.message ?? r.outcome}`).join('; ')}`);
  if (commentError) throw commentError;
}
