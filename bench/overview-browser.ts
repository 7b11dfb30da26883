// Benchmark of the overview page in a real browser at scale: the dev app (the Backstage CLI's dev
// server, as the browser test runs it) and the dev backend, whose status store holds `count`
// computes (written beforehand, as bench/api.ts does: no refresh runs), in Debian's Chromium.
// Measured in the page (performance.now()) until the table shows its first page of 50 rows:
// - the target: navigating to the overview within the running app (as its menu link does), so the
//   figure is the page's own work: its summary and first page from the backend, and rendering;
// - reported: a full load of /azureml-compute (navigation start to the first page), which the dev
//   server's unminified development bundle (about 45 MB of JavaScript, fetched and evaluated on
//   every load) dominates, and the first load of all (empty browser cache, sign-in page).
import { StatusStore } from '@aml-k8s/plugin-azureml-compute-backend';
import { freePort, stopProcessGroup } from '@aml-k8s/backstage-dev';
import knexFactory from 'knex';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { fleetStatus } from './api.ts';
import type { BenchResult } from './result.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PLUGIN_DIR = join(REPO, 'packages/backstage-plugin');
const FIRST_PAGE_ROWS = 50;

export interface OverviewBrowserFigures {
  computes: number;
  /** Full loads, navigation start to the first page rendered, ms (sorted). */
  loadsMs: number[];
  /** JavaScript the app loads (decoded), bytes. */
  scriptBytes: number;
  /** In-app navigations to the overview, ms (sorted). */
  navigationsMs: number[];
  /** The first load of all (empty browser cache; through the sign-in page), ms. */
  coldMs: number;
}

