// Comments are a courtesy: the job summary and the outputs carry the result. A token that cannot
// write comments (pull requests from forks, read-only tokens) gets a warning, never a failed job.
import { info, warning } from '@actions/core';
import type { RunContext } from './context.ts';
import { isPermissionError } from './github-errors.ts';
import { splitMarkdown, upsertStickyComment } from './sticky-comment.ts';

function commentFailed(what: string, pr: number, e: unknown): void {
  if (!isPermissionError(e)) throw e;
  warning(`Could not ${what} on #${pr}: ${(e as Error).message}. The job summary has the same content; give the job \`permissions: { pull-requests: write }\` for comments.`);
}

/** The plan as the pull request's sticky comment (updated in place). */
export async function publishPlanComment(ctx: RunContext, pr: number, markdown: string): Promise<void> {
  if (!ctx.api || !ctx.inputs.comment) return;
  try {
    // Scrubbed before splitting, so that the parts keep within GitHub's limit.
    const r = await upsertStickyComment(ctx.api, pr, ctx.specKey, ctx.scrub(markdown));
    info(`Plan comment ${r.created ? 'created' : 'updated'} on #${pr}${r.ids.length > 1 ? ` in ${r.ids.length} parts` : ''}.`);
  } catch (e) {
    commentFailed('post the plan comment', pr, e);
  }
}

/** A new comment (the apply result), split into parts like the plan comment when it is too long. */
export async function postComment(ctx: RunContext, pr: number, markdown: string): Promise<void> {
  if (!ctx.api || !ctx.inputs.comment) return;
  const parts = splitMarkdown(ctx.scrub(markdown));
  try {
    for (const [i, part] of parts.entries()) await ctx.api.createComment(pr, parts.length > 1 ? `_Part ${i + 1} of ${parts.length}_\n\n${part}` : part);
  } catch (e) {
    commentFailed('comment', pr, e);
  }
}
