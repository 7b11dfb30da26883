// Hostile input from Azure's side: failure messages that quote a protected value (Helm errors do
// this with setting values). Whatever path the text takes (an error that ends the command, a
// progress line, a result, JSON output), the value never appears in stdout or stderr.
//
// A small HTTPS proxy in front of the ARM emulator answers chosen requests with such a failure;
// everything else (tokens, reads, writes) goes to the emulator unchanged.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { emulatorCertificate, fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pullRequestEvent } from './events.ts';
import { startGitHubDouble } from './github-double.ts';
import type { GitHubDouble } from './github-double.ts';
import { parseOutputFile, runnerStep } from './run-action.ts';
import { REPO, runCliAsync, runNode } from './run-cli.ts';

const CANARY = 'SharedAccessKey=CanaryQuotedByAzure7d1e';
const RELAY = `Endpoint=sb://relay.servicebus.windows.net/;SharedAccessKeyName=k;${CANARY}`;
const SPEC = `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: quoted, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: ml-rg, name: aks-quoted }
  extension:
    training: true
    protectedSettings:
      relayServerConnectionString: { env: CANARY_RELAY }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`;

/**
 * Which requests the proxy answers itself, and how many it did (so the tests cannot pass
 * vacuously): with a failure quoting the value, or with Azure's own answer changed to quote it.
 */
interface Injection {
  method: string;
  path: RegExp;
  /** 'fail': a 400 quoting the value; a function: edits the emulator's 200 answer. */
  reply: 'fail' | ((extension: { properties: Record<string, unknown> }) => void);
  hits: number;
}

/** The value as a plain setting, as when someone once set it by hand (Azure returns plain settings). */
const quotedInSettings = (extension: { properties: Record<string, unknown> }): void => {
  extension.properties['configurationSettings'] = { ...(extension.properties['configurationSettings'] as object), relayServerConnectionString: RELAY };
};

/** A failed install whose error (Helm's) quotes the value. */
const quotedInError = (extension: { properties: Record<string, unknown> }): void => {
  extension.properties['provisioningState'] = 'Failed';
  extension.properties['errorInfo'] = { code: 'HelmError', message: `Helm installation failed: relayServerConnectionString "${RELAY}" is invalid` };
};

let emulator: Emulator;
let proxy: Server;
let proxyUrl: string;
let dir: string;
let injection: Injection | undefined;

