// End-to-end: on a pull request the Action, run from its sources against the ARM emulator and the
// GitHub double, also validates the files it never applies (InstanceType manifests, Terraform,
// ARM, Bicep, az ml YAML) found where its spec globs point: annotated at their lines, listed in
// the plan comment and the summary, and their errors fail the check.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { pullRequestEvent, pushEvent } from './events.ts';
import { startGitHubDouble } from './github-double.ts';
import type { GitHubDouble } from './github-double.ts';
import { parseOutputFile, runnerStep } from './run-action.ts';
import { REPO, runNode } from './run-cli.ts';

const HEAD = 'a'.repeat(40);
const SPEC = readFileSync(join(REPO, 'examples/aks-proof-of-concept.yaml'), 'utf8');

const terraform = (protectedSettings: string): string => `resource "azurerm_kubernetes_cluster_extension" "azureml" {
  name           = "azureml"
  cluster_id     = azurerm_kubernetes_cluster.aks.id
  extension_type = "microsoft.azureml.kubernetes"

  configuration_settings = {
    enableTraining             = "True"
    enableInference            = "True"
    inferenceRouterServiceType = "LoadBalancer"
    allowInsecureConnections   = "True"
    inferenceRouterHA          = "False"
    cluster_name               = azurerm_kubernetes_cluster.aks.id
    clusterId                  = azurerm_kubernetes_cluster.aks.id
    domain                     = "\${var.location}.cloudapp.azure.com"
    location                   = var.location
    jobSchedulerLocation       = var.location
    cluster_name_friendly      = "aks-ml"
    "relayserver.enabled"      = "false"
    "servicebus.enabled"       = "false"
    "nginxIngress.enabled"     = "true"
  }

  configuration_protected_settings = {
${protectedSettings}
  }
}
`;
const GOOD_TF = terraform('    "scoringFe.sslCert" = filebase64("cert.pem")\n    "scoringFe.sslKey"  = filebase64("key.pem")');
const BAD_TF = terraform('    sslCertPemFile = "cert.pem"\n    sslKeyPemFile  = "key.pem"');

const manifest = (memoryRequest: string): string => `apiVersion: amlarc.azureml.com/v1alpha1
kind: InstanceTypeList
items:
  - metadata:
      name: cpu-small
    spec:
      resources:
        requests: { cpu: 500m, memory: ${memoryRequest} }
        limits: { cpu: "1", memory: 2Gi }
`;

let emulator: Emulator;
let github: GitHubDouble;

function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-repo-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

interface Annotation {
  severity: string;
  props: Record<string, string>;
  message: string;
}

/** Workflow commands `::error title=…,file=…,line=…,col=…::message` (and ::warning, ::notice). */
function annotationsOf(stdout: string): Annotation[] {
  return stdout.split('\n').flatMap((l) => {
    const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(l);
    return m ? [{ severity: m[1]!, props: Object.fromEntries(m[2]!.split(',').map((kv) => kv.split('=') as [string, string])), message: m[3]! }] : [];
  });
}

/** Runs the Action from its TypeScript sources: a pull request's plan, or with `push` an apply on the default branch. */
async function runFromSources(workspace: string, pr: number, push?: { sha: string; inputs: Record<string, string> }) {
  const event = push ? { eventName: 'push', payload: pushEvent(push.sha, HEAD), sha: push.sha, ref: 'refs/heads/main' } : { eventName: 'pull_request', payload: pullRequestEvent(pr, 'opened', HEAD), sha: HEAD, ref: `refs/pull/${pr}/merge` };
  const step = runnerStep({ workspace, ...event, inputs: { specs: 'computes/**/*.yaml', 'github-token': 'ghs_test', ...push?.inputs }, apiUrl: github.url });
  const env = { PATH: process.env.PATH ?? '', HOME: step.dir, ...step.env, ...emulator.env(), AML_K8S_POLL_INTERVAL_MS: '20', AML_K8S_RETRY_DELAY_MS: '5' };
  const run = await runNode([join(REPO, 'packages/action/src/action/main.ts')], { cwd: workspace, env, timeoutMs: 90_000 });
  return { ...run, outputs: parseOutputFile(readFileSync(step.outputPath, 'utf8')), summary: readFileSync(step.summaryPath, 'utf8'), annotations: annotationsOf(run.stdout) };
}

const lineCol = (text: string, needle: string): { line: string; col: string } => {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  return { line: String(i + 1), col: String(lines[i]!.indexOf(needle) + 1) };
};

beforeAll(async () => {
  emulator = await startEmulator({ installTimeMs: 100, attachTimeMs: 50, retryAfterSeconds: 0, ...fixturesFromSpecs([parse(SPEC)]) });
  trustEmulator(emulator);
  github = await startGitHubDouble();
});

afterAll(async () => {
  await emulator?.stop();
  await github?.stop();
});

