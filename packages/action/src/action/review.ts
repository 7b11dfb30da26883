// What a reviewer saw, kept in the plan comment: for every pending change of every compute, a digest
// of each field apply would send (settings, protected-value fingerprints, the attach body, role
// assignments, Kubernetes objects). At merge the plan is made again and every pending change must
// be one the reviewer saw, field for field; a plan that is a subset of the reviewed one (a re-run
// after a partial failure) is allowed. The record is salted with the pull request number, so a
// plan comment copied from another pull request does not count.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Change, ChangeAction, Plan, SettingChange } from '@aml-k8s/shared';

export interface ReviewedChange {
  /** The action reviewed. */
  a: ChangeAction;
  /** Whether it was shown as disruptive. */
  d: boolean;
  /** Field → digest of what is sent; `*` for a protected value the plan job could not read. */
  f: Record<string, string>;
}

export interface ReviewRecord {
  v: 2;
  pr: number;
  /** The pull request's head commit the plan was made for. */
  sha: string;
  /** Compute name → change key (target and resource) → what was reviewed. */
  computes: Record<string, Record<string, ReviewedChange>>;
}

const digest = (text: string, length = 12): string => createHash('sha256').update(text).digest('hex').slice(0, length);

export const changeKey = (c: Pick<Change, 'target' | 'id'>): string => digest(`${c.target}\n${c.id.toLowerCase()}`);

const UNREAD = '*';

function fieldDigest(s: SettingChange): string {
  if (s.protected) return s.fingerprint ? digest(`p\n${s.key}\n${s.fingerprint}`) : UNREAD;
  return digest(JSON.stringify([s.key, s.after ?? null]));
}

function reviewedChange(c: Change): ReviewedChange {
  const f: Record<string, string> = {};
  for (const s of c.settings ?? []) f[s.key] = fieldDigest(s);
  return { a: c.action, d: c.disruptive, f };
}

const pending = (c: { changes: Change[] }): Change[] => c.changes.filter((ch) => ch.action !== 'noop');

export function reviewRecord(pr: number, sha: string, plan: Plan): ReviewRecord {
  const computes: ReviewRecord['computes'] = {};
  for (const c of plan.computes) computes[c.name] = Object.fromEntries(pending(c).map((ch) => [changeKey(ch), reviewedChange(ch)]));
  return { v: 2, pr, sha, computes };
}

const MARKER = /<!-- aml-k8s:review ([A-Za-z0-9_-]+) -->/;

export function reviewMarker(record: ReviewRecord): string {
  return `<!-- aml-k8s:review ${deflateRawSync(JSON.stringify(record)).toString('base64url')} -->`;
}

/** The record in a plan comment, if it is one made for pull request `pr`. */
export function parseReview(body: string, pr: number): ReviewRecord | undefined {
  const m = MARKER.exec(body);
  if (!m) return undefined;
  try {
    const r = JSON.parse(inflateRawSync(Buffer.from(m[1]!, 'base64url')).toString('utf8')) as ReviewRecord;
    const wellFormed = r.v === 2 && r.pr === pr && typeof r.sha === 'string' && r.computes !== null && typeof r.computes === 'object';
    return wellFormed ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Several pull requests' records as one: for each compute, the newest review wins. */
export function mergeReviews(records: readonly ReviewRecord[]): ReviewRecord['computes'] {
  const out: ReviewRecord['computes'] = {};
  for (const r of records) Object.assign(out, r.computes);
  return out;
}

/** Actions a re-run may find in place of the reviewed one once part of it was done. */
const CONTINUES: Partial<Record<ChangeAction, readonly ChangeAction[]>> = {
  // A create that failed half-way leaves a resource in a Failed state, which is installed or attached again.
  create: ['update', 'replace'],
  // A replace whose delete was done is left with the create.
  replace: ['create', 'update'],
};

export interface ReviewDifference {
  compute: string;
  /** `extension update`, `compute create`, ... */
  change: string;
  /** The field that differs, when one does. */
  field?: string;
  problem: string;
}

const resourceLabel = (c: Change): string => `${c.target} ${c.action}`;

/** Every pending change that is not what was reviewed, naming the compute and field. Empty: apply may go ahead. */
export function compareWithReview(reviewed: ReviewRecord['computes'], plan: Plan): ReviewDifference[] {
  const out: ReviewDifference[] = [];
  for (const c of plan.computes) {
    const changes = pending(c);
    if (changes.length === 0) continue;
    const seen = Object.hasOwn(reviewed, c.name) ? reviewed[c.name]! : undefined;
    if (!seen) {
      out.push({ compute: c.name, change: changes.map(resourceLabel).join(', '), problem: 'not in any reviewed plan' });
      continue;
    }
    for (const ch of changes) {
      const label = resourceLabel(ch);
      const r = Object.hasOwn(seen, changeKey(ch)) ? seen[changeKey(ch)]! : undefined;
      if (!r) {
        out.push({ compute: c.name, change: label, problem: `${ch.target} ${ch.id.split('/').pop()} was not changed by the reviewed plan` });
        continue;
      }
      if (r.a !== ch.action && !(CONTINUES[r.a] ?? []).includes(ch.action)) out.push({ compute: c.name, change: label, problem: `the reviewed plan would ${r.a} it, not ${ch.action}` });
      if (ch.disruptive && !r.d) out.push({ compute: c.name, change: label, problem: 'it is disruptive now, and the reviewed change was not' });
      for (const s of ch.settings ?? []) {
        const was = Object.hasOwn(r.f, s.key) ? r.f[s.key] : undefined;
        if (was === undefined) out.push({ compute: c.name, change: label, field: s.key, problem: `${s.key} was not part of the reviewed change` });
        else if (was !== UNREAD && was !== fieldDigest(s)) out.push({ compute: c.name, change: label, field: s.key, problem: `${s.key} differs from the reviewed value` });
      }
    }
  }
  return out;
}

export function describeDifferences(differences: readonly ReviewDifference[], max = 20): string {
  const lines = differences.slice(0, max).map((d) => `${d.compute}: ${d.change}: ${d.problem}`);
  if (differences.length > max) lines.push(`and ${differences.length - max} more`);
  return lines.join('; ');
}
