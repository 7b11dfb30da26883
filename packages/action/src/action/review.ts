// What a reviewer saw: the plan's hash, salted with the pull request number (a plan comment copied
// from another pull request does not count), and one hash per compute to show what changed since.
import { createHash } from 'node:crypto';
import { summarizePlan } from '@aml-k8s/shared';
import type { Plan } from '@aml-k8s/shared';

export interface ReviewRecord {
  v: 1;
  pr: number;
  hash: string;
  computes: Record<string, string>;
}

export function reviewHash(pr: number, plan: Plan): string {
  return createHash('sha256').update(`aml-k8s/review/${pr}/${plan.hash}`).digest('hex');
}

export function computeHashes(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.computes.map((c) => [c.name, summarizePlan([c]).hash.slice(0, 16)]));
}

export function reviewRecord(pr: number, plan: Plan): ReviewRecord {
  return { v: 1, pr, hash: reviewHash(pr, plan), computes: computeHashes(plan) };
}

export function reviewMarker(record: ReviewRecord): string {
  return `<!-- aml-k8s:review ${Buffer.from(JSON.stringify(record)).toString('base64url')} -->`;
}

export function parseReview(body: string): ReviewRecord | undefined {
  const m = /<!-- aml-k8s:review ([A-Za-z0-9_-]+) -->/.exec(body);
  if (!m) return undefined;
  try {
    const r = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as ReviewRecord;
    return r.v === 1 && typeof r.hash === 'string' && typeof r.pr === 'number' && r.computes && typeof r.computes === 'object' ? r : undefined;
  } catch {
    return undefined;
  }
}

export interface ReviewComparison {
  same: boolean;
  /** Computes whose pending changes differ from what was reviewed. */
  changed: string[];
  /** Planned now, not in the reviewed plan. */
  added: string[];
  /** In the reviewed plan, not planned now. */
  missing: string[];
}

export function compareWithReview(review: ReviewRecord, pr: number, plan: Plan): ReviewComparison {
  const now = computeHashes(plan);
  const changed = Object.keys(now).filter((n) => n in review.computes && review.computes[n] !== now[n]);
  const added = Object.keys(now).filter((n) => !(n in review.computes));
  const missing = Object.keys(review.computes).filter((n) => !(n in now));
  return { same: review.pr === pr && review.hash === reviewHash(pr, plan), changed, added, missing };
}
