// End-to-end: the bundled Action run as the GitHub runner runs it, against the ARM emulator (real
// Azure SDK, real identity code, HTTPS) and a local GitHub API double. One pull request goes from
// plan to merge: sticky comment, summary, annotations, plan-changed, clean apply, drift issues.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { ClientSecretCredential } from '@azure/identity';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pullRequestEvent, pushEvent, scheduleEvent } from './events.ts';
import { startGitHubDouble } from './github-double.ts';
import type { GitHubDouble } from './github-double.ts';
import { runAction } from './run-action.ts';
import type { ActionRun, ActionRunOptions } from './run-action.ts';
import { REPO } from './run-cli.ts';
import { secureSpec } from './secure-spec.ts';

const HEAD = 'a'.repeat(40);
const MERGE = 'c'.repeat(40);
const SUB = '00000000-0000-0000-0000-000000000001';
const CERT = readFileSync(join(REPO, 'examples/tls/ml-contoso-com.cert.pem'), 'utf8');
const KEY = readFileSync(join(REPO, 'examples/tls/ml-contoso-com.key.pem'), 'utf8');
/** Lines of the private key: none may appear in any log, comment, summary, output or issue. */
const KEY_LINES = KEY.split('\n').filter((l) => l.length > 40);

const SECURE_SPEC = secureSpec();

const BAD_SPEC = `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata:
  name: bad
spec:
  cluster: { type: aks, subscriptionId: ${SUB}, resourceGroup: ml-rg, name: aks-bad }
  extension:
    training: true
    inference:
      routerServiceType: NodePort
      internalLoadBalancer: true
      tls: { insecure: true }
    settings:
      installDcgmExporter: Ture
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`;

let emulator: Emulator;
let github: GitHubDouble;
let workspace: string;
const runs: ActionRun[] = [];

function makeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-repo-'));
  mkdirSync(join(dir, 'computes'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'computes', name), text);
  return dir;
}

function azureEnv(e: Emulator): Record<string, string> {
  return { ...e.env(), AML_K8S_POLL_INTERVAL_MS: '20', AML_K8S_RETRY_DELAY_MS: '5', AML_K8S_MAX_RETRY_DELAY_MS: '40', ML_TLS_CERT_PEM: CERT, ML_TLS_KEY_PEM: KEY };
}

async function act(o: Partial<ActionRunOptions> & Pick<ActionRunOptions, 'eventName' | 'payload'>): Promise<ActionRun> {
  const r = await runAction({ workspace, sha: HEAD, ref: 'refs/pull/7/merge', apiUrl: github.url, env: azureEnv(emulator), ...o, inputs: { specs: 'computes/**/*.yaml', 'github-token': 'ghs_test', ...o.inputs } });
  runs.push(r);
  return r;
}

const planPr7 = (action: 'opened' | 'synchronize'): Promise<ActionRun> => act({ eventName: 'pull_request', payload: pullRequestEvent(7, action, HEAD) });
const merge7 = (): Promise<ActionRun> => act({ eventName: 'push', payload: pushEvent(MERGE, 'b'.repeat(40)), sha: MERGE, ref: 'refs/heads/main' });
const armWrites = (): string[] => emulator.requests().filter((r) => r.method !== 'GET' && r.path.includes('/subscriptions/')).map((r) => `${r.method} ${r.path}`);
const comments7 = (): string[] => github.comments.filter((c) => c.issue === 7).map((c) => c.body);

function extensionClient(subscription: string): SourceControlConfigurationClient {
  const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
  return new SourceControlConfigurationClient(credential, subscription, emulator.clientOptions());
}

beforeAll(async () => {
  const specs = {
    'aks-poc.yaml': readFileSync(join(REPO, 'examples/aks-proof-of-concept.yaml'), 'utf8'),
    'arc-train.yaml': readFileSync(join(REPO, 'examples/arc-training-only.yaml'), 'utf8'),
    'secure.yaml': SECURE_SPEC,
  };
  workspace = makeWorkspace(specs);
  emulator = await startEmulator({ installTimeMs: 300, attachTimeMs: 100, deleteTimeMs: 100, retryAfterSeconds: 0, ...fixturesFromSpecs(Object.values(specs).map((t) => parse(t))) });
  trustEmulator(emulator);
  github = await startGitHubDouble();
  github.pulls.set(7, { number: 7, labels: [], mergeCommitSha: MERGE, files: [...Object.keys(specs).map((f) => ({ filename: `computes/${f}`, status: 'added' as const })), { filename: 'README.md', status: 'modified' as const }] });
});

