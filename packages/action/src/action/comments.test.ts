import { expect, test } from '@jest/globals';
import { captureStdout } from '../../test/workflow-commands.ts';
import type { RunContext } from './context.ts';
import { postComment, publishPlanComment } from './comments.ts';
import type { GitHubApi } from './github-api.ts';
import { GitHubApiError } from './github-errors.ts';
import { COMMENT_LIMIT } from './sticky-comment.ts';

const stdout = captureStdout();

function contextWith(api: Partial<GitHubApi>): RunContext {
  return { api: api as GitHubApi, inputs: { comment: true }, specKey: 'k', scrub: (t: string) => t } as unknown as RunContext;
}

const forbidden = (): GitHubApiError => new GitHubApiError({ status: 403, method: 'POST', url: 'https://api.github.com/repos/o/r/issues/7/comments', operation: 'createComment', githubMessage: 'Resource not accessible by integration' });

test('the apply follow-up splits like the plan comment: every part under GitHub\'s limit', async () => {
  const bodies: string[] = [];
  const ctx = contextWith({ createComment: async (_n, body) => (bodies.push(body), { id: bodies.length, body, trusted: true }) });
  const rows = Array.from({ length: 3000 }, (_, i) => `| compute-${i} | \`computes/compute-${i}.yaml\` | ✅ applied | 12 s | extension update, compute noop |`);
  await postComment(ctx, 7, `### aml-k8s apply\n\n| compute | spec | result | duration | details |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
  expect(bodies.length).toBeGreaterThan(2);
  for (const b of bodies) expect(b.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  expect(bodies[0]).toMatch(/^_Part 1 of \d+_/);
  expect(bodies.join('\n')).toContain('compute-2999');
});

test('a token that may not comment gets a warning, not a failure', async () => {
  const ctx = contextWith({ createComment: async () => Promise.reject(forbidden()), listComments: async () => [] });
  await expect(postComment(ctx, 7, 'result')).resolves.toBeUndefined();
  await expect(publishPlanComment(ctx, 7, 'plan')).resolves.toBeUndefined();
  expect(stdout.lines().filter((l) => l.startsWith('::warning::')).join('')).toContain('Resource not accessible by integration');
});

test('other GitHub failures are not swallowed', async () => {
  const broken = new GitHubApiError({ status: 422, method: 'POST', url: 'https://api.github.com/x', operation: 'createComment', githubMessage: 'Validation Failed' });
  await expect(postComment(contextWith({ createComment: async () => Promise.reject(broken) }), 7, 'x')).rejects.toBe(broken);
});
