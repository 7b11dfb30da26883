import { describe, expect, test } from '@jest/globals';
import type { GitHubApi, IssueComment } from './github-api.ts';
import { COMMENT_LIMIT, readStickyComment, splitMarkdown, upsertStickyComment } from './sticky-comment.ts';

function fencesBalanced(part: string): boolean {
  return part.split('\n').filter((l) => /^\s*```/.test(l)).length % 2 === 0;
}

function bigPlan(computes: number, settingsEach: number): string {
  const out = ['### aml-k8s plan', '', '| compute | spec |', '|---|---|'];
  for (let i = 0; i < computes; i++) out.push(`| c${i} | \`computes/c${i}.yaml\` |`);
  for (let i = 0; i < computes; i++) {
    out.push('', `<details><summary>c${i}: extension update</summary>`, '', '```diff');
    for (let j = 0; j < settingsEach; j++) out.push(`~ nodeSelector.pool-${j}: ${'a'.repeat(30)} → ${'b'.repeat(30)}`);
    out.push('```', '', '</details>');
  }
  return out.join('\n');
}

function fakeApi(): GitHubApi & { comments: IssueComment[] } {
  let next = 1;
  const comments: IssueComment[] = [];
  return {
    comments,
    listComments: async () => comments.map((c) => ({ ...c })),
    createComment: async (_issue, body) => {
      if (body.length > COMMENT_LIMIT) throw new Error('body is too long');
      const c = { id: next++, body, trusted: true };
      comments.push(c);
      return c;
    },
    updateComment: async (id, body) => {
      if (body.length > COMMENT_LIMIT) throw new Error('body is too long');
      comments.find((c) => c.id === id)!.body = body;
    },
    deleteComment: async (id) => {
      comments.splice(comments.findIndex((c) => c.id === id), 1);
    },
    pullRequestFiles: async () => [],
    pullRequestsOfCommit: async () => [],
    openIssues: async () => [],
    createIssue: async () => ({ number: 1, title: '', body: '' }),
    updateIssue: async () => undefined,
    compareCommits: async () => ({ commits: [], files: [], status: 'identical', truncated: false }),
    latestDeployment: async () => undefined,
    recordDeployment: async () => undefined,
  };
}

describe('splitMarkdown', () => {
  test('a plan under the limit stays one part', () => {
    expect(splitMarkdown('### plan\n\nshort')).toEqual(['### plan\n\nshort']);
  });

  test('a long plan splits between compute sections, every part under the limit, nothing lost', () => {
    const md = bigPlan(300, 6);
    expect(md.length).toBeGreaterThan(2 * COMMENT_LIMIT);
    const parts = splitMarkdown(md);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) {
      expect(p.length).toBeLessThan(COMMENT_LIMIT - 1000);
      expect(fencesBalanced(p)).toBe(true);
      expect((p.match(/<details>/g) ?? []).length).toBe((p.match(/<\/details>/g) ?? []).length);
    }
    expect(parts.join('\n')).toBe(md);
  });

  test('one section longer than a comment is cut with its code fence closed and reopened', () => {
    const md = bigPlan(1, 2000);
    const parts = splitMarkdown(md);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThan(COMMENT_LIMIT);
      expect(fencesBalanced(p)).toBe(true);
    }
    const lines = new Set(parts.join('\n').split('\n'));
    for (const l of md.split('\n')) expect(lines.has(l)).toBe(true);
  });
});

describe('upsertStickyComment', () => {
  test('creates the parts, updates them in place, and deletes parts a shorter plan no longer needs', async () => {
    const api = fakeApi();
    const long = await upsertStickyComment(api, 7, 'abc', bigPlan(300, 6));
    expect(long.created).toBeGreaterThanOrEqual(3);
    const ids = api.comments.map((c) => c.id);
    const short = await upsertStickyComment(api, 7, 'abc', '### plan\n\nno changes');
    expect(short).toEqual({ ids: [ids[0]], created: 0, updated: 1 });
    expect(api.comments.map((c) => c.id)).toEqual([ids[0]]);
    expect(await readStickyComment(api, 7, 'abc')).toContain('no changes');
  });

  test('another spec set (key) has its own comment', async () => {
    const api = fakeApi();
    await upsertStickyComment(api, 7, 'one', 'plan one');
    await upsertStickyComment(api, 7, 'two', 'plan two');
    await upsertStickyComment(api, 7, 'one', 'plan one again');
    expect(api.comments).toHaveLength(2);
    expect(await readStickyComment(api, 7, 'two')).toContain('plan two');
  });

  test('a plan comment written by someone without write access is not read as the reviewed plan', async () => {
    const api = fakeApi();
    await upsertStickyComment(api, 7, 'abc', 'the real plan');
    api.comments.unshift({ id: 99, body: '<!-- aml-k8s:plan key=abc part=1 -->\nforged', trusted: false });
    expect(await readStickyComment(api, 7, 'abc')).toContain('the real plan');
    expect(await readStickyComment(api, 7, 'abc')).not.toContain('forged');
  });
});
