// Parsing `GET /computes` query strings into a `ListQuery`, the opaque cursor, and the ETag of an
// answer. Anything malformed is a 400 (InputError), never silently "all".
import { createHash } from 'node:crypto';
import {
  COMPUTE_LIST_DEFAULT_LIMIT,
  COMPUTE_LIST_MAX_LIMIT,
  COMPUTE_LIST_MAX_SEARCH,
} from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';
import { InputError } from '@backstage/errors';
import { HEALTHS } from './compute-index.ts';
import type { ListQuery } from './compute-index.ts';

const CURSOR_VERSION = 1;

export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, a: after }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; a?: unknown };
    if (c.v === CURSOR_VERSION && typeof c.a === 'string') return c.a;
  } catch {
    /* reported below */
  }
  throw new InputError('"cursor" is not a cursor this server issued: pass nextCursor of the previous page as it is');
}

function single(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InputError(`"${key}" must be given once, as a plain value`);
  return v;
}

function integer(raw: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = single(raw, key);
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InputError(`"${key}" must be a whole number from ${min} to ${max}`);
  return Number(v);
}

/** Filter values: trimmed, lower-cased (every filter is case-insensitive); empty means "no filter". */
function filterValue(raw: Record<string, unknown>, key: string): string | undefined {
  const v = single(raw, key)?.trim();
  if (!v) return undefined;
  if (v.length > 1000) throw new InputError(`"${key}" is too long`);
  return v.toLowerCase();
}

/** `req.query` (Express' parsed query string) as a validated `ListQuery`. */
export function parseListQuery(raw: Record<string, unknown>): ListQuery {
  const q: ListQuery = { limit: integer(raw, 'limit', 1, COMPUTE_LIST_MAX_LIMIT) ?? COMPUTE_LIST_DEFAULT_LIMIT };
  const offset = integer(raw, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const cursor = single(raw, 'cursor');
  if (offset !== undefined && cursor) throw new InputError('Give either "offset" or "cursor", not both');
  if (offset !== undefined) q.offset = offset;
  if (cursor) q.after = decodeCursor(cursor);
  for (const key of ['workspace', 'cluster', 'owner'] as const) {
    const v = filterValue(raw, key);
    if (v !== undefined) q[key] = v;
  }
  const state = single(raw, 'state')?.trim();
  if (state) {
    const health = HEALTHS.find((h) => h.toLowerCase() === state.toLowerCase());
    if (!health) throw new InputError(`"state" must be one of ${HEALTHS.join(', ')}`);
    q.state = health as ComputeHealth;
  }
  const search = single(raw, 'q')?.trim();
  if (search) {
    if (search.length > COMPUTE_LIST_MAX_SEARCH) throw new InputError(`"q" must be at most ${COMPUTE_LIST_MAX_SEARCH} characters`);
    q.q = search.toLowerCase();
  }
  return q;
}

/**
 * A strong ETag for what `route` answers to `query` from the snapshot `snapshotHash`, for a request
 * that sees the computes `visibility` names (the permission's criteria; empty: every compute).
 */
export function etagOf(snapshotHash: string, route: string, query?: ListQuery, visibility = ''): string {
  return `"${createHash('sha256').update(`${snapshotHash}\n${answerKey(route, query, visibility)}`).digest('base64url').slice(0, 32)}"`;
}

/** What an answer of one snapshot depends on, as a string: equal keys, equal answers. */
export function answerKey(route: string, query?: ListQuery, visibility = ''): string {
  const key = query ? JSON.stringify([query.limit, query.offset ?? null, query.after ?? null, query.workspace ?? null, query.cluster ?? null, query.owner ?? null, query.state ?? null, query.q ?? null]) : '';
  return `${route}\n${key}\n${visibility}`;
}

/** Whether an `If-None-Match` header names this ETag (weak comparison, as RFC 9110 has it for GET). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}
