// End-to-end: the bundled Action between review and merge, as GitHub runs it, against the ARM
// emulator and the GitHub API double (with a main-branch history and deployments). What a merge
// applies is exactly what a reviewer saw; re-runs and partial failures converge; merges whose runs
// were cancelled are caught up; GitHub and Azure refusals have their own failure reasons.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pullRequestEvent, pushEvent } from './events.ts';
import { startGitHubDouble } from './github-double.ts';
import type { DoublePullRequest, GitHubDouble } from './github-double.ts';
import { runAction } from './run-action.ts';
import type { ActionRun, ActionRunOptions } from './run-action.ts';
import { REPO } from './run-cli.ts';
import { secureSpec } from './secure-spec.ts';

const CERT = readFileSync(join(REPO, 'examples/tls/ml-contoso-com.cert.pem'), 'utf8');
const KEY = readFileSync(join(REPO, 'examples/tls/ml-contoso-com.key.pem'), 'utf8');
const BUS = 'Endpoint=sb://ml-bus.servicebus.windows.net/;SharedAccessKeyName=aml;SharedAccessKey=reviewed-0c2f9d1e8b7a';
const OTHER_BUS = 'Endpoint=sb://ml-bus.servicebus.windows.net/;SharedAccessKeyName=aml;SharedAccessKey=swapped-5e4d3c2b1a09';
const READ_ONLY_CLIENT = '5e5e5e5e-2222-4333-8444-955555555555';

const example = (file: string): string => readFileSync(join(REPO, 'examples', file), 'utf8');
const SECURE = secureSpec('    protectedSettings:\n      serviceBusConnectionString: { env: ML_BUS_CONNECTION }\n');
const SPECS: Record<string, string> = {
  'aks-poc.yaml': example('aks-proof-of-concept.yaml'),
  'arc-train.yaml': example('arc-training-only.yaml'),
  'internal-lb.yaml': example('aks-internal-load-balancer.yaml'),
  'clusterip.yaml': example('clusterip.yaml'),
  'instance-types.yaml': example('instance-types.yaml'),
  'secure.yaml': SECURE,
};

let emulator: Emulator;
let github: GitHubDouble;
let workspace: string;
let commits = 0;
const runs: ActionRun[] = [];

/** A commit id that no other test uses. */
const nextSha = (): string => (++commits).toString(16).padStart(40, '0');

const writeSpec = (file: string, text = SPECS[file]!): void => writeFileSync(join(workspace, 'computes', file), text);
const editSpec = (file: string, from: string | RegExp, to: string): void => {
  const path = join(workspace, 'computes', file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`editing ${file} changed nothing`);
  writeFileSync(path, after);
};

function azureEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...emulator.env(), AML_K8S_POLL_INTERVAL_MS: '20', AML_K8S_RETRY_DELAY_MS: '5', AML_K8S_MAX_RETRY_DELAY_MS: '40', ML_TLS_CERT_PEM: CERT, ML_TLS_KEY_PEM: KEY, ML_BUS_CONNECTION: BUS, ...extra };
}

async function act(o: Partial<ActionRunOptions> & Pick<ActionRunOptions, 'eventName' | 'payload'>): Promise<ActionRun> {
  const r = await runAction({ workspace, sha: nextSha(), ref: 'refs/pull/1/merge', apiUrl: github.url, env: azureEnv(), ...o, inputs: { specs: 'computes/**/*.yaml', 'github-token': 'ghs_test', ...o.inputs } });
  runs.push(r);
  return r;
}

/** Opens (or pushes to) pull request `n` changing `files`, and runs the plan job on it. */
async function plan(n: number, files: DoublePullRequest['files'], o: Partial<ActionRunOptions> = {}): Promise<ActionRun> {
  const head = nextSha();
  github.pulls.set(n, { ...github.pulls.get(n), number: n, labels: github.pulls.get(n)?.labels ?? [], files, headSha: head });
  return act({ eventName: 'pull_request', payload: pullRequestEvent(n, 'synchronize', head, github.pulls.get(n)!.labels), sha: head, ref: `refs/pull/${n}/merge`, ...o });
}

