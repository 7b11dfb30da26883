// Everything a mode needs about this run: inputs, event, repository and the GitHub API.
import { context } from '@actions/github';
import { createHash } from 'node:crypto';
import type { GitHubApi, Repo } from './github-api.ts';
import { octokitApi } from './github-api.ts';
import { InputError } from './inputs.ts';
import type { ActionInputs, Mode } from './inputs.ts';
import { scrubbingGitHubApi } from './scrubbing.ts';
import type { Scrub } from './scrubbing.ts';

export interface RunContext {
  inputs: ActionInputs;
  env: Readonly<Record<string, string | undefined>>;
  workspace: string;
  eventName: string;
  payload: typeof context.payload;
  repo: Repo;
  sha: string;
  ref: string;
  runUrl: string;
  /** Absent without a token (then no comments or issues, only the job summary). */
  api: GitHubApi | undefined;
  /** Tells this spec set's comments and issues from those of other jobs (a matrix, several sets). */
  specKey: string;
  /** Removes every secret value read so far from text headed for GitHub (summary, comments, log lines). */
  scrub: Scrub;
}

export function runContext(inputs: ActionInputs, env: Readonly<Record<string, string | undefined>>, scrub: Scrub): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    inputs,
    env,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    eventName: context.eventName,
    payload: context.payload,
    repo: { owner, repo },
    sha: context.sha,
    ref: context.ref,
    runUrl: `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`,
    api: inputs.githubToken && owner && repo ? scrubbingGitHubApi(octokitApi(inputs.githubToken, { owner, repo }), scrub) : undefined,
    specKey: createHash('sha256').update(inputs.specs.join('\n')).digest('hex').slice(0, 12),
    scrub,
  };
}

/** The pull request this run is about, for pull_request events. */
export function pullRequestNumber(ctx: RunContext): number | undefined {
  const n = ctx.payload.pull_request?.number;
  return typeof n === 'number' ? n : undefined;
}

export function isDefaultBranchPush(ctx: RunContext): boolean {
  const defaultBranch = ctx.payload.repository?.['default_branch'] as string | undefined;
  return ctx.eventName === 'push' && defaultBranch !== undefined && ctx.ref === `refs/heads/${defaultBranch}`;
}

/**
 * `auto`: plan on pull requests, merge groups, manual runs and anything else, apply on pushes to the
 * default branch, drift on a schedule. `pull_request_target` runs with the base repository's
 * secrets and write token while the files may come from a fork, so it is refused unless opted in.
 */
export function resolveMode(ctx: RunContext): Exclude<Mode, 'auto'> {
  if (ctx.eventName === 'pull_request_target' && !ctx.inputs.allowPullRequestTarget) {
    throw new InputError('Refusing to run on pull_request_target: that event gives the job the base repository\'s secrets and a write token while the pull request may come from a fork. Use `pull_request` (forks then plan without comments), or opt in with `allow-pull-request-target: true` after following the safe setup in docs/action.md ("Pull requests from forks").');
  }
  if (ctx.inputs.mode !== 'auto') return ctx.inputs.mode;
  if (ctx.eventName === 'schedule') return 'drift';
  if (isDefaultBranchPush(ctx)) return 'apply';
  return 'plan';
}
