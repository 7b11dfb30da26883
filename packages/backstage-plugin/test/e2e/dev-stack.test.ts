/**
 * @jest-environment node
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The plugin in a real browser: Debian's Chromium against the dev app, the dev backend (catalog,
// scaffolder, azureml-compute) and the ARM emulator with the examples applied (dev/stack.mts).
// Screenshots go to packages/backstage-plugin/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import type { ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { chromiumPath, launchChromium } from './browser';
import { runStack, type RunningStack } from './stack-process';

const pluginDir = resolve(__dirname, '../..');
const repoRoot = resolve(pluginDir, '../..');
const artifacts = join(pluginDir, 'artifacts');
// Kept equal to dev/stack.mts (which runs as native ESM, outside jest's module system).
const FAILING = { file: 'aks-proof-of-concept.yaml', code: 'E40001' };
const UNAPPLIED = { file: 'arc-training-only.yaml' };

let stack: RunningStack;
let browser: Browser;
let page: Page;
let token: string;

async function exampleNames(): Promise<Map<string, string>> {
  const dir = join(repoRoot, 'examples');
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f));
  const names = new Map<string, string>();
  for (const f of files) names.set(f, (parse(await readFile(join(dir, f), 'utf8')) as { metadata: { name: string } }).metadata.name);
  return names;
}

async function backend<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${stack.backendUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface DryRun {
  directoryContents: { path: string; base64Content: string }[];
  log: { body: { stepId?: string; status?: string } }[];
}

/** The software template's dry run with these form values, through the scaffolder API. */
async function dryRun(values: Record<string, unknown>): Promise<DryRun & { file(path: string): string | undefined }> {
  const template = parse(await readFile(join(repoRoot, 'templates/azureml-compute/template.yaml'), 'utf8')) as unknown;
  const result = await backend<DryRun>('/api/scaffolder/v2/dry-run', { method: 'POST', body: JSON.stringify({ template, values, secrets: {}, directoryContents: [] }) });
  return {
    ...result,
    file: (path) => {
      const f = result.directoryContents.find((c) => c.path === path);
      return f && Buffer.from(f.base64Content, 'base64').toString('utf8');
    },
  };
}

