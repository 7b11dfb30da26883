// End-to-end under a runner no one here wrote: GitHub's @github/local-action runs the committed
// bundle (action.yml `runs.main`) against the ARM emulator and the GitHub API double. One pull
// request: plan (sticky comment, outputs), then its merge applies the reviewed plan, once.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pullRequestEvent, pushEvent } from './events.ts';
import { startGitHubDouble } from './github-double.ts';
import type { GitHubDouble } from './github-double.ts';
import type { ActionRunOptions } from './run-action.ts';
import { REPO } from './run-cli.ts';
import { runLocalAction } from './run-local-action.ts';
import type { LocalActionRun } from './run-local-action.ts';

const HEAD = 'a'.repeat(40);
const MERGE = 'c'.repeat(40);
const PR = 21;
const SPEC = readFileSync(join(REPO, 'examples/aks-proof-of-concept.yaml'), 'utf8');

let emulator: Emulator;
let github: GitHubDouble;
let workspace: string;

function localAction(o: Pick<ActionRunOptions, 'eventName' | 'payload' | 'sha' | 'ref'>): Promise<LocalActionRun> {
  return runLocalAction({
    workspace,
    apiUrl: github.url,
    inputs: { 'github-token': 'ghs_test' },
    env: { ...emulator.env(), AML_K8S_POLL_INTERVAL_MS: '20', AML_K8S_RETRY_DELAY_MS: '5', AML_K8S_MAX_RETRY_DELAY_MS: '40' },
    ...o,
  });
}

const headlines = (r: LocalActionRun, mode: string): string[] => r.log.split('\n').filter((l) => l.startsWith(`aml-k8s ${mode} (`));

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'aml-k8s-repo-'));
  mkdirSync(join(workspace, 'computes'));
  writeFileSync(join(workspace, 'computes/aks-poc.yaml'), SPEC);
  emulator = await startEmulator({ installTimeMs: 300, attachTimeMs: 100, deleteTimeMs: 100, retryAfterSeconds: 0, ...fixturesFromSpecs([parse(SPEC)]) });
  github = await startGitHubDouble();
  github.pulls.set(PR, { number: PR, labels: [], mergeCommitSha: MERGE, files: [{ filename: 'computes/aks-poc.yaml', status: 'added' }] });
});

afterAll(async () => {
  await emulator?.stop();
  await github?.stop();
});

describe('the bundled Action under @github/local-action', () => {
  test('plans a pull request: sticky comment on the PR, plan outputs, nothing written to Azure', async () => {
    const r = await localAction({ eventName: 'pull_request', payload: pullRequestEvent(PR, 'opened', HEAD), sha: HEAD, ref: `refs/pull/${PR}/merge` });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(headlines(r, 'plan')).toEqual(['aml-k8s plan (pull_request), specs: computes/**/*.yaml']);
    const comments = github.comments.filter((c) => c.issue === PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('<!-- aml-k8s:plan');
    expect(comments[0]!.body).toMatch(/\| aks-poc \|/);
    // The bundle's own @actions/core writes the outputs to GITHUB_OUTPUT (from the dotenv file)...
    expect(r.outputs['change-count']).toBe('2');
    expect(r.outputs['has-disruptive']).toBe('false');
    expect(existsSync(r.outputs['plan-json']!)).toBe(true);
    expect(JSON.parse(readFileSync(r.outputs['plan-json']!, 'utf8')).computes.map((c: { name: string }) => c.name)).toEqual(['aks-poc']);
    expect(r.summary).toMatch(/^\| aks-poc \| <code>computes\/aks-poc\.yaml/m);
    // ...which local-action's table does not see: it only reports what its @actions/core stub
    // recorded, and the bundle inlines @actions/core, so the stub is never called.
    expect(r.reportedOutputs).toEqual({});
    expect(r.stdout).toContain('No outputs were set!');
    expect(emulator.requests().filter((q) => q.method !== 'GET' && q.path.includes('/subscriptions/'))).toEqual([]);
  }, 150_000);

  test('applies the reviewed plan on the push that merged the pull request, running exactly once', async () => {
    const r = await localAction({ eventName: 'push', payload: pushEvent(MERGE, 'b'.repeat(40)), sha: MERGE, ref: 'refs/heads/main' });
    expect({ code: r.code, stderr: r.stderr, reason: r.outputs['failure-reason'] }).toEqual({ code: 0, stderr: '', reason: undefined });
    // local-action imports the entry (which starts the Action) and then calls its run(): one run.
    expect(headlines(r, 'apply')).toEqual(['aml-k8s apply (push), specs: computes/**/*.yaml']);
    expect(r.log).toContain(`Commit ${MERGE.slice(0, 7)} merged pull request #${PR}`);
    expect(r.outputs['applied-count']).toBe('1');
    const state = emulator.state();
    expect(state.extensions.map((e) => [e.id.toLowerCase().includes('/managedclusters/aks-ml-poc/'), e.provisioningState])).toEqual([[true, 'Succeeded']]);
    expect(state.computes.map((c) => c.name)).toEqual(['aks-poc']);
    expect(emulator.requests().filter((q) => q.method === 'PUT' && q.path.toLowerCase().endsWith('/computes/aks-poc'))).toHaveLength(1);
    expect(github.comments.filter((c) => c.issue === PR).at(-1)!.body).toContain('applied 1 compute(s)');
  }, 150_000);
});
