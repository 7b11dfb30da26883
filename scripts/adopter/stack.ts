// The adopter app running against Azure as the ARM emulator plays it: the emulator (in this
// process) seeded with the clusters and workspaces of examples/, `aml-k8s apply` of the examples as
// the Action does after merge, then the app's built backend, which also serves the built frontend.
// The scenario is the development stack's: the proof-of-concept cluster provisions no load balancer
// (its install fails with E40001) and the training-only Arc example is not applied.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesFromSpecs, startEmulator, type Emulator } from '@aml-k8s/arm-emulator';
import { freePort, stopProcessGroup } from '@aml-k8s/backstage-dev';
import { parse, stringify } from 'yaml';
import type { AdopterApp } from './app.ts';
import { run } from './tools.ts';

export const FAILING_EXAMPLE = { file: 'aks-proof-of-concept.yaml', cluster: 'aks-ml-poc', code: 'E40001' } as const;
export const UNAPPLIED_EXAMPLE = { file: 'arc-training-only.yaml' } as const;

export interface AdopterStack {
  /** The app and its backend: one origin. */
  url: string;
  emulator: Emulator;
  /** The backend's last lines of output, for failures. */
  backendOutput(): string;
  stop(): Promise<void>;
}

export function exampleFiles(repoRoot: string): string[] {
  return readdirSync(join(repoRoot, 'examples'))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** The app's configuration for this run, on top of the app's own app-config.yaml. */
function adopterConfig(repoRoot: string, url: string, port: number, emulator: Emulator): Record<string, unknown> {
  return {
    app: { baseUrl: url },
    backend: { baseUrl: url, listen: { port }, cors: { origin: url } },
    // The created app signs in as a guest; its built backend does not run in development mode.
    auth: { providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
    catalog: {
      rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location', 'Template', 'Group', 'User'] }],
      locations: [
        { type: 'file', target: join(repoRoot, 'templates/azureml-compute/template.yaml'), rules: [{ allow: ['Template'] }] },
        { type: 'file', target: join(repoRoot, 'packages/backstage-plugin/dev/catalog.yaml'), rules: [{ allow: ['Group'] }] },
      ],
    },
    azureMlCompute: {
      locations: [{ type: 'file', target: join(repoRoot, 'examples') }],
      schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } },
      azure: { armEndpoint: emulator.url, authorityHost: emulator.url, tenantId: emulator.tenantId, clientId: emulator.clientId, clientSecret: emulator.clientSecret },
      catalog: { schedule: { frequency: { seconds: 10 }, timeout: { minutes: 1 } }, emitClusters: true, defaultOwner: 'group:default/ml-platform' },
    },
  };
}

async function waitForReady(url: string, failed: () => string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = failed();
    if (problem) throw new Error(problem);
    const ok = await fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function startAdopterStack(repoRoot: string, app: AdopterApp, log: (line: string) => void = () => {}): Promise<AdopterStack> {
  const work = mkdtempSync(join(tmpdir(), 'aml-k8s-adopter-run-'));
  const files = exampleFiles(repoRoot);
  const fixtures = fixturesFromSpecs(files.map((f) => parse(readFileSync(join(repoRoot, 'examples', f), 'utf8')) as unknown));
  for (const c of fixtures.clusters ?? []) if (c.name === FAILING_EXAMPLE.cluster) c.loadBalancerSupported = false;
  const emulator = await startEmulator({ installTimeMs: 300, attachTimeMs: 200, retryAfterSeconds: 0, ...fixtures });
  const stops: (() => Promise<void>)[] = [() => emulator.stop(), async () => rmSync(work, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const applied = files.filter((f) => f !== UNAPPLIED_EXAMPLE.file).map((f) => join(repoRoot, 'examples', f));
    const secrets = { ML_TLS_CERT_PEM: readFileSync(join(repoRoot, 'examples/tls/ml-contoso-com.cert.pem'), 'utf8'), ML_TLS_KEY_PEM: readFileSync(join(repoRoot, 'examples/tls/ml-contoso-com.key.pem'), 'utf8') };
    // Exit code 1: the failing example's install fails, as intended.
    await run(process.execPath, [join(repoRoot, 'packages/action/bin/aml-k8s.js'), 'apply', ...applied], { cwd: repoRoot, env: { ...app.env, ...emulator.env(), ...secrets }, log }).catch((err: Error) => {
      if (!/failed with 1:/.test(err.message)) throw err;
    });

    const port = await freePort();
    const url = `http://localhost:${port}`;
    const configFile = join(work, 'app-config.adopter.yaml');
    writeFileSync(configFile, stringify(adopterConfig(repoRoot, url, port, emulator)));
    // As the app's Dockerfile starts it, from the app's root.
    const child = spawn(process.execPath, ['packages/backend', '--config', 'app-config.yaml', '--config', configFile], {
      cwd: app.dir,
      env: { ...app.env, NODE_ENV: 'production', NODE_EXTRA_CA_CERTS: emulator.caFile, GITHUB_TOKEN: 'placeholder-for-dry-runs' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 400) output.shift();
        log(`[backend] ${line}`);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    stops.push(() => stopProcessGroup(child, 10_000));
    const backendOutput = () => output.slice(-80).join('\n');
    await waitForReady(`${url}/.backstage/health/v1/readiness`, () => (child.exitCode !== null ? `the app's backend exited with ${child.exitCode}:\n${backendOutput()}` : undefined), 240_000);
    return { url, emulator, backendOutput, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
