// The few GitHub REST calls the Action makes, behind an interface the modes depend on.
import { info } from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { toGitHubApiError } from './github-errors.ts';

export { GitHubApiError, isPermissionError } from './github-errors.ts';

export interface Repo {
  owner: string;
  repo: string;
}

export interface IssueComment {
  id: number;
  body: string;
  /** Written by a bot (the Action's token) or by someone with write access, not by any passer-by. */
  trusted: boolean;
}

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export interface PullRequestRef {
  number: number;
  labels: string[];
  mergeCommitSha?: string;
  htmlUrl?: string;
  headSha?: string;
  mergedAt?: string;
}

export interface ChangedFile {
  filename: string;
  status: string;
  previousFilename?: string;
}

export interface TrackedIssue {
  number: number;
  title: string;
  body: string;
  htmlUrl?: string;
}

export interface Comparison {
  /** Commit SHAs from base (exclusive) to head, oldest first. */
  commits: string[];
  files: ChangedFile[];
  /** GitHub's verdict: `ahead`, `behind`, `identical` or `diverged`. */
  status: string;
  /** The file list (GitHub stops at 300) or the commit list may be incomplete. */
  truncated: boolean;
}

export interface Deployment {
  id: number;
  sha: string;
}

export type DeploymentState = 'success' | 'failure';

/** Every method rejects with GitHubApiError when GitHub answers with an error. */
export interface GitHubApi {
  listComments(issue: number): Promise<IssueComment[]>;
  createComment(issue: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<void>;
  deleteComment(id: number): Promise<void>;
  pullRequestFiles(pr: number): Promise<ChangedFile[]>;
  pullRequestsOfCommit(sha: string): Promise<PullRequestRef[]>;
  openIssues(label: string): Promise<TrackedIssue[]>;
  createIssue(title: string, body: string, labels: string[]): Promise<TrackedIssue>;
  updateIssue(issue: number, change: { body?: string; state?: 'open' | 'closed' }): Promise<void>;
  /** A 404 (base gone, e.g. after a force-push) rejects with GitHubApiError status 404. */
  compareCommits(base: string, head: string): Promise<Comparison>;
  /** The newest deployment to `environment` whose latest status is `success`. */
  latestDeployment(environment: string): Promise<Deployment | undefined>;
  recordDeployment(environment: string, sha: string, state: DeploymentState, description: string, logUrl?: string): Promise<void>;
}

export interface OctokitApiOptions {
  /** REST root; by default GITHUB_API_URL (read by @actions/github), so GHES works. */
  baseUrl?: string;
  /** Replaces the proxy-aware fetch @actions/github installs (tests pass the global fetch msw patches). */
  fetch?: typeof fetch;
  /** A rate limit asking for a longer wait than this fails instead of sleeping. */
  retryAfterCapSeconds?: number;
  /** Length of one second of GitHub's retry-after and of the 5xx back-off; tests shrink it. */
  retryUnitMs?: number;
  log?: (message: string) => void;
}

const SECONDARY_LIMIT_RETRIES = 2;
const PRIMARY_LIMIT_RETRIES = 1;
const SERVER_ERROR_RETRIES = 3;
const DEFAULT_RETRY_AFTER_CAP_SECONDS = 60;
const COMPARE_PAGE_SIZE = 100;
const MAX_COMPARE_PAGES = 100;
const COMPARE_FILE_LIMIT = 300;
const DEPLOYMENTS_SCANNED = 30;
const STATUS_DESCRIPTION_LIMIT = 140;

type Octokit = ReturnType<typeof getOctokit>;

// Throttling limiters are shared per id across instances in a process; one id per client keeps
// separate clients (tests) from pacing each other while one client still paces its own writes.
let clients = 0;

function createOctokit(token: string, options: OctokitApiOptions): Octokit {
  const cap = options.retryAfterCapSeconds ?? DEFAULT_RETRY_AFTER_CAP_SECONDS;
  const unit = options.retryUnitMs ?? 1000;
  const log = options.log ?? info;
  const limitHandler = (kind: string, retries: number) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    const again = retryCount < retries && retryAfter <= cap;
    log(`GitHub ${kind} rate limit on ${request.method} ${request.url}: ${again ? `retrying in ${retryAfter}s` : 'giving up'}.`);
    return again;
  };
  return getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
      throttle: {
        id: `aml-k8s-${++clients}`,
        retryAfterBaseValue: unit,
        onSecondaryRateLimit: limitHandler('secondary', SECONDARY_LIMIT_RETRIES),
        onRateLimit: limitHandler('primary', PRIMARY_LIMIT_RETRIES),
      },
      // 429 is left to the throttling plugin, which knows how long GitHub wants us to wait.
      retry: { retries: SERVER_ERROR_RETRIES, retryAfterBaseValue: unit, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    },
    retry,
    throttling,
  );
}

/** GitHub's REST API through Octokit, with rate-limit and 5xx retries and typed errors. */
export function octokitApi(token: string, repo: Repo, options: OctokitApiOptions = {}): GitHubApi {
  const api = octokitMethods(createOctokit(token, options), { owner: repo.owner, repo: repo.repo });
  return withTypedErrors(api, token);
}

function withTypedErrors(api: GitHubApi, token: string): GitHubApi {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (e) {
        throw toGitHubApiError(e, name, [token]);
      }
    };
  }
  return wrapped as unknown as GitHubApi;
}

