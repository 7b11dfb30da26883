// Starts the whole development stack, each part in its own process group:
//   1. the ARM emulator, seeded with the clusters and workspaces of examples/ (the cluster of the
//      proof-of-concept example cannot provision load balancers, so its install fails: E40001);
//   2. `aml-k8s apply` of the examples (all but the training-only Arc one, left not installed; the
//      GPU Arc one stays unattached: its user-assigned identity lacks the role assignments);
//   3. the dev backend (backend.mts) with the azureml-compute plugin reading the emulator;
//   4. the dev app (`backstage-cli package start`).
// Used by `npm start -w packages/backstage-plugin` (start.mts) and by the browser test.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesFromSpecs, parseExportLines } from '@aml-k8s/arm-emulator';
import { freePort, stopProcessGroup } from '@aml-k8s/backstage-dev';
import { parse } from 'yaml';

export interface StackOptions {
  /** The repository's root folder. */
  repoRoot: string;
  /** Ports; free ones by default. */
  appPort?: number;
  backendPort?: number;
  log?: (line: string) => void;
  /**
   * The demo (`npm start` at the root): every example applied and healthy, the apply's progress
   * shown as it goes, and a static access token for scripts. Without it, the test scenario above.
   */
  demo?: { token: string; progress: (line: string) => void };
}

export interface Stack {
  appUrl: string;
  backendUrl: string;
  emulatorUrl: string;
  /** Example files applied, and the one left alone. */
  applied: string[];
  notApplied: string[];
  stop(): Promise<void>;
}