/** Merges pull request `n` into main: a new commit on the history. */
function merge(n: number): string {
  const sha = nextSha();
  const pr = github.pulls.get(n)!;
  pr.mergeCommitSha = sha;
  github.history.push({ sha, files: pr.files });
  return sha;
}

/** The apply job for the push of `sha` to main. */
const apply = (sha: string, o: Partial<ActionRunOptions> = {}): Promise<ActionRun> => {
  const at = github.history.findIndex((c) => c.sha === sha);
  return act({ eventName: 'push', payload: pushEvent(sha, github.history[at - 1]?.sha ?? 'b'.repeat(40)), sha, ref: 'refs/heads/main', ...o });
};

const armWrites = (since: number): string[] => emulator.requests().slice(since).filter((r) => r.method !== 'GET' && r.path.includes('/subscriptions/') && !r.path.includes('/listKeys')).map((r) => `${r.method} ${r.path}`);
const errors = (r: ActionRun): string[] => r.stdout.split('\n').filter((l) => l.startsWith('::error'));
const warnings = (r: ActionRun): string[] => r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
const compute = (name: string) => emulator.state().computes.find((c) => c.name === name);
const added = (...files: string[]): DoublePullRequest['files'] => files.map((f) => ({ filename: `computes/${f}`, status: 'added' as const }));
const modified = (...files: string[]): DoublePullRequest['files'] => files.map((f) => ({ filename: `computes/${f}`, status: 'modified' as const }));

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'aml-k8s-repo-'));
  mkdirSync(join(workspace, 'computes'));
  emulator = await startEmulator({
    installTimeMs: 200,
    attachTimeMs: 80,
    deleteTimeMs: 80,
    retryAfterSeconds: 0,
    clients: [{ clientId: READ_ONLY_CLIENT, clientSecret: 'reader-secret', readOnly: true }],
    ...fixturesFromSpecs(Object.values(SPECS).map((t) => parse(t))),
  });
  github = await startGitHubDouble();
  github.history.push({ sha: 'b'.repeat(40), files: [] });
});

afterAll(async () => {
  await emulator?.stop();
  await github?.stop();
});

