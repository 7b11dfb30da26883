// One plan comment per pull request (and spec set), updated in place; split into parts when the
// plan is longer than GitHub allows in one comment.
import type { GitHubApi } from './github-api.ts';

/** GitHub rejects comment bodies over 65,536 characters; leave room for the part header. */
export const COMMENT_LIMIT = 65_536;
const PART_BUDGET = COMMENT_LIMIT - 2_000;

const markerOf = (key: string, part: number): string => `<!-- aml-k8s:plan key=${key} part=${part} -->`;
const MARKER = /<!-- aml-k8s:plan key=([0-9a-z-]+) part=(\d+) -->/;

export function commentPart(body: string, key: string): number | undefined {
  const m = MARKER.exec(body);
  return m && m[1] === key ? Number(m[2]) : undefined;
}

function fenceToggle(line: string): boolean {
  return /^\s*```/.test(line);
}

/**
 * Splits Markdown into parts under the budget, preferably between blocks (never inside a code
 * fence or a `<details>` section unless one block alone is too long, in which case the fence is
 * closed and reopened around the cut).
 */
export function splitMarkdown(markdown: string, budget = PART_BUDGET): string[] {
  if (markdown.length <= budget) return [markdown];
  const lines = markdown.split('\n');
  const parts: string[] = [];
  let current: string[] = [];
  let size = 0;
  let lastSafe = 0; // index in `current` after which a cut keeps blocks whole
  let inFence = false;
  let details = 0;
  const flush = (upTo: number): void => {
    parts.push(current.slice(0, upTo).join('\n'));
    current = current.slice(upTo);
    size = current.reduce((n, l) => n + l.length + 1, 0);
    lastSafe = 0;
  };
  for (const line of lines) {
    if (size + line.length + 1 > budget) {
      if (lastSafe > 0) flush(lastSafe);
      if (size + line.length + 1 > budget) {
        // One block is too long on its own: cut it here, keeping the Markdown well formed.
        const open = current.filter(fenceToggle).length % 2 === 1;
        parts.push([...current, ...(open ? ['```'] : []), ...(details > 0 ? ['</details>'] : [])].join('\n'));
        current = [...(details > 0 ? ['<details><summary>(continued)</summary>', ''] : []), ...(open ? ['```diff'] : [])];
        size = current.reduce((n, l) => n + l.length + 1, 0);
        lastSafe = 0;
      }
    }
    current.push(line.length > budget ? `${line.slice(0, budget - 20)}… (cut)` : line);
    size += Math.min(line.length, budget) + 1;
    if (fenceToggle(line)) inFence = !inFence;
    if (!inFence) {
      details += (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
      if (details <= 0) {
        details = 0;
        lastSafe = current.length;
      }
    }
  }
  if (current.length) parts.push(current.join('\n'));
  return parts.filter((p) => p.trim().length > 0);
}

/** Creates or updates the comment parts in place, and deletes parts a shorter plan no longer needs. */
export async function upsertStickyComment(api: GitHubApi, issue: number, key: string, markdown: string): Promise<{ ids: number[]; created: number; updated: number }> {
  const parts = splitMarkdown(markdown);
  const existing = new Map<number, number>();
  for (const c of await api.listComments(issue)) {
    if (!c.trusted) continue;
    const part = commentPart(c.body, key);
    if (part !== undefined && !existing.has(part)) existing.set(part, c.id);
  }
  const ids: number[] = [];
  let created = 0;
  let updated = 0;
  for (const [i, text] of parts.entries()) {
    const header = parts.length > 1 ? `_Part ${i + 1} of ${parts.length}_\n\n` : '';
    const body = `${markerOf(key, i + 1)}\n${header}${text}`;
    const id = existing.get(i + 1);
    if (id !== undefined) {
      await api.updateComment(id, body);
      ids.push(id);
      updated++;
    } else {
      ids.push((await api.createComment(issue, body)).id);
      created++;
    }
  }
  for (const [part, id] of existing) if (part > parts.length) await api.deleteComment(id);
  return { ids, created, updated };
}

/** The bodies of this spec set's plan comment, in part order. */
export async function readStickyComment(api: GitHubApi, issue: number, key: string): Promise<string | undefined> {
  const parts = new Map<number, string>();
  for (const c of await api.listComments(issue)) {
    if (!c.trusted) continue;
    const part = commentPart(c.body, key);
    if (part !== undefined && !parts.has(part)) parts.set(part, c.body);
  }
  if (parts.size === 0) return undefined;
  return [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b).join('\n');
}