/** The example whose cluster provisions no load balancer: its install fails with E40001. */
export const FAILING_EXAMPLE = { file: 'aks-proof-of-concept.yaml', name: 'aks-poc', cluster: 'aks-ml-poc', code: 'E40001' } as const;
/** The example that is not applied: the overview shows it as not installed. */
export const UNAPPLIED_EXAMPLE = { file: 'arc-training-only.yaml' } as const;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, failed?: () => string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = failed?.();
    if (problem) throw new Error(`${what}: ${problem}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function httpOk(url: string): Promise<true | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  return res.ok ? true : undefined;
}

class Processes {
  readonly #children: { name: string; child: ChildProcess; output: string[] }[] = [];
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
    // Whatever ends this process, the children go with it.
    process.once('exit', () => this.killAllNow());
  }

  killAllNow(): void {
    for (const { child } of this.#children) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  }

  start(name: string, args: string[], options: { cwd: string; env?: Record<string, string> }, echo?: (line: string) => void) {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = { name, child, output: [] as string[] };
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        entry.output.push(line);
        if (entry.output.length > 200) entry.output.shift();
        this.#log(`[${name}] ${line}`);
        echo?.(line);
      }
    };
    let spawnError: string | undefined;
    child.once('error', (err) => {
      spawnError = err.message;
      this.#log(`[${name}] ${err.message}`);
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#children.push(entry);
    return {
      child,
      exited: new Promise<number>((resolve) => {
        child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
        child.once('error', () => resolve(127));
      }),
      problem: () => spawnError ?? (child.exitCode !== null ? `exited with ${child.exitCode}:\n${entry.output.slice(-30).join('\n')}` : undefined),
    };
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#children.reverse().map(({ child }) => stopProcessGroup(child)));
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  const { repoRoot } = options;
  const pluginDir = join(repoRoot, 'packages/backstage-plugin');
  const examplesDir = join(repoRoot, 'examples');
  const work = await mkdtemp(join(tmpdir(), 'aml-k8s-dev-'));
  const processes = new Processes(log);
  const stop = async () => {
    await processes.stopAll();
    await rm(work, { recursive: true, force: true });
  };
  try {
    // 1. Emulator with the examples' clusters and workspaces.
    const files = (await readdir(examplesDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
    const docs = await Promise.all(files.map(async (f) => parse(await readFile(join(examplesDir, f), 'utf8')) as unknown));
    const fixtures = fixturesFromSpecs(docs);
    if (!options.demo) for (const c of fixtures.clusters ?? []) if (c.name === FAILING_EXAMPLE.cluster) c.loadBalancerSupported = false;
    await writeFile(join(work, 'fixtures.json'), JSON.stringify(fixtures));
    const envFile = join(work, 'emulator.env');
    const emulator = processes.start('emulator', [join(repoRoot, 'packages/arm-emulator/src/main.ts'), '--fixtures', join(work, 'fixtures.json'), '--install-time', '300', '--attach-time', '200', '--retry-after', '0', '--write-env', envFile], { cwd: repoRoot });
    const emulatorEnv = await waitFor('ARM emulator', async () => parseExportLines(await readFile(envFile, 'utf8')), 60_000, emulator.problem);
    const emulatorUrl = emulatorEnv.AML_K8S_ARM_ENDPOINT!;

    // 2. Apply the examples, as the Action does after merge.
    const applied = options.demo ? files : files.filter((f) => f !== UNAPPLIED_EXAMPLE.file);
    const applyArgs = options.demo ? ['--create-role-assignments'] : [];
    const apply = processes.start('apply', [join(repoRoot, 'packages/action/bin/aml-k8s.js'), 'apply', ...applyArgs, ...applied.map((f) => join(examplesDir, f))], { cwd: repoRoot, env: { ...emulatorEnv, ...exampleSecrets(repoRoot) } }, options.demo?.progress);
    const applyCode = await apply.exited;
    if (options.demo) {
      if (applyCode !== 0) throw new Error(`aml-k8s apply of the examples exited with ${applyCode}: ${apply.problem() ?? ''}`);
    } else {
      log(`[apply] exit ${applyCode} (1 expected: ${FAILING_EXAMPLE.file} fails with ${FAILING_EXAMPLE.code})`);
      if (applyCode !== 0 && applyCode !== 1) throw new Error(`aml-k8s apply exited with ${applyCode}`);
    }

    // 3. Backend.
    const backendPort = options.backendPort ?? (await freePort());
    const appPort = options.appPort ?? (await freePort());
    const appUrl = `http://localhost:${appPort}`;
    const backendUrl = `http://localhost:${backendPort}`;
    const urls = {
      APP_CONFIG_app_baseUrl: appUrl,
      APP_CONFIG_backend_baseUrl: backendUrl,
      APP_CONFIG_backend_listen_port: String(backendPort),
      APP_CONFIG_backend_cors_origin: appUrl,
    };
    const backendConfig = {
      ...(options.demo ? { backend: { auth: { externalAccess: [{ type: 'static', options: { token: options.demo.token, subject: 'aml-k8s-scripts' } }] } } } : {}),
      // publish:github:pull-request builds its GitHub client even in a dry run; nothing is sent.
      integrations: { github: [{ host: 'github.com', token: 'placeholder-for-dry-runs' }] },
      catalog: {
        rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location', 'Template', 'Group', 'User'] }],
        locations: [
          { type: 'file', target: join(repoRoot, 'templates/azureml-compute/template.yaml') },
          { type: 'file', target: join(pluginDir, 'dev/catalog.yaml') },
        ],
      },
      azureMlCompute: {
        locations: [{ type: 'file', target: examplesDir }],
        schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } },
        azure: { armEndpoint: emulatorUrl, authorityHost: emulatorEnv.AZURE_AUTHORITY_HOST, tenantId: emulatorEnv.AZURE_TENANT_ID, clientId: emulatorEnv.AZURE_CLIENT_ID, clientSecret: emulatorEnv.AZURE_CLIENT_SECRET },
        catalog: { schedule: { frequency: { seconds: 10 }, timeout: { minutes: 1 } }, emitClusters: true, defaultOwner: 'group:default/ml-platform' },
      },
    };
    await writeFile(join(work, 'backend-config.json'), JSON.stringify(backendConfig));
    const backend = processes.start('backend', [join(pluginDir, 'dev/backend.mts'), '--config', join(pluginDir, 'dev/app-config.yaml'), '--config', join(work, 'backend-config.json')], {
      cwd: pluginDir,
      // development: enables the guest sign-in the dev app uses.
      env: { ...urls, NODE_ENV: 'development', NODE_EXTRA_CA_CERTS: emulatorEnv.NODE_EXTRA_CA_CERTS! },
    });

    // 4. App.
    const app = processes.start('app', [join(repoRoot, 'node_modules/@backstage/cli/bin/backstage-cli'), 'package', 'start', '--config', 'dev/app-config.yaml'], { cwd: pluginDir, env: { ...urls, BROWSER: 'none' } });

    await waitFor('dev backend', () => httpOk(`${backendUrl}/.backstage/health/v1/readiness`), 180_000, backend.problem);
    await waitFor('dev app', () => httpOk(appUrl), 300_000, app.problem);
    return { appUrl, backendUrl, emulatorUrl, applied, notApplied: options.demo ? [] : [UNAPPLIED_EXAMPLE.file], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Environment the examples read secrets from (the demo TLS pair committed under examples/tls). */
function exampleSecrets(repoRoot: string): Record<string, string> {
  const read = (f: string): string => readFileSync(join(repoRoot, 'examples/tls', f), 'utf8');
  return { ML_TLS_CERT_PEM: read('ml-contoso-com.cert.pem'), ML_TLS_KEY_PEM: read('ml-contoso-com.key.pem') };
}