describe('a merge applies exactly what was reviewed', () => {
  test('a namespace changed after review fails with plan-changed, names the field and never reaches Azure', async () => {
    writeSpec('aks-poc.yaml');
    expect((await plan(1, added('aks-poc.yaml'))).code).toBe(0);
    editSpec('aks-poc.yaml', /attach:\n/, 'attach:\n    namespace: sneaky\n');
    const sha = merge(1);
    const before = emulator.requests().length;
    const r = await apply(sha);
    expect({ code: r.code, reason: r.outputs['failure-reason'] }).toEqual({ code: 1, reason: 'plan-changed' });
    expect(errors(r).join('\n')).toContain('aks-poc: compute create: namespace differs from the reviewed value');
    expect(r.summary).toContain('**aks-poc**: compute create: namespace differs from the reviewed value');
    expect(armWrites(before)).toEqual([]);
    expect(compute('aks-poc')).toBeUndefined();
    // The failure is reported on the pull request too.
    expect(github.comments.filter((c) => c.issue === 1).at(-1)!.body).toContain('not applied, the plan changed since review');
  });

  test('once the new namespace is reviewed in a new pull request, its merge applies it; re-running a successful apply writes nothing', async () => {
    expect((await plan(12, modified('aks-poc.yaml'))).code).toBe(0);
    expect(github.comments.filter((c) => c.issue === 12).at(-1)!.body).toContain('+ namespace: sneaky');
    const sha = merge(12);
    const first = await apply(sha);
    expect({ code: first.code, reason: first.outputs['failure-reason'], errors: errors(first) }).toEqual({ code: 0, reason: undefined, errors: [] });
    expect(compute('aks-poc')?.kubernetesProperties['namespace']).toBe('sneaky');
    expect(first.outputs['applied-count']).toBe('1');

    const before = emulator.requests().length;
    const again = await apply(sha);
    expect({ code: again.code, reason: again.outputs['failure-reason'], applied: again.outputs['applied-count'] }).toEqual({ code: 0, reason: undefined, applied: '0' });
    expect(again.summary).toContain('nothing to apply');
    expect(armWrites(before)).toEqual([]);
  });

  test('an extension setting changed after review names the setting', async () => {
    editSpec('aks-poc.yaml', /training: true/, 'training: true\n    components: { dcgmExporter: true }');
    expect((await plan(2, modified('aks-poc.yaml'))).code).toBe(0);
    const comment = github.comments.filter((c) => c.issue === 2).at(-1)!.body;
    expect(comment).toContain('+ installDcgmExporter: True');
    editSpec('aks-poc.yaml', 'dcgmExporter: true', 'dcgmExporter: true, prometheusOperator: false');
    const before = emulator.requests().length;
    const r = await apply(merge(2));
    expect(r.outputs['failure-reason']).toBe('plan-changed');
    expect(errors(r).join('\n')).toMatch(/aks-poc: extension update: .*installPromOp was not part of the reviewed change/);
    expect(armWrites(before)).toEqual([]);
    editSpec('aks-poc.yaml', ', prometheusOperator: false', '');
    // The review still holds for what is left: the same setting, same value.
    const retry = await apply(github.pulls.get(2)!.mergeCommitSha!);
    expect({ code: retry.code, errors: errors(retry) }).toEqual({ code: 0, errors: [] });
  });

  test('a protected value swapped after review is caught by its fingerprint, without showing it', async () => {
    writeSpec('secure.yaml');
    const reviewed = await plan(3, added('secure.yaml'));
    expect(reviewed.code).toBe(0);
    expect(github.comments.filter((c) => c.issue === 3).at(-1)!.body).toMatch(/serviceBusConnectionString: \(protected, value not shown; fingerprint [0-9a-f]{8}\)/);
    const sha = merge(3);
    const before = emulator.requests().length;
    const swapped = await apply(sha, { env: azureEnv({ ML_BUS_CONNECTION: OTHER_BUS }) });
    expect(swapped.outputs['failure-reason']).toBe('plan-changed');
    expect(errors(swapped).join('\n')).toContain('secure: extension create: serviceBusConnectionString differs from the reviewed value');
    expect(armWrites(before)).toEqual([]);
    const right = await apply(sha);
    expect({ code: right.code, errors: errors(right) }).toEqual({ code: 0, errors: [] });
  });

  test('a reviewed disruptive change without consent fails with apply-failed and says how to consent; the label lets it through', async () => {
    editSpec('aks-poc.yaml', /training: true/, 'training: false');
    const planned = await plan(13, modified('aks-poc.yaml'));
    expect({ code: planned.code, disruptive: planned.outputs['has-disruptive'] }).toEqual({ code: 0, disruptive: 'true' });
    const sha = merge(13);
    const before = emulator.requests().length;
    const refused = await apply(sha);
    expect({ code: refused.code, reason: refused.outputs['failure-reason'] }).toEqual({ code: 1, reason: 'apply-failed' });
    expect(errors(refused).join('\n')).toContain('disruptive changes to aks-poc have no consent');
    expect(errors(refused).join('\n')).toContain('To consent, label the pull request "aml-k8s:allow-disruptive" before merging');
    expect(armWrites(before)).toEqual([]);
    github.pulls.get(13)!.labels = ['aml-k8s:allow-disruptive'];
    const consented = await apply(sha);
    expect({ code: consented.code, errors: errors(consented), applied: consented.outputs['applied-count'] }).toEqual({ code: 0, errors: [], applied: '1' });
  });
});

