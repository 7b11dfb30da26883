// What one apply run must converge: every spec file changed since the last successful apply of this
// spec set, not only the head commit's pull request. GitHub's `concurrency` keeps one pending run
// and cancels older pending ones, so a run must also cover the merges whose runs never started.
// The last successful apply is recorded as a GitHub deployment of the applied commit.
import { info, warning } from '@actions/core';
import type { RunContext } from './context.ts';
import { isPermissionError } from './github-errors.ts';
import type { PullRequestRef } from './github-api.ts';
import { isSpecPath, specsOfPullRequest } from './spec-files.ts';

/** Merge commits looked at in one run; a longer gap means the spec set was not applied for a long time. */
const MAX_COMMITS = 100;

export interface ApplyScope {
  /** Spec files to converge (existing files). */
  files: Set<string>;
  /** Spec files deleted in the range (what `prune` removes). */
  removed: string[];
  /** Merged pull requests whose reviews cover the range, oldest first. */
  pullRequests: PullRequestRef[];
  /** Spec file → the newest pull request in the range that changed it. */
  pullRequestOf: Map<string, PullRequestRef>;
  /** Spec files changed in the range by commits that belong to no pull request. */
  unreviewed: string[];
  /** The commit of the last successful apply, when the range starts there. */
  since?: string;
  /** This commit was applied successfully before (a re-run). */
  alreadyApplied: boolean;
}

/** The deployment environment that records this spec set's applies. */
export const deploymentEnvironment = (ctx: RunContext): string => `aml-k8s-${ctx.specKey}`;

async function headPullRequest(ctx: RunContext): Promise<PullRequestRef | undefined> {
  const prs = await ctx.api!.pullRequestsOfCommit(ctx.sha);
  return prs.find((p) => p.mergeCommitSha === ctx.sha) ?? prs[0];
}

async function lastApplied(ctx: RunContext): Promise<string | undefined> {
  try {
    return (await ctx.api!.latestDeployment(deploymentEnvironment(ctx)))?.sha;
  } catch (e) {
    if (!isPermissionError(e)) throw e;
    warning(`Cannot read the record of the last apply (deployments of environment ${deploymentEnvironment(ctx)}): ${(e as Error).message}. Only the pull request of commit ${ctx.sha.slice(0, 7)} is applied, so a merge whose run was cancelled is not caught up. Give the job \`permissions: { deployments: write }\`.`);
    return undefined;
  }
}

/** Files and reviews of the pull requests merged between `since` and this commit, or undefined when the range cannot be read. */
async function sinceLastApply(ctx: RunContext, since: string, existing: ReadonlySet<string>): Promise<ApplyScope | undefined> {
  let range;
  try {
    range = await ctx.api!.compareCommits(since, ctx.sha);
  } catch (e) {
    warning(`Cannot compare the last applied commit ${since.slice(0, 7)} with ${ctx.sha.slice(0, 7)} (${(e as Error).message}); applying the head commit's pull request only.`);
    return undefined;
  }
  if (range.status !== 'ahead' && range.status !== 'identical') {
    warning(`The last applied commit ${since.slice(0, 7)} is not an ancestor of ${ctx.sha.slice(0, 7)} (history was rewritten); applying the head commit's pull request only.`);
    return undefined;
  }
  if (range.commits.length > MAX_COMMITS || range.truncated) {
    warning(`${range.commits.length} commits since the last apply (${since.slice(0, 7)}): looking at the newest ${MAX_COMMITS} only.`);
  }
  const inRange = new Set(range.commits);
  const merged = new Map<number, PullRequestRef>();
  for (const sha of range.commits.slice(-MAX_COMMITS)) {
    for (const pr of await ctx.api!.pullRequestsOfCommit(sha)) if (pr.mergeCommitSha && inRange.has(pr.mergeCommitSha)) merged.set(pr.number, pr);
  }
  const order = (p: PullRequestRef): number => range.commits.indexOf(p.mergeCommitSha!);
  const pullRequests = [...merged.values()].sort((a, b) => order(a) - order(b));
  const files = new Set<string>();
  const removed = new Set<string>();
  const covered = new Set<string>();
  const pullRequestOf = new Map<string, PullRequestRef>();
  for (const pr of pullRequests) {
    const changed = await ctx.api!.pullRequestFiles(pr.number);
    for (const f of changed) {
      covered.add(f.filename);
      if (f.previousFilename) covered.add(f.previousFilename);
    }
    const specs = specsOfPullRequest(changed, ctx.inputs.specs, existing);
    for (const f of [...specs.changed, ...specs.removed]) pullRequestOf.set(f, pr);
    specs.changed.forEach((f) => files.add(f));
    specs.removed.forEach((f) => removed.add(f));
  }
  const unreviewed = range.files.filter((f) => isSpecPath(f.filename, ctx.inputs.specs) && !covered.has(f.filename)).map((f) => f.filename);
  for (const f of unreviewed) if (existing.has(f)) files.add(f);
  return { files, removed: [...removed].filter((f) => !existing.has(f)).sort(), pullRequests, pullRequestOf, unreviewed: [...new Set(unreviewed)].sort(), since, alreadyApplied: false };
}

export async function applyScope(ctx: RunContext, existing: ReadonlySet<string>): Promise<ApplyScope> {
  const since = await lastApplied(ctx);
  if (since === ctx.sha) return { files: new Set(), removed: [], pullRequests: [], pullRequestOf: new Map(), unreviewed: [], since, alreadyApplied: true };
  if (since) {
    const scope = await sinceLastApply(ctx, since, existing);
    if (scope) {
      info(`Since the last apply (${since.slice(0, 7)}): ${scope.pullRequests.length} merged pull request(s)${scope.pullRequests.length ? ` (${scope.pullRequests.map((p) => `#${p.number}`).join(', ')})` : ''}, ${scope.files.size} spec file(s) to converge.`);
      return scope;
    }
  }
  const pr = await headPullRequest(ctx);
  if (!pr) return { files: new Set(), removed: [], pullRequests: [], pullRequestOf: new Map(), unreviewed: [], alreadyApplied: false };
  const specs = specsOfPullRequest(await ctx.api!.pullRequestFiles(pr.number), ctx.inputs.specs, existing);
  info(`Commit ${ctx.sha.slice(0, 7)} merged pull request #${pr.number}, which changes ${specs.changed.length} spec file(s)${since ? '' : ' (no earlier apply is recorded)'}.`);
  return { files: new Set(specs.changed), removed: specs.removed, pullRequests: [pr], pullRequestOf: new Map([...specs.changed, ...specs.removed].map((f) => [f, pr])), unreviewed: [], alreadyApplied: false };
}

/** Records this commit as applied (or its apply as failed), best-effort: a missing permission only warns. */
export async function recordApply(ctx: RunContext, state: 'success' | 'failure', description: string): Promise<void> {
  if (!ctx.api) return;
  try {
    await ctx.api.recordDeployment(deploymentEnvironment(ctx), ctx.sha, state, description, ctx.runUrl);
  } catch (e) {
    warning(`Could not record this apply as a deployment of ${deploymentEnvironment(ctx)} (${(e as Error).message}); the next apply starts from the last recorded one. Give the job \`permissions: { deployments: write }\`.`);
  }
}