/** Debian's Chromium (scripts/chromium.sh finds it, or installs it), with the browser test's flags. */
function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync('bash', [join(REPO, 'scripts/chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
  return chromium.launch({ executablePath, args, headless: true });
}

const median = (sorted: readonly number[]): number => sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;

/** A process in a group of its own, its output kept for errors; stopped with its children. */
function start(name: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PLUGIN_DIR, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(...d.toString().split('\n').filter((l) => l.trim()));
    output.splice(0, Math.max(0, output.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    problem: () => (child.exitCode !== null ? `${name} exited with ${child.exitCode}:\n${output.join('\n')}` : undefined),
    stop: () => stopProcessGroup(child),
  };
}

async function waitUntilOk(what: string, url: string, timeoutMs: number, problem: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failed = problem();
    if (failed) throw new Error(`${what}: ${failed}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(60_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A status store of `count` fleet computes in the SQLite file the dev backend's plugin opens (`<dir>/azureml-compute.sqlite`). */
async function seedStore(dir: string, count: number): Promise<void> {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'azureml-compute.sqlite') }, useNullAsDefault: true });
  try {
    const store = await StatusStore.create(knex);
    await store.write(Array.from({ length: count }, (_, i) => fleetStatus(i)), []);
    await store.recordRefresh({ startedAt: '2026-11-23T10:14:00.000Z', finishedAt: '2026-11-23T10:16:00.000Z', computes: count, requests: 2 });
  } finally {
    await knex.destroy();
  }
}

/** Milliseconds from the document's navigation start until the table shows its first page. */
async function firstPageRendered(page: Page): Promise<number> {
  await page.locator('[data-testid="compute-row"]').nth(FIRST_PAGE_ROWS - 1).waitFor();
  return page.evaluate(() => performance.now());
}

export async function benchOverviewBrowserFigures(count = 5000, loads = 7): Promise<OverviewBrowserFigures> {
  const work = await mkdtemp(join(tmpdir(), 'aml-k8s-overview-'));
  const dbDir = join(work, 'db');
  await mkdir(dbDir);
  await seedStore(dbDir, count);
  const [backendPort, appPort] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${appPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  const urls = { APP_CONFIG_app_baseUrl: appUrl, APP_CONFIG_backend_baseUrl: backendUrl, APP_CONFIG_backend_listen_port: String(backendPort), APP_CONFIG_backend_cors_origin: appUrl };
  // The plugin reads no spec location (the store is written already), so no refresh runs.
  const config = {
    backend: { database: { client: 'better-sqlite3', connection: { directory: dbDir } } },
    integrations: { github: [{ host: 'github.com', token: 'placeholder-for-dry-runs' }] },
    catalog: { locations: [] },
  };
  await writeFile(join(work, 'bench-config.json'), JSON.stringify(config));
  const backend = start('dev backend', [join(PLUGIN_DIR, 'dev/backend.mts'), '--config', join(PLUGIN_DIR, 'dev/app-config.yaml'), '--config', join(work, 'bench-config.json')], { ...urls, NODE_ENV: 'development' });
  const app = start('dev app', [join(REPO, 'node_modules/@backstage/cli/bin/backstage-cli'), 'package', 'start', '--config', 'dev/app-config.yaml'], { ...urls, BROWSER: 'none' });
  const browser = await launchChromium();
  try {
    await waitUntilOk('dev backend', `${backendUrl}/.backstage/health/v1/readiness`, 180_000, backend.problem);
    await waitUntilOk('dev app', appUrl, 600_000, app.problem);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(300_000);
    await page.goto(`${appUrl}/azureml-compute`);
    await page.getByRole('button', { name: 'Enter' }).click();
    const coldMs = await firstPageRendered(page);
    const scriptBytes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((r) => /\.js(\?|$)/.test(r.name))
        .reduce((sum, r) => sum + (r as PerformanceResourceTiming).decodedBodySize, 0),
    );
    const total = await page.getByText(`Computes (${count} of ${count})`).count();
    if (total !== 1) throw new Error(`the overview does not show ${count} computes`);
    const loadsMs: number[] = [];
    const navigationsMs: number[] = [];
    for (let i = 0; i < loads; i++) {
      await page.goto(`${appUrl}/azureml-compute`);
      loadsMs.push(await firstPageRendered(page));
      // In-app: leave for another page of the app, then come back as a link would (history API).
      await page.evaluate(() => {
        history.pushState(null, '', '/catalog');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.locator('[data-testid="compute-row"]').first().waitFor({ state: 'detached' });
      const startedAt = await page.evaluate(() => {
        const t = performance.now();
        history.pushState(null, '', '/azureml-compute');
        dispatchEvent(new PopStateEvent('popstate'));
        return t;
      });
      navigationsMs.push((await firstPageRendered(page)) - startedAt);
    }
    return { computes: count, loadsMs: loadsMs.sort((a, b) => a - b), scriptBytes, navigationsMs: navigationsMs.sort((a, b) => a - b), coldMs };
  } finally {
    await browser.close();
    await Promise.all([app.stop(), backend.stop()]);
    await rm(work, { recursive: true, force: true });
  }
}

/** The figures as rows of the results table. */
export async function benchOverviewBrowser(count = 5000, loads = 7): Promise<BenchResult[]> {
  const f = await benchOverviewBrowserFigures(count, loads);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (f.scriptBytes / 2 ** 20).toFixed(0);
  return [
    {
      name: `Backstage overview in the browser, ${count} computes: first page rendered`,
      value: median(f.navigationsMs) / 1000,
      unit: 's',
      target: 2,
      comparison: 'max',
      detail: `median of ${f.navigationsMs.length} navigations to the overview in the running app (max ${s(f.navigationsMs[f.navigationsMs.length - 1]!)}) until ${FIRST_PAGE_ROWS} rows show: summary and first page fetched, table rendered (React development build), Chromium`,
    },
    {
      name: `Backstage overview in the browser, ${count} computes: full page load with the dev bundle`,
      value: median(f.loadsMs) / 1000,
      unit: 's',
      detail: `median of ${f.loadsMs.length} loads, navigation start to ${FIRST_PAGE_ROWS} rows; the dev server's unminified bundle (${mb} MiB of JavaScript, fetched and evaluated each load) dominates; the first load (empty browser cache, guest sign-in) ${s(f.coldMs)}`,
    },
  ];
}