function toChangedFile(f: { filename: string; status: string; previous_filename?: string }): ChangedFile {
  return { filename: f.filename, status: f.status, ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}) };
}

function hasNextPage(link: string | undefined): boolean {
  return link !== undefined && /rel="next"/.test(link);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function octokitMethods(octokit: Octokit, r: Repo): GitHubApi {
  return {
    async listComments(issue) {
      const all = await octokit.paginate(octokit.rest.issues.listComments, { ...r, issue_number: issue, per_page: 100 });
      return all.map((c) => ({ id: c.id, body: c.body ?? '', trusted: c.user?.type === 'Bot' || TRUSTED_ASSOCIATIONS.has(c.author_association) }));
    },
    async createComment(issue, body) {
      const { data } = await octokit.rest.issues.createComment({ ...r, issue_number: issue, body });
      return { id: data.id, body: data.body ?? '', trusted: true };
    },
    async updateComment(id, body) {
      await octokit.rest.issues.updateComment({ ...r, comment_id: id, body });
    },
    async deleteComment(id) {
      await octokit.rest.issues.deleteComment({ ...r, comment_id: id });
    },
    async pullRequestFiles(pr) {
      const all = await octokit.paginate(octokit.rest.pulls.listFiles, { ...r, pull_number: pr, per_page: 100 });
      return all.map(toChangedFile);
    },
    async pullRequestsOfCommit(sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...r, commit_sha: sha });
      return data.map((p) => ({
        number: p.number,
        labels: p.labels.map((l) => l.name ?? '').filter(Boolean),
        ...(p.merge_commit_sha ? { mergeCommitSha: p.merge_commit_sha } : {}),
        ...(p.html_url ? { htmlUrl: p.html_url } : {}),
        ...(p.head?.sha ? { headSha: p.head.sha } : {}),
        ...(p.merged_at ? { mergedAt: p.merged_at } : {}),
      }));
    },
    async openIssues(label) {
      const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...r, labels: label, state: 'open', per_page: 100 });
      return all.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title, body: i.body ?? '', ...(i.html_url ? { htmlUrl: i.html_url } : {}) }));
    },
    async createIssue(title, body, labels) {
      const { data } = await octokit.rest.issues.create({ ...r, title, body, labels });
      return { number: data.number, title: data.title, body: data.body ?? '', htmlUrl: data.html_url };
    },
    async updateIssue(issue, change) {
      await octokit.rest.issues.update({ ...r, issue_number: issue, ...change });
    },
    compareCommits: (base, head) => compareCommits(octokit, r, base, head),
    latestDeployment: (environment) => latestDeployment(octokit, r, environment),
    recordDeployment: (environment, sha, state, description, logUrl) => recordDeployment(octokit, r, { environment, sha, state, description, logUrl }),
  };
}

// The compare API pages its commits (files come only with the first page), which paginate() cannot follow.
async function compareCommits(octokit: Octokit, r: Repo, base: string, head: string): Promise<Comparison> {
  const page = (n: number) => octokit.rest.repos.compareCommitsWithBasehead({ ...r, basehead: `${base}...${head}`, per_page: COMPARE_PAGE_SIZE, page: n });
  const first = await page(1);
  const commits = first.data.commits.map((c) => c.sha);
  let more = hasNextPage(first.headers.link);
  for (let n = 2; more && n <= MAX_COMPARE_PAGES; n++) {
    const next = await page(n);
    commits.push(...next.data.commits.map((c) => c.sha));
    more = hasNextPage(next.headers.link) && next.data.commits.length > 0;
  }
  const files = (first.data.files ?? []).map(toChangedFile);
  const saysTruncated = (first.data as { truncated?: unknown }).truncated === true;
  const truncated = saysTruncated || files.length >= COMPARE_FILE_LIMIT || more || commits.length < first.data.total_commits;
  return { commits, files, status: first.data.status, truncated };
}

async function latestDeployment(octokit: Octokit, r: Repo, environment: string): Promise<Deployment | undefined> {
  const { data: deployments } = await octokit.rest.repos.listDeployments({ ...r, environment, per_page: DEPLOYMENTS_SCANNED });
  for (const d of deployments) {
    // Statuses come newest first, so the first one is the deployment's current state.
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ ...r, deployment_id: d.id, per_page: 1 });
    if (statuses[0]?.state === 'success') return { id: d.id, sha: d.sha };
  }
  return undefined;
}

interface DeploymentRecord {
  environment: string;
  sha: string;
  state: DeploymentState;
  description: string;
  logUrl: string | undefined;
}

async function recordDeployment(octokit: Octokit, r: Repo, d: DeploymentRecord): Promise<void> {
  const { data } = await octokit.rest.repos.createDeployment({
    ...r,
    ref: d.sha,
    environment: d.environment,
    auto_merge: false,
    required_contexts: [],
    transient_environment: false,
    production_environment: false,
    description: d.description,
  });
  // A 202 (no deployment, only a merge message) needs auto_merge, which is off; guard anyway.
  if (!('id' in data)) throw new Error(`GitHub created no deployment for ${d.sha}: ${data.message ?? 'no reason given'}`);
  await octokit.rest.repos.createDeploymentStatus({
    ...r,
    deployment_id: data.id,
    state: d.state,
    description: truncate(d.description, STATUS_DESCRIPTION_LIMIT),
    ...(d.logUrl ? { log_url: d.logUrl } : {}),
  });
}