async function shot(name: string) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  const executablePath = chromiumPath(repoRoot);
  stack = await runStack(pluginDir, 420_000);
  const refresh = await fetch(`${stack.backendUrl}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  token = ((await refresh.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
  browser = await launchChromium(executablePath);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(60_000);
  // The dev app signs in as the guest user.
  await page.goto(`${stack.appUrl}/azureml-compute`);
  await page.getByRole('button', { name: 'Enter' }).click();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe('dev app in Chromium', () => {
  it('lists every example compute on the overview with the status the backend reports', async () => {
    const names = await exampleNames();
    // Render time, recorded (not asserted): from a full page load of the dev app (its unminified
    // development bundle included) to the first page of the table.
    const started = Date.now();
    await page.goto(`${stack.appUrl}/azureml-compute`);
    await page.getByText(`Computes (${names.size} of ${names.size})`).waitFor();
    const renderMs = Date.now() - started;
    await writeFile(join(artifacts, 'overview-timing.json'), `${JSON.stringify({ computes: names.size, renderMs }, null, 2)}\n`);
    const status = await backend<ComputeListResponse>('/api/azureml-compute/computes?limit=500');
    expect(status.items.map((s) => s.name).sort()).toEqual([...names.values()].sort());
    for (const item of status.items) {
      const row = page.locator('tr', { has: page.locator(`[data-testid="compute-row"][data-name="${item.name}"]`) });
      await expect(row.getByTestId('compute-health').getAttribute('data-health')).resolves.toBe(item.health);
    }
    const health = (file: string) => status.items.find((s) => s.name === names.get(file))?.health;
    expect(health(FAILING.file)).toBe('Failed');
    expect(health(UNAPPLIED.file)).toBe('NotInstalled');
    expect(status.items.filter((s) => s.health === 'Succeeded').length).toBeGreaterThanOrEqual(names.size - 3);
    const failedRow = page.locator('tr', { has: page.locator(`[data-testid="compute-row"][data-name="${names.get(FAILING.file)}"]`) });
    await expect(failedRow.innerText()).resolves.toContain(`Extension: ${FAILING.code}`);
    await shot('overview');
  }, 120_000);

  it("shows a failed compute's error and its documented remedy on the entity card", async () => {
    const name = (await exampleNames()).get(FAILING.file)!;
    await page.goto(`${stack.appUrl}/catalog/default/resource/${name}`);
    const error = page.getByTestId('compute-error');
    await error.waitFor();
    await expect(error.getAttribute('data-code')).resolves.toBe(FAILING.code);
    await expect(error.innerText()).resolves.toContain('LOAD_BALANCER_NOT_SUPPORT');
    await expect(page.getByTestId('compute-remedy').innerText()).resolves.toMatch(/What to do: .*install a load balancer.*NodePort or ClusterIP/s);
    await expect(page.getByTestId('compute-health').getAttribute('data-health')).resolves.toBe('Failed');
    await shot('entity-card-failed');
  }, 120_000);

  it('renders the template form and its dry run produces a valid spec', async () => {
    await page.goto(`${stack.appUrl}/create/templates/default/azureml-compute`);
    await page.getByRole('heading', { name: 'Azure ML Kubernetes compute' }).waitFor();
    await page.getByLabel(/^Compute name/).fill('gpu-east');
    await page.getByLabel(/^Owner/).fill('ml-platform');
    await page.getByRole('option', { name: /ml-platform/ }).first().click();
    await shot('template-compute');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel(/^Subscription ID/).fill('00000000-0000-0000-0000-000000000001');
    await page.getByLabel(/^Resource group/).fill('ml-rg');
    await page.getByLabel(/^Cluster name/).fill('aks-gpu-east');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel(/^Resource group/).fill('ml-rg');
    await page.getByLabel(/^Workspace name/).fill('ml-workspace');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel(/^Host name/).fill('ml.contoso.com');
    await page.getByLabel(/^Secret name/).fill('ml-tls');
    await shot('template-workloads');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Install the NVIDIA device plugin').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    // RepoUrlPicker: the host defaults to the first allowed one (github.com).
    await page.getByLabel(/^Owner/).fill('platform-team');
    await page.getByLabel(/^Repository/).fill('ml-platform');
    await page.getByLabel(/^Repository/).press('Tab'); // closes the repository name's suggestions
    await shot('template-repository');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).waitFor();
    const review = await page.locator('body').innerText();
    for (const value of ['gpu-east', 'aks-gpu-east', 'ml-workspace', 'LoadBalancer', 'ml.contoso.com', 'ml-tls']) expect(review).toContain(value);
    await shot('template-review');

    // The dry run of the same template with the values entered above.
    // The values entered above, as the dry run takes them (the adopter test uses the same file).
    const values = JSON.parse(await readFile(resolve(__dirname, 'template-values.json'), 'utf8')) as Record<string, unknown>;
    const run = await dryRun(values);
    const finished = run.log.filter((l) => l.body.status === 'completed').map((l) => l.body.stepId);
    expect(finished).toEqual(['validate', 'render', 'publish-github']);
    const spec = run.file('computes/gpu-east.yaml');
    if (spec === undefined) throw new Error('the dry run wrote no computes/gpu-east.yaml');
    expect(parse(spec)).toMatchObject({ apiVersion: 'aml-k8s/v1', kind: 'KubernetesCompute', metadata: { name: 'gpu-east', owner: 'group:default/ml-platform' } });
    expect(spec).toContain('secretName: ml-tls');
    await writeFile(join(artifacts, 'dry-run-gpu-east.yaml'), spec);

    // The aml-k8s CLI accepts it.
    const dir = await mkdtemp(join(tmpdir(), 'aml-k8s-dry-run-'));
    try {
      await writeFile(join(dir, 'gpu-east.yaml'), spec);
      const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'packages/action/bin/aml-k8s.js'), 'validate', join(dir, 'gpu-east.yaml'), '--format', 'json']);
      const verdict = JSON.parse(stdout) as { computes: number; summary: { errors: number } };
      expect(verdict).toMatchObject({ computes: 1, summary: { errors: 0 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('takes the cluster from a catalog entity in the dry run', async () => {
    const clusters = await backend<{ items: Array<{ metadata: { name: string; namespace?: string; annotations?: Record<string, string> } }> }>(
      '/api/catalog/entities/by-query?filter=kind=resource,spec.type=kubernetes-cluster&limit=100',
    );
    const cluster = clusters.items.find((e) => e.metadata.annotations?.['azureml.aml-k8s.dev/cluster-id']?.endsWith('/managedClusters/aks-ml-prod'));
    expect(cluster).toBeDefined();
    const values = {
      computeName: 'prod-scoring',
      owner: 'group:default/ml-platform',
      repoUrl: 'github.com?owner=platform-team&repo=ml-platform',
      clusterSource: 'catalog',
      clusterEntity: `resource:${cluster!.metadata.namespace ?? 'default'}/${cluster!.metadata.name}`,
      workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' },
      training: true,
      inference: { enabled: false },
    };
    const spec = (await dryRun(values)).file('computes/prod-scoring.yaml');
    expect(parse(spec ?? '')).toMatchObject({
      spec: { cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-prod-rg', name: 'aks-ml-prod' } },
    });
  }, 60_000);
});