/** What Helm says when a value does not parse: the value itself, in Azure's error envelope. */
function hostileBody(): string {
  return JSON.stringify({ error: { code: 'ExtensionOperationFailed', message: `Helm installation failed: values don't meet the specifications of the schema(s): relayServerConnectionString "${RELAY}" is invalid`, details: [{ code: 'HelmError', message: `invalid value ${RELAY}` }] } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aml-k8s-azure-text-'));
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
  emulator = await startEmulator({ installTimeMs: 100, attachTimeMs: 50, retryAfterSeconds: 0, ...fixturesFromSpecs([parse(SPEC)]) });
  const target = new URL(emulator.url);
  const { key, cert, ca } = await emulatorCertificate();
  proxy = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = injection && req.method === injection.method && injection.path.test(req.url ?? '') ? injection : undefined;
      if (hit?.reply === 'fail') {
        hit.hits++;
        res.writeHead(400, { 'content-type': 'application/json', 'x-ms-failure-cause': 'service' }).end(hostileBody());
        return;
      }
      // The Host header stays the proxy's: the emulator checks token audiences against it.
      const forward = request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, 'accept-encoding': 'identity' }, ca }, (up) => {
        const edit = hit?.reply;
        if (!hit || typeof edit !== 'function' || up.statusCode !== 200) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        let text = '';
        up.on('data', (c: Buffer) => (text += c.toString()));
        up.on('end', () => {
          hit.hits++;
          const body = JSON.parse(text) as { properties: Record<string, unknown> };
          edit(body);
          const { 'content-length': _length, ...headers } = up.headers;
          res.writeHead(200, headers).end(JSON.stringify(body));
        });
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const EXTENSION = /\/providers\/Microsoft\.KubernetesConfiguration\/extensions\/azureml(\?|$)/i;

async function cli(args: string[]) {
  const env = { ...emulator.env(), AML_K8S_ARM_ENDPOINT: proxyUrl, CANARY_RELAY: RELAY, AML_K8S_POLL_INTERVAL_MS: '20', AML_K8S_RETRY_DELAY_MS: '5', AML_K8S_MAX_RETRIES: '0' };
  return runCliAsync(args, { cwd: dir, env });
}

function expectNoCanary(run: { stdout: string; stderr: string }): void {
  for (const [stream, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr })) {
    expect({ stream, leaked: text.includes(CANARY) || text.includes(Buffer.from(RELAY).toString('base64')) }).toEqual({ stream, leaked: false });
  }
}

describe('a protected value quoted by Azure', () => {
  test('in an error that ends plan (read refused): not in the message, text or JSON', async () => {
    injection = { method: 'GET', path: EXTENSION, reply: 'fail', hits: 0 };
    const text = await cli(['plan', 'spec.yaml']);
    const json = await cli(['plan', 'spec.yaml', '--format', 'json']);
    expect(injection.hits).toBeGreaterThanOrEqual(2);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('relayServerConnectionString');
    expect(text.stderr).toContain('<redacted>');
    expectNoCanary(text);
    expect(json.code).toBe(1);
    const error = (JSON.parse(json.stdout) as { error: { message: string } }).error;
    expect(error.message).toContain('<redacted>');
    expectNoCanary(json);
  });

  test('in a failed install: not in the progress lines, the results table or the JSON results', async () => {
    injection = { method: 'PUT', path: EXTENSION, reply: 'fail', hits: 0 };
    const text = await cli(['apply', 'spec.yaml']);
    const json = await cli(['apply', 'spec.yaml', '--format', 'json']);
    expect(injection.hits).toBeGreaterThanOrEqual(2);
    expect(text.code).toBe(1);
    expect(text.stdout + text.stderr).toContain('<redacted');
    expectNoCanary(text);
    expect(json.code).toBe(1);
    expect(json.stdout).toContain('<redacted');
    expectNoCanary(json);
  });

  test('in the failure status reports: not in the text or the JSON', async () => {
    injection = undefined;
    expect((await cli(['apply', 'spec.yaml'])).code).toBe(0);
    injection = { method: 'GET', path: EXTENSION, reply: quotedInError, hits: 0 };
    const text = await cli(['status', 'spec.yaml']);
    const json = await cli(['status', 'spec.yaml', '--format', 'json']);
    expect(injection.hits).toBeGreaterThanOrEqual(2);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('error: Helm installation failed: relayServerConnectionString "<redacted>" is invalid');
    expectNoCanary(text);
    expect((JSON.parse(json.stdout) as { error?: string }[])[0]!.error).toContain('<redacted>');
    expectNoCanary(json);
  });

  test('positive control: the proxy really sends the value', async () => {
    injection = { method: 'GET', path: EXTENSION, reply: 'fail', hits: 0 };
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${proxyUrl}/subscriptions/x/providers/Microsoft.KubernetesConfiguration/extensions/azureml`, { ca: emulator.ca }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toContain(CANARY);
  });
});

describe('the Action (run from its sources) with the same hostile Azure text', () => {
  const PR = 7;
  let github: GitHubDouble;
  let workspace: string;

  beforeAll(async () => {
    github = await startGitHubDouble();
    workspace = mkdtempSync(join(tmpdir(), 'aml-k8s-azure-text-repo-'));
    mkdirSync(join(workspace, 'computes'));
    writeFileSync(join(workspace, 'computes/quoted.yaml'), SPEC);
    github.pulls.set(PR, { number: PR, labels: [], files: [{ filename: 'computes/quoted.yaml', status: 'added' }] });
    // The extension exists in Azure, so that a plan reads its settings.
    injection = undefined;
    expect((await cli(['apply', 'spec.yaml'])).code).toBe(0);
  });

  afterAll(async () => {
    await github?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  async function planPullRequest() {
    const sha = 'a'.repeat(40);
    const step = runnerStep({ workspace, eventName: 'pull_request', payload: pullRequestEvent(PR, 'opened', sha), sha, ref: `refs/pull/${PR}/merge`, inputs: { specs: 'computes/**/*.yaml', 'github-token': 'ghs_test' }, apiUrl: github.url });
    const env = { PATH: process.env.PATH ?? '', HOME: step.dir, ...step.env, ...emulator.env(), AML_K8S_ARM_ENDPOINT: proxyUrl, CANARY_RELAY: RELAY, AML_K8S_POLL_INTERVAL_MS: '20', AML_K8S_RETRY_DELAY_MS: '5', AML_K8S_MAX_RETRIES: '0' };
    const run = await runNode([join(REPO, 'packages/action/src/action/main.ts')], { cwd: workspace, env, timeoutMs: 90_000 });
    const outputs = parseOutputFile(readFileSync(step.outputPath, 'utf8'));
    return { ...run, outputs, summary: readFileSync(step.summaryPath, 'utf8'), planJson: outputs['plan-json'] ? readFileSync(outputs['plan-json'], 'utf8') : '' };
  }

  /** The log without the runner's `::add-mask::` commands (which carry the value to the runner so that it masks it). */
  const logOf = (run: { stdout: string; stderr: string }): string => `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');

  test('a plan of settings Azure quotes back: not in the PR comment, the summary, the plan file or the log', async () => {
    injection = { method: 'GET', path: EXTENSION, reply: quotedInSettings, hits: 0 };
    const before = github.comments.length;
    const r = await planPullRequest();
    expect(injection.hits).toBeGreaterThan(0);
    expect({ code: r.code, errors: r.stdout.split('\n').filter((l) => l.startsWith('::error')) }).toEqual({ code: 0, errors: [] });
    const comments = github.comments.slice(before).map((c) => c.body).join('\n');
    // The plan shows Azure's current value of the setting: it reached the comment, scrubbed.
    expect(comments).toContain('relayServerConnectionString: <redacted>');
    expect(r.summary).toContain('relayServerConnectionString: <redacted>');
    for (const [where, text] of Object.entries({ comments, summary: r.summary, planJson: r.planJson, log: logOf(r) })) expect({ where, leaked: text.includes(CANARY) }).toEqual({ where, leaked: false });
  });

  test('a failure that ends the run: not in the failure message or the log', async () => {
    injection = { method: 'GET', path: EXTENSION, reply: 'fail', hits: 0 };
    const r = await planPullRequest();
    expect(injection.hits).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors.join('\n')).toContain('<redacted>');
    expect(logOf(r)).not.toContain(CANARY);
  });
});
