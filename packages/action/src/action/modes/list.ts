// `mode: list`: spec files as a JSON array for a job matrix. On a pull request, only the files it
// changes; on a push to the default branch, only those its merged pull request changed; else all.
import { info, setOutput } from '@actions/core';
import { isDefaultBranchPush, pullRequestNumber } from '../context.ts';
import type { RunContext } from '../context.ts';
import { writeSummary } from '../outputs.ts';
import { findSpecs, specsOfPullRequest } from '../spec-files.ts';

async function relevantPullRequest(ctx: RunContext): Promise<number | undefined> {
  const pr = pullRequestNumber(ctx);
  if (pr !== undefined || !ctx.api || !isDefaultBranchPush(ctx)) return pr;
  const prs = await ctx.api.pullRequestsOfCommit(ctx.sha);
  return (prs.find((p) => p.mergeCommitSha === ctx.sha) ?? prs[0])?.number;
}

export async function listMode(ctx: RunContext): Promise<void> {
  let files = findSpecs(ctx.inputs.specs, ctx.workspace);
  const pr = await relevantPullRequest(ctx);
  if (pr !== undefined && ctx.api) files = specsOfPullRequest(await ctx.api.pullRequestFiles(pr), ctx.inputs.specs, new Set(files)).changed;
  setOutput('specs', JSON.stringify(files));
  info(`${files.length} spec file(s)${pr !== undefined ? ` changed by #${pr}` : ''}: ${files.join(', ')}`);
  await writeSummary(ctx, `### aml-k8s: ${files.length} spec file(s)${pr !== undefined ? ` changed by #${pr}` : ''}\n\n${files.map((f) => `- \`${f}\``).join('\n')}\n`);
}
