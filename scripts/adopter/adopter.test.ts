/**
 * @jest-environment node
 */
// The adopter test: a Backstage app that no one here wrote. `@backstage/create-app` from the
// registry creates it outside the repository; our packed packages are installed and wired with the
// lines docs/backstage.md gives (app.ts); the app is type-checked, built, and started against the
// ARM emulator with the examples applied (stack.ts); Debian's Chromium then checks what a user
// sees. Screenshots and step timings go to scripts/adopter/artifacts/.
//
// Cold (nothing cached) it creates and installs the app, packs and installs our packages and builds
// the app; warm (same create-app version, tarballs and doc lines) it only packs and starts. The
// cache is outside the repository (AML_K8S_ADOPTER_CACHE, default ~/.cache/aml-k8s-adopter).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { chromiumPath, launchChromium } from './browser.ts';
import { prepareAdopterApp, type AdopterApp } from './app.ts';
import { packPackages } from './pack.ts';
import { exampleFiles, FAILING_EXAMPLE, startAdopterStack, UNAPPLIED_EXAMPLE, type AdopterStack } from './stack.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const verbose = process.env.AML_K8S_ADOPTER_VERBOSE === '1';
const log = (line: string) => (verbose ? process.stderr.write(`${line}\n`) : undefined);

interface ComputeItem {
  name: string;
  health: string;
}

let scratch: string;
let app: AdopterApp;
let stack: AdopterStack;
let browser: Browser;
let page: Page;
let token: string;
const timings: Record<string, number> = {};

function exampleNames(): Map<string, string> {
  return new Map(exampleFiles(repoRoot).map((f) => [f, (parse(readFileSync(join(repoRoot, 'examples', f), 'utf8')) as { metadata: { name: string } }).metadata.name]));
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  const started = Date.now();
  mkdirSync(artifacts, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), 'aml-k8s-adopter-'));
  const executablePath = chromiumPath(repoRoot);
  let step = Date.now();
  const tarballs = await packPackages(repoRoot, join(scratch, 'tarballs'), log);
  timings['pack packages'] = (Date.now() - step) / 1000;
  app = await prepareAdopterApp({ repoRoot, tarballs, log });
  Object.assign(timings, app.timings);
  step = Date.now();
  stack = await startAdopterStack(repoRoot, app, log);
  timings['start'] = (Date.now() - step) / 1000;
  const refresh = await fetch(`${stack.url}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  if (!refresh.ok) throw new Error(`guest sign-in: ${refresh.status} ${await refresh.text()}`);
  token = ((await refresh.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
  browser = await launchChromium(executablePath);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(60_000);
  await page.goto(`${stack.url}/azureml-compute`);
  await page.getByRole('button', { name: 'Enter' }).click();
  timings['total before the checks'] = (Date.now() - started) / 1000;
  writeFileSync(join(artifacts, 'timings.json'), `${JSON.stringify({ createAppVersion: app.createAppVersion, seconds: timings }, null, 2)}\n`);
}, 60 * 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 60_000);

describe('a Backstage app created with @backstage/create-app, wired as docs/backstage.md says', () => {
  it('lists every example compute on the overview with the status the backend reports', async () => {
    const names = exampleNames();
    await page.goto(`${stack.url}/azureml-compute`);
    await page.getByText(`Computes (${names.size} of ${names.size})`).waitFor({ timeout: 120_000 });
    const status = await api<{ items: ComputeItem[] }>('/api/azureml-compute/computes?limit=500');
    expect(status.items.map((s) => s.name).sort()).toEqual([...names.values()].sort());
    for (const item of status.items) {
      const row = page.locator('tr', { has: page.locator(`[data-testid="compute-row"][data-name="${item.name}"]`) });
      await expect(row.getByTestId('compute-health').getAttribute('data-health')).resolves.toBe(item.health);
    }
    const health = (file: string) => status.items.find((s) => s.name === names.get(file))?.health;
    expect(health(FAILING_EXAMPLE.file)).toBe('Failed');
    expect(health(UNAPPLIED_EXAMPLE.file)).toBe('NotInstalled');
    await shot('overview');
  }, 180_000);

  it("shows the entity card on a compute's catalog page", async () => {
    const name = exampleNames().get(FAILING_EXAMPLE.file)!;
    await page.goto(`${stack.url}/catalog/default/resource/${name}`);
    const error = page.getByTestId('compute-error');
    await error.waitFor({ timeout: 120_000 });
    await expect(error.getAttribute('data-code')).resolves.toBe(FAILING_EXAMPLE.code);
    await expect(page.getByTestId('compute-health').getAttribute('data-health')).resolves.toBe('Failed');
    await shot('entity-card');
  }, 180_000);

  it("runs the software template's dry run to a spec file", async () => {
    await page.goto(`${stack.url}/create/templates/default/azureml-compute`);
    await page.getByRole('heading', { name: 'Azure ML Kubernetes compute' }).waitFor({ timeout: 120_000 });
    await shot('template-form');
    const template = parse(readFileSync(join(repoRoot, 'templates/azureml-compute/template.yaml'), 'utf8')) as unknown;
    const values = JSON.parse(readFileSync(join(repoRoot, 'packages/backstage-plugin/test/e2e/template-values.json'), 'utf8')) as Record<string, unknown>;
    const run = await api<{ directoryContents: { path: string; base64Content: string }[]; log: { body: { stepId?: string; status?: string } }[] }>('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      body: JSON.stringify({ template, values, secrets: {}, directoryContents: [] }),
    });
    expect(run.log.filter((l) => l.body.status === 'completed').map((l) => l.body.stepId)).toEqual(['validate', 'render', 'publish-github']);
    const file = run.directoryContents.find((c) => c.path === 'computes/gpu-east.yaml');
    if (!file) throw new Error('the dry run wrote no computes/gpu-east.yaml');
    const spec = Buffer.from(file.base64Content, 'base64').toString('utf8');
    expect(parse(spec)).toMatchObject({ apiVersion: 'aml-k8s/v1', kind: 'KubernetesCompute', metadata: { name: 'gpu-east', owner: 'group:default/ml-platform' } });
    writeFileSync(join(artifacts, 'dry-run-gpu-east.yaml'), spec);
  }, 180_000);
});
