// One error type for every failed GitHub REST call, so callers can tell a missing permission from a
// rate limit or a bad request without knowing Octokit's error shape. It never carries the token.
import { AmlK8sError } from '@aml-k8s/shared/core';

export interface GitHubApiErrorInit {
  status: number;
  method: string;
  url: string;
  operation: string;
  githubMessage: string;
  details?: string[];
  rateLimited?: boolean;
}

/** Code `github-api-failed` (the failure reason it leads to); `status` and `rateLimited` say why. */
export class GitHubApiError extends AmlK8sError<'github-api-failed'> {
  override readonly name = 'GitHubApiError';
  /** HTTP status; 0 or 500 when no response came back (network failure). */
  readonly status: number;
  readonly method: string;
  /** The request URL (query included); never holds credentials. */
  readonly url: string;
  /** The GitHubApi method that failed, e.g. `createComment`. */
  readonly operation: string;
  /** GitHub's own `message` from the response body. */
  readonly githubMessage: string;
  /** For 422: the `errors[].message`s (or `resource.field code` when GitHub sent no message). */
  readonly details: string[];
  /** A 403/429 caused by a primary or secondary rate limit rather than by missing permissions. */
  readonly rateLimited: boolean;

  constructor(init: GitHubApiErrorInit) {
    const details = init.details ?? [];
    const suffix = details.length > 0 ? `: ${details.join('; ')}` : '';
    super('github-api-failed', `GitHub API ${init.operation} (${init.method} ${pathOf(init.url)}) failed with ${init.status}: ${init.githubMessage}${suffix}`);
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.operation = init.operation;
    this.githubMessage = init.githubMessage;
    this.details = details;
    this.rateLimited = init.rateLimited ?? false;
  }
}

/**
 * The token may not do this: a 403 that is not a rate limit, or a 404 (GitHub hides what a token
 * cannot see behind 404). Only treat a 404 this way for resources that should exist (the PR being
 * commented on), not for ones that may legitimately be gone.
 */
export function isPermissionError(e: unknown): e is GitHubApiError {
  return e instanceof GitHubApiError && ((e.status === 403 && !e.rateLimited) || e.status === 404);
}

/** The shape of Octokit's RequestError, checked structurally (its package is not a direct dependency). */
interface OctokitRequestError {
  status: number;
  message: string;
  request: { method?: string; url?: string };
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

function isOctokitRequestError(e: unknown): e is OctokitRequestError {
  return e instanceof Error && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { request?: unknown }).request === 'object';
}

/**
 * Turns Octokit's RequestError into a GitHubApiError; anything else is returned unchanged. The
 * original is not kept as `cause`: its request options would travel with every log of the error.
 */
export function toGitHubApiError(e: unknown, operation: string, secrets: readonly string[] = []): unknown {
  if (e instanceof GitHubApiError || !isOctokitRequestError(e)) return e;
  const scrub = (s: string): string => secrets.filter((x) => x.length > 0).reduce((out, x) => out.split(x).join('***'), s);
  const body = e.response?.data;
  const githubMessage = messageOf(body) ?? e.message;
  return new GitHubApiError({
    status: e.status,
    method: e.request.method ?? 'GET',
    url: scrub(e.request.url ?? ''),
    operation,
    githubMessage: scrub(githubMessage),
    details: detailsOf(body).map(scrub),
    rateLimited: isRateLimit(e.status, githubMessage, e.response?.headers),
  });
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  return undefined;
}

function detailsOf(body: unknown): string[] {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors)) return [];
  return errors.map(detailOf).filter((d): d is string => d !== undefined);
}

function detailOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, resource, field, code } = error as Record<string, unknown>;
  if (typeof message === 'string') return message;
  const where = [resource, field].filter((p) => typeof p === 'string').join('.');
  return typeof code === 'string' ? `${where ? `${where} ` : ''}${code}` : undefined;
}

function isRateLimit(status: number, message: string, headers: Record<string, unknown> | undefined): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return String(headers?.['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