afterAll(async () => {
  await emulator?.stop();
  await github?.stop();
});

describe('the Action from pull request to merge', () => {
  test('plans a pull request into one sticky comment, updated in place on the next push, and a summary table per compute', async () => {
    const first = await planPr7('opened');
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(comments7()).toHaveLength(1);
    const id = github.comments[0]!.id;
    expect(comments7()[0]).toMatch(/<!-- aml-k8s:plan key=[0-9a-f]+ part=1 -->/);
    expect(comments7()[0]).toMatch(/<!-- aml-k8s:review [A-Za-z0-9_-]+ -->/);
    for (const name of ['aks-poc', 'arc-train', 'secure']) expect(first.summary).toMatch(new RegExp(`^\\| ${name} \\| <code>computes/`, 'm'));
    expect(first.outputs['change-count']).toBe('6');
    expect(first.outputs['has-disruptive']).toBe('false');
    expect(JSON.parse(readFileSync(first.outputs['plan-json']!, 'utf8')).computes).toHaveLength(3);
    expect(armWrites()).toEqual([]);

    const second = await planPr7('synchronize');
    expect(second.code).toBe(0);
    expect(comments7()).toHaveLength(1);
    expect(github.comments[0]!.id).toBe(id);
    expect(github.requests.filter((r) => r.method === 'PATCH' && r.path === `/repos/contoso/ml-platform/issues/comments/${id}`)).toHaveLength(1);
  });

  test('refuses with plan-changed when Azure changed between review and merge, writing nothing', async () => {
    // Someone installs the Arc extension by hand after the review.
    await extensionClient('00000000-0000-0000-0000-000000000002').extensions.beginCreateAndWait('onprem-k8s-rg', 'Microsoft.Kubernetes', 'connectedClusters', 'onprem-dev-01', 'azureml', {
      extensionType: 'Microsoft.AzureML.Kubernetes',
      releaseTrain: 'stable',
      autoUpgradeMinorVersion: true,
      scope: { cluster: { releaseNamespace: 'azureml' } },
      configurationSettings: { enableTraining: 'True', enableInference: 'False' },
    }, { updateIntervalInMs: 20 });
    const before = emulator.requests().length;
    const r = await merge7();
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('plan-changed');
    expect(r.stdout).toMatch(/::error::The plan changed since it was reviewed \(arc-train: extension update: location differs from the reviewed value/);
    expect(r.summary).toContain('not applied, the plan changed since review');
    expect(emulator.requests().slice(before).filter((q) => q.method !== 'GET' && q.path.includes('/subscriptions/'))).toEqual([]);
    expect(comments7().at(-1)).toContain('**arc-train**: extension update: location differs from the reviewed value');
  });

  test('after a fresh review, merging applies exactly that plan and reports per compute', async () => {
    expect((await planPr7('synchronize')).code).toBe(0);
    expect(comments7().filter((b) => b.includes('aml-k8s:plan'))).toHaveLength(1);
    const r = await merge7();
    expect({ code: r.code, reason: r.outputs['failure-reason'] }).toEqual({ code: 0, reason: undefined });
    const state = emulator.state();
    expect(state.extensions.map((e) => e.provisioningState)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(state.computes.map((c) => c.name).sort()).toEqual(['arc-train', 'aks-poc', 'secure'].sort());
    expect(r.outputs['applied-count']).toBe('3');
    for (const name of ['aks-poc', 'arc-train', 'secure']) expect(r.summary).toMatch(new RegExp(`^\\| ${name} \\| .*✅ applied`, 'm'));
    expect(r.stdout).toMatch(/::group::✓ aks-poc: applied in/);
    expect(comments7().at(-1)).toContain('applied 3 compute(s)');
    // The canary did pass through the Action to Azure (as a protected setting), so the leak check below can fail.
    const secure = state.extensions.find((e) => e.id.toLowerCase().includes('/aks-ml-secure/'))!;
    expect(Object.values(secure.configurationProtectedSettings).some((v) => KEY_LINES.some((l) => Buffer.from(v, 'base64').toString('utf8').includes(l) || v.includes(l)))).toBe(true);
  });

  test('drift opens one issue per drifted compute, updates it while it lasts and closes it when clean', async () => {
    const schedule = (): Promise<ActionRun> => act({ eventName: 'schedule', payload: scheduleEvent(), sha: MERGE, ref: 'refs/heads/main' });
    const clean = await schedule();
    expect(clean.code).toBe(0);
    expect(github.issues).toHaveLength(0);

    await extensionClient(SUB).extensions.beginUpdateAndWait('ml-poc-rg', 'Microsoft.ContainerService', 'managedClusters', 'aks-ml-poc', 'azureml', { configurationSettings: { installDcgmExporter: 'True' } }, { updateIntervalInMs: 20 });
    const drifted = await schedule();
    expect(drifted.code).toBe(0);
    expect(JSON.parse(drifted.outputs['drifted']!)).toEqual(['aks-poc']);
    expect(github.issues.map((i) => [i.title, i.state, i.labels])).toEqual([['Drift: compute aks-poc differs from computes/aks-poc.yaml', 'open', ['aml-k8s-drift']]]);
    expect(github.issues[0]!.body).toContain('installDcgmExporter');

    expect((await schedule()).code).toBe(0);
    expect(github.issues).toHaveLength(1);

    // Re-applying the spec (a push without a pull request, review not required) removes the drift.
    const reapply = await act({ eventName: 'push', payload: pushEvent('d'.repeat(40), MERGE), sha: 'd'.repeat(40), ref: 'refs/heads/main', inputs: { 'require-review': 'false' } });
    expect({ code: reapply.code, reason: reapply.outputs['failure-reason'] }).toEqual({ code: 0, reason: undefined });
    const after = await schedule();
    expect(JSON.parse(after.outputs['drifted']!)).toEqual([]);
    expect(github.issues.map((i) => i.state)).toEqual(['closed']);
  });

  test('list mode gives a job matrix the spec files a pull request changes, or all of them', async () => {
    const pr = await act({ eventName: 'pull_request', payload: pullRequestEvent(7, 'synchronize', HEAD), inputs: { mode: 'list' } });
    expect(JSON.parse(pr.outputs['specs']!)).toEqual(['computes/aks-poc.yaml', 'computes/arc-train.yaml', 'computes/secure.yaml']);
    github.pulls.set(9, { number: 9, labels: [], files: [{ filename: 'computes/secure.yaml', status: 'modified' }, { filename: 'docs/x.md', status: 'added' }] });
    const one = await act({ eventName: 'pull_request', payload: pullRequestEvent(9, 'opened', HEAD), inputs: { mode: 'list' } });
    expect(JSON.parse(one.outputs['specs']!)).toEqual(['computes/secure.yaml']);
    const all = await act({ eventName: 'workflow_dispatch', payload: { inputs: {} }, sha: MERGE, ref: 'refs/heads/main', inputs: { mode: 'list' } });
    expect(JSON.parse(all.outputs['specs']!)).toHaveLength(3);
  });

  test('a push without a pull request applies nothing unless review is waived', async () => {
    const r = await act({ eventName: 'push', payload: pushEvent('e'.repeat(40), MERGE), sha: 'e'.repeat(40), ref: 'refs/heads/main' });
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('not-reviewed');
    expect(r.stdout).toContain('No pull request is associated with commit eeeeeee');
  });

  test('prune: merging a pull request that deletes a spec file detaches its compute, then uninstalls its extension', async () => {
    const TEN = '1'.repeat(40);
    const secure = join(workspace, 'computes/secure.yaml');
    const text = readFileSync(secure, 'utf8');
    rmSync(secure);
    github.pulls.set(10, { number: 10, labels: ['aml-k8s:allow-disruptive'], mergeCommitSha: TEN, files: [{ filename: 'computes/secure.yaml', status: 'removed' }] });
    const plan = await act({ eventName: 'pull_request', payload: pullRequestEvent(10, 'opened', HEAD, ['aml-k8s:allow-disruptive']), inputs: { prune: 'true' } });
    expect(plan.code).toBe(0);
    const comment = github.comments.find((c) => c.issue === 10)!.body;
    expect(comment).toMatch(/\| secure \|.*\*\*delete\*\*/);
    const before = emulator.requests().length;
    const r = await act({ eventName: 'push', payload: pushEvent(TEN, MERGE), sha: TEN, ref: 'refs/heads/main', inputs: { prune: 'true' } });
    expect({ code: r.code, reason: r.outputs['failure-reason'], errors: r.stdout.split('\n').filter((l) => l.startsWith('::error')) }).toEqual({ code: 0, reason: undefined, errors: [] });
    const deletes = emulator.requests().slice(before).filter((q) => q.method === 'DELETE').map((q) => q.path.toLowerCase());
    const detach = deletes.findIndex((p) => p.endsWith('/computes/secure'));
    const uninstall = deletes.findIndex((p) => p.includes('/managedclusters/aks-ml-secure/') && p.includes('/extensions/'));
    expect(detach).toBeGreaterThanOrEqual(0);
    expect(uninstall).toBeGreaterThan(detach);
    expect(emulator.state().computes.map((c) => c.name).sort()).toEqual(['aks-poc', 'arc-train']);
    writeFileSync(secure, text);
  });

  test('a bad spec is annotated at its exact lines and nothing is planned', async () => {
    const repo = makeWorkspace({ 'bad.yaml': BAD_SPEC });
    github.pulls.set(8, { number: 8, labels: [], files: [{ filename: 'computes/bad.yaml', status: 'added' }] });
    const before = emulator.requests().length;
    const r = await act({ workspace: repo, eventName: 'pull_request', payload: pullRequestEvent(8, 'opened', HEAD) });
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('validation-failed');
    const lineOf = (text: string): number => BAD_SPEC.split('\n').findIndex((l) => l.includes(text)) + 1;
    // Workflow commands: `::error title=…,file=…,line=…,col=…::message` (and ::warning).
    const annotations = r.stdout.split('\n').flatMap((l) => {
      const m = /^::(error|warning) ([^:]*)::(.*)$/.exec(l);
      return m ? [{ severity: m[1]!, props: Object.fromEntries(m[2]!.split(',').map((kv) => kv.split('=') as [string, string])), message: m[3]! }] : [];
    });
    const at = (severity: string, text: string, pattern: RegExp) => annotations.find((e) => e.severity === severity && e.props['file'] === 'computes/bad.yaml' && e.props['line'] === String(lineOf(text)) && pattern.test(e.message));
    expect(at('error', 'internalLoadBalancer', /NodePort/)?.props['title']).toBe('AMLK103 (internalLoadBalancerProvider)');
    expect(at('warning', 'installDcgmExporter', /"Ture".*Did you mean "True"/)?.props['col']).toBe(String(BAD_SPEC.split('\n')[lineOf('installDcgmExporter') - 1]!.indexOf('Ture') + 1));
    expect(github.comments.filter((c) => c.issue === 8)).toHaveLength(1);
    expect(github.comments.find((c) => c.issue === 8)!.body).toContain('Not planned');
    expect(emulator.requests().slice(before).filter((q) => q.path.includes('/subscriptions/'))).toEqual([]);
  });

  test('refuses with locked, writing nothing, while an extension is in the middle of an operation', async () => {
    emulator.setFaults({ slowFactor: 200 });
    // Someone starts an update in the portal; it runs for a while.
    await extensionClient(SUB).extensions.beginUpdate('ml-poc-rg', 'Microsoft.ContainerService', 'managedClusters', 'aks-ml-poc', 'azureml', { configurationSettings: { installDcgmExporter: 'True' } });
    emulator.setFaults({ slowFactor: 1 });
    const before = emulator.requests().length;
    const r = await act({ eventName: 'push', payload: pushEvent('9'.repeat(40), MERGE), sha: '9'.repeat(40), ref: 'refs/heads/main', inputs: { 'require-review': 'false' } });
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('locked');
    expect(r.stdout).toMatch(/::error::Nothing was applied: aks-poc: the extension is Updating/);
    expect(emulator.requests().slice(before).filter((q) => q.method !== 'GET' && q.path.includes('/subscriptions/'))).toEqual([]);
  });

  test('the secret canary (the TLS private key) appears in no log, summary, output, comment or issue', () => {
    // `::add-mask::` commands are consumed by the runner and never shown; they are what keeps the rest masked.
    const shown = (log: string): string => log.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const texts = [
      ...runs.flatMap((r) => [shown(r.stdout), r.stderr, r.summary, ...Object.values(r.outputs)]),
      ...runs.flatMap((r) => (r.outputs['plan-json'] ? [readFileSync(r.outputs['plan-json'], 'utf8')] : [])),
      ...github.comments.map((c) => c.body),
      ...github.issues.map((i) => i.body),
    ];
    expect(texts.length).toBeGreaterThan(20);
    const leaks = texts.flatMap((t, i) => KEY_LINES.filter((l) => t.includes(l)).map(() => i));
    expect(leaks).toEqual([]);
  });
});

describe('direct OIDC sign-in', () => {
  let oidcEmulator: Emulator;
  let repo: string;
  const MISMATCH_APP = '9d9d9d9d-1111-4222-8333-944444444444';
  beforeAll(async () => {
    const spec = readFileSync(join(REPO, 'examples/aks-proof-of-concept.yaml'), 'utf8');
    repo = makeWorkspace({ 'aks-poc.yaml': spec });
    oidcEmulator = await startEmulator({
      installTimeMs: 2500,
      attachTimeMs: 300,
      retryAfterSeconds: 0,
      tokenLifetimeSeconds: 1,
      // The default app trusts workflows on main of the double's repository, as its federated credential would.
      clients: [{ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, federatedCredentials: [{ issuer: github.oidcIssuer.issuer, subject: github.subject }] }, { clientId: MISMATCH_APP, acceptAssertions: false }],
      // The GitHub double signs its ID tokens; the emulator verifies them against its keys.
      federatedIssuers: [github.oidcIssuer],
      ...fixturesFromSpecs([parse(spec)]),
    });
  });
  afterAll(async () => oidcEmulator?.stop());

  let runNumber = 0;
  function oidcRun(clientId: string, env: Record<string, string> = {}): Promise<ActionRun> {
    const { AZURE_CLIENT_SECRET: _secret, AZURE_CLIENT_ID: _id, ...withoutSecret } = azureEnv(oidcEmulator);
    // A new commit each time: a commit applied before is not applied again.
    const sha = `f${String(++runNumber).padStart(39, '0')}`;
    return runAction({
      workspace: repo,
      eventName: 'push',
      payload: pushEvent(sha, 'b'.repeat(40)),
      sha,
      ref: 'refs/heads/main',
      apiUrl: github.url,
      inputs: { 'github-token': 'ghs_test', 'require-review': 'false', 'client-id': clientId, 'tenant-id': oidcEmulator.tenantId },
      env: { ...withoutSecret, ACTIONS_ID_TOKEN_REQUEST_URL: github.idTokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.idTokenRequestToken, ...env },
    });
  }

  test('fetches a fresh GitHub ID token whenever Entra tokens expire during a long install', async () => {
    const issuedBefore = github.idTokensIssued;
    const r = await oidcRun(oidcEmulator.clientId);
    expect({ code: r.code, reason: r.outputs['failure-reason'], err: r.stdout.split('\n').filter((l) => l.startsWith('::error')) }).toEqual({ code: 0, reason: undefined, err: [] });
    expect(oidcEmulator.state().extensions[0]!.provisioningState).toBe('Succeeded');
    const assertions = oidcEmulator.state().tokens.recent.filter((t) => t.grant === 'client_assertion').length;
    // The install outlives many one-second tokens; each new one was backed by a new ID token.
    expect(assertions).toBeGreaterThanOrEqual(3);
    expect(github.idTokensIssued - issuedBefore).toBeGreaterThanOrEqual(assertions);
  });

  test('a federated credential that does not match prints the subject and how to fix it', async () => {
    const r = await oidcRun(MISMATCH_APP);
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('auth-failed');
    expect(r.stdout).toContain(`"${github.subject}"`);
    expect(r.stdout).toContain('az ad app federated-credential create');
  });

  test('a job without id-token: write is told to add it', async () => {
    const r = await oidcRun(oidcEmulator.clientId, { ACTIONS_ID_TOKEN_REQUEST_URL: '' });
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('auth-failed');
    expect(r.stdout).toContain('id-token: write');
  });
});