describe('the Action validates the files it does not apply', () => {
  test('errors in a Terraform file and an InstanceType manifest: annotated at their lines, listed with the plan, the check fails', async () => {
    const workspace = workspaceWith({ 'computes/aks-poc.yaml': SPEC, 'computes/instance-types.yaml': manifest('4Gi'), 'computes/infra/main.tf': BAD_TF, 'computes/infra/package.json': '{ "name": "tooling" }\n' });
    github.pulls.set(21, { number: 21, labels: [], files: [{ filename: 'computes/aks-poc.yaml', status: 'added' }, { filename: 'computes/infra/main.tf', status: 'added' }] });
    const before = emulator.requests().length;
    const r = await runFromSources(workspace, 21);
    expect(r.code).toBe(1);
    expect(r.outputs['failure-reason']).toBe('validation-failed');
    const at = (file: string, code: string) => r.annotations.find((a) => a.props['file'] === file && a.props['title']?.startsWith(code));
    expect(at('computes/infra/main.tf', 'AMLK194')).toMatchObject({ severity: 'error', props: lineCol(BAD_TF, 'sslCertPemFile') });
    expect(at('computes/instance-types.yaml', 'AMLK163')).toMatchObject({ severity: 'error', props: lineCol(manifest('4Gi'), '4Gi') });
    // The spec is still planned (read from Azure, never written), and the plan comment says what was only validated.
    const comment = github.comments.filter((c) => c.issue === 21).map((c) => c.body).join('\n');
    expect(comment).toContain('aks-poc');
    expect(comment).toContain('Validated only, never applied');
    expect(comment).toContain(`<code>computes/infra/main.tf:${lineCol(BAD_TF, 'sslCertPemFile').line}:`);
    expect(comment).toContain(`<code>computes/instance-types.yaml:${lineCol(manifest('4Gi'), '4Gi').line}:`);
    expect(comment).not.toContain('package.json');
    expect(r.summary).toContain('Validated only, never applied');
    expect(emulator.requests().slice(before).filter((q) => q.method !== 'GET' && q.path.includes('/subscriptions/'))).toEqual([]);
  });

  test('clean files changed without a spec: no Azure call, validated only, and the merge finds an (empty) reviewed plan', async () => {
    const workspace = workspaceWith({ 'computes/aks-poc.yaml': SPEC, 'computes/instance-types.yaml': manifest('1Gi'), 'computes/infra/main.tf': GOOD_TF });
    const merge = 'e'.repeat(40);
    github.pulls.set(22, { number: 22, labels: [], mergeCommitSha: merge, files: [{ filename: 'computes/infra/main.tf', status: 'modified' }, { filename: 'computes/instance-types.yaml', status: 'modified' }] });
    const before = emulator.requests().length;
    const r = await runFromSources(workspace, 22);
    expect({ code: r.code, reason: r.outputs['failure-reason'], errors: r.annotations.filter((a) => a.severity === 'error') }).toEqual({ code: 0, reason: undefined, errors: [] });
    expect(r.summary).toContain('nothing to plan');
    expect(r.summary).toMatch(/2 file\(s\) checked by the same rules as the specs: `computes\/infra\/main.tf`, `computes\/instance-types.yaml`\..*No problems found\./);
    expect(emulator.requests().length).toBe(before);
    // The manifest matches the spec globs, so apply on merge will look for this pull request's plan.
    expect(github.comments.filter((c) => c.issue === 22).map((c) => c.body.includes('aml-k8s:review'))).toEqual([true]);
    const applied = await runFromSources(workspace, 22, { sha: merge, inputs: {} });
    expect({ code: applied.code, reason: applied.outputs['failure-reason'], count: applied.outputs['applied-count'] }).toEqual({ code: 0, reason: undefined, count: '0' });
    expect(emulator.requests().slice(before).filter((q) => q.method !== 'GET' && q.path.includes('/subscriptions/'))).toEqual([]);
  });

  test('apply applies the specs only: an InstanceType manifest and az ml YAML among them are neither applied nor taken for specs', async () => {
    const azml = '$schema: https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json\ntype: kubernetes\nname: k8s-compute\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\nnamespace: default\n';
    const workspace = workspaceWith({ 'computes/aks-poc.yaml': SPEC, 'computes/instance-types.yaml': manifest('1Gi'), 'computes/azml/compute.yaml': azml, 'computes/infra/main.tf': BAD_TF });
    const r = await runFromSources(workspace, 0, { sha: 'd'.repeat(40), inputs: { 'require-review': 'false', mode: 'apply' } });
    expect({ code: r.code, reason: r.outputs['failure-reason'], errors: r.annotations.filter((a) => a.severity === 'error') }).toEqual({ code: 0, reason: undefined, errors: [] });
    expect(r.outputs['applied-count']).toBe('1');
    expect(emulator.state().computes.map((c) => c.name)).toEqual(['aks-poc']);
  });
});