describe('re-runs, partial failures and cancelled runs', () => {
  test('after a failed install, a re-run applies what is left of the reviewed plan', async () => {
    writeSpec('arc-train.yaml');
    expect((await plan(4, added('arc-train.yaml'))).code).toBe(0);
    const sha = merge(4);
    emulator.setFaults({ failNextOperations: 1 });
    const failed = await apply(sha);
    expect({ code: failed.code, reason: failed.outputs['failure-reason'] }).toEqual({ code: 1, reason: 'apply-failed' });
    expect(github.deployments.at(-1)).toMatchObject({ sha, statuses: [{ state: 'failure' }] });
    const again = await apply(sha);
    expect({ code: again.code, reason: again.outputs['failure-reason'], errors: errors(again) }).toEqual({ code: 0, reason: undefined, errors: [] });
    expect(compute('arc-train')).toBeDefined();
    expect(github.deployments.at(-1)).toMatchObject({ sha, statuses: [{ state: 'success' }] });
  });

  test('three merges while an install runs: the middle run is cancelled, the last applies the middle pull request too', async () => {
    writeSpec('internal-lb.yaml');
    expect((await plan(5, added('internal-lb.yaml'))).code).toBe(0);
    const first = merge(5);
    writeSpec('clusterip.yaml');
    expect((await plan(6, added('clusterip.yaml'))).code).toBe(0);
    merge(6); // its run waits in the concurrency group, and is cancelled when the next one queues
    writeSpec('instance-types.yaml');
    expect((await plan(7, added('instance-types.yaml'))).code).toBe(0);
    const third = merge(7);

    // The first run started before the other merges: its checkout has only its own spec.
    const firstRun = await act({ eventName: 'push', payload: pushEvent(first, 'b'.repeat(40)), sha: first, ref: 'refs/heads/main', workspace: checkoutWith(['aks-poc.yaml', 'arc-train.yaml', 'secure.yaml', 'internal-lb.yaml']) });
    expect({ code: firstRun.code, errors: errors(firstRun) }).toEqual({ code: 0, errors: [] });
    expect(compute('edge-plant')).toBeUndefined();

    const last = await apply(third);
    expect({ code: last.code, errors: errors(last) }).toEqual({ code: 0, errors: [] });
    expect(last.stdout).toMatch(/2 merged pull request\(s\) \(#6, #7\)/);
    expect(compute('edge-plant')).toBeDefined();
    expect(compute('aks-sized')).toBeDefined();
    expect(github.comments.filter((c) => c.issue === 6).at(-1)!.body).toContain('aml-k8s apply');
  });

  /** A checkout of main as it was: only these spec files. */
  function checkoutWith(files: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-checkout-'));
    mkdirSync(join(dir, 'computes'));
    for (const f of files) writeFileSync(join(dir, 'computes', f), readFileSync(join(workspace, 'computes', f), 'utf8'));
    return dir;
  }
});

describe('reviews, permissions and events', () => {
  test('a merged pull request without a plan comment is not-reviewed; require-review: false applies it anyway', async () => {
    editSpec('clusterip.yaml', /training: true/, 'training: true\n    components: { dcgmExporter: true }');
    github.pulls.set(8, { number: 8, labels: [], files: modified('clusterip.yaml') });
    const sha = merge(8);
    const before = emulator.requests().length;
    const refused = await apply(sha);
    expect({ code: refused.code, reason: refused.outputs['failure-reason'] }).toEqual({ code: 1, reason: 'not-reviewed' });
    expect(errors(refused).join('\n')).toContain('#8 changed spec files but carry no aml-k8s plan');
    expect(armWrites(before)).toEqual([]);
    const waived = await apply(sha, { inputs: { 'require-review': 'false' } });
    expect({ code: waived.code, errors: errors(waived), applied: waived.outputs['applied-count'] }).toEqual({ code: 0, errors: [], applied: '1' });
  });

  test('a token that cannot write comments or deployments warns and keeps the outputs and the summary', async () => {
    github.readOnly = { comments: true, deployments: true };
    try {
      editSpec('clusterip.yaml', 'dcgmExporter: true', 'dcgmExporter: false');
      const planned = await plan(9, modified('clusterip.yaml'));
      expect({ code: planned.code, errors: errors(planned) }).toEqual({ code: 0, errors: [] });
      expect(warnings(planned).join('\n')).toContain('Could not post the plan comment on #9');
      expect(planned.outputs['change-count']).toBe('1');
      expect(planned.summary).toContain('clusterip');
      const applied = await apply(merge(9), { inputs: { 'require-review': 'false' } });
      expect({ code: applied.code, errors: errors(applied), count: applied.outputs['applied-count'] }).toEqual({ code: 0, errors: [], count: '1' });
      expect(warnings(applied).join('\n')).toMatch(/Could not comment on #9: .*Resource not accessible by integration/);
      expect(warnings(applied).join('\n')).toContain('Could not record this apply');
    } finally {
      github.readOnly = { comments: false, deployments: false };
    }
  });

  test('Azure refusing a write (403) fails with azure-forbidden and Azure\'s words', async () => {
    editSpec('clusterip.yaml', 'dcgmExporter: false', 'dcgmExporter: true');
    github.pulls.set(10, { number: 10, labels: [], files: modified('clusterip.yaml') });
    const r = await apply(merge(10), { inputs: { 'require-review': 'false' }, env: azureEnv({ AZURE_CLIENT_ID: READ_ONLY_CLIENT, AZURE_CLIENT_SECRET: 'reader-secret' }) });
    expect({ code: r.code, reason: r.outputs['failure-reason'] }).toEqual({ code: 1, reason: 'azure-forbidden' });
    expect(errors(r).join('\n')).toContain('does not have authorization to perform action');
    expect(r.stdout).not.toContain('failed unexpectedly');
  });

  test('pull_request_target is refused unless opted in', async () => {
    const head = nextSha();
    github.pulls.set(11, { number: 11, labels: [], files: modified('clusterip.yaml'), headSha: head });
    const refused = await act({ eventName: 'pull_request_target', payload: pullRequestEvent(11, 'opened', head), sha: head, ref: 'refs/heads/main' });
    expect({ code: refused.code, reason: refused.outputs['failure-reason'] }).toEqual({ code: 1, reason: 'invalid-input' });
    expect(errors(refused).join('\n')).toContain('Refusing to run on pull_request_target');
    const allowed = await act({ eventName: 'pull_request_target', payload: pullRequestEvent(11, 'opened', head), sha: head, ref: 'refs/heads/main', inputs: { 'allow-pull-request-target': 'true' } });
    expect({ code: allowed.code, errors: errors(allowed) }).toEqual({ code: 0, errors: [] });
    expect(github.comments.filter((c) => c.issue === 11)).toHaveLength(1);
  });

  test('merge_group plans the specs the group changes and reports in the summary; workflow_dispatch plans everything', async () => {
    const base = github.history.at(-1)!.sha;
    const head = nextSha();
    github.history.push({ sha: head, files: modified('arc-train.yaml') });
    const group = await act({ eventName: 'merge_group', payload: { action: 'checks_requested', merge_group: { head_sha: head, head_ref: 'refs/heads/gh-readonly-queue/main/pr-12', base_sha: base, base_ref: 'refs/heads/main' } }, sha: head, ref: 'refs/heads/gh-readonly-queue/main/pr-12' });
    expect({ code: group.code, errors: errors(group) }).toEqual({ code: 0, errors: [] });
    expect(group.stdout).toContain('Merge group refs/heads/gh-readonly-queue/main/pr-12 changes 1 spec file(s)');
    expect(group.summary).toMatch(/^\| arc-train \|/m);
    expect(group.summary).not.toMatch(/^\| aks-poc \|/m);
    const manual = await act({ eventName: 'workflow_dispatch', payload: { inputs: {} }, sha: head, ref: 'refs/heads/main' });
    expect({ code: manual.code, errors: errors(manual) }).toEqual({ code: 0, errors: [] });
    for (const name of ['aks-poc', 'arc-train', 'secure', 'edge-plant', 'aks-sized', 'aks-private']) expect(manual.summary).toMatch(new RegExp(`^\\| ${name} \\|`, 'm'));
  });

  test('every secret value is masked before any other line, and appears in no shown line', () => {
    const keyLines = [...KEY.split('\n').filter((l) => l.length > 40), BUS, OTHER_BUS];
    const withSecrets = runs.filter((r) => r.stdout.includes('::add-mask::'));
    expect(withSecrets.length).toBeGreaterThan(3);
    for (const r of runs) {
      const lines = r.stdout.split('\n');
      const shown = lines.filter((l) => !l.startsWith('::add-mask::'));
      expect(keyLines.filter((k) => shown.some((l) => l.includes(k)) || r.summary.includes(k))).toEqual([]);
    }
    // The key a run read is registered line by line (the runner masks per line).
    const secureRun = runs.find((r) => r.stdout.includes('::add-mask::') && KEY.split('\n').filter((l) => l.length > 40).every((l) => r.stdout.includes(`::add-mask::${l}`)));
    expect(secureRun).toBeDefined();
    const texts = [...github.comments.map((c) => c.body), ...runs.flatMap((r) => Object.values(r.outputs))];
    expect(keyLines.filter((k) => texts.some((t) => t.includes(k)))).toEqual([]);
  });
});
