// Benchmarks of apply at fleet scale on the ARM emulator: wall time of 1, 50 and 200 computes
// with a simulated install time; 1,000 computes in one subscription under ARM's throttling (token
// buckets per subscription, which the emulator enforces); and the ARM requests each compute costs
// (counted by the emulator).
import { fixturesFromSpecs, parseExportLines, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { ClientSecretCredential } from '@azure/identity';
import { applySpecs, ArmPacer, AZURE_ARM_PACING, SdkAzureGateway } from '@aml-k8s/shared';
import type { ArmPacing, SpecInput } from '@aml-k8s/shared';
import { parse } from 'yaml';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));

// Simulated durations. Azure takes 10 to 15 minutes per install; shorter simulated times make the
// tool's own fixed costs (planning reads, poll spacing) look larger than users will ever see them.
let INSTALL_MS = 10_000;
let ATTACH_MS = 2_000;

/** The subscription of the fleet's i-th compute (its cluster's and its workspace's): one of 90, unless given. */
const fleetSubscription = (i: number, subscriptionId?: string): string => subscriptionId ?? `00000000-0000-0000-0000-0000000000${String(i % 90 + 10)}`;
/** The workspace of the fleet's i-th compute: one of 35 (7 resource groups) in its subscription. */
const fleetWorkspace = (i: number): string => `{ resourceGroup: ml-rg-${i % 7}, name: ml-workspace-${i % 5} }`;

/** `count` AKS computes, each on its own cluster: training + HTTP inference (the proof-of-concept shape). */
export function fleetSpecs(count: number, offset = 0, subscriptionId?: string): SpecInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    return {
      file: `fleet/compute-${i}.yaml`,
      text: `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: fleet-${i}x, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: ${fleetSubscription(i, subscriptionId)}, resourceGroup: fleet-rg-${i % 7}, name: aks-fleet-${i} }
  extension:
    training: true
    inference: { routerServiceType: LoadBalancer, highAvailability: false, tls: { insecure: true } }
  attach:
    workspace: ${fleetWorkspace(i)}
`,
    };
  });
}

async function fleetEmulator(specs: SpecInput[], retryAfterSeconds: number, installTimeMs = 3000): Promise<Emulator> {
  const e = await startEmulator({ installTimeMs, attachTimeMs: 500, retryAfterSeconds, ...fixturesFromSpecs(specs.map((s) => parse(s.text))) });
  trustEmulator(e);
  return e;
}

function gateway(e: Emulator, pollIntervalMs: number): SdkAzureGateway {
  const credential = new ClientSecretCredential(e.tenantId, e.clientId, e.clientSecret, e.credentialOptions());
  return new SdkAzureGateway(credential, { endpoint: e.url, pollIntervalMs, retry: { maxRetries: 10, retryDelayInMs: 100, maxRetryDelayInMs: 2000 } });
}

const options = { resolveSecrets: true, env: {}, cwd: process.cwd(), allowDisruptive: false, concurrency: 200, pollIntervalMs: 250 };

/**
 * The emulator runs in a process of its own, as Azure runs on machines of its own: what is timed
 * is aml-k8s's work and its waiting, not the emulator's share of this machine's two cores.
 */
async function emulatorProcess(specs: SpecInput[], extraArgs: readonly string[] = []): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-fleet-'));
  writeFileSync(join(dir, 'fixtures.json'), JSON.stringify(fixturesFromSpecs(specs.map((s) => parse(s.text)))));
  const envFile = join(dir, 'env');
  const child = spawn(process.execPath, [join(repo, 'packages/arm-emulator/src/main.ts'), '--fixtures', join(dir, 'fixtures.json'), '--install-time', String(INSTALL_MS), '--attach-time', String(ATTACH_MS), '--retry-after', '1', '--write-env', envFile, ...extraArgs], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(envFile); i++) await new Promise((r) => setTimeout(r, 100));
  const env = parseExportLines(readFileSync(envFile, 'utf8'));
  // A benchmark that throws must not leave its emulator running.
  const orphan = (): void => void child.kill('SIGTERM');
  process.once('exit', orphan);
  return {
    env,
    stop: async () => {
      process.off('exit', orphan);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface FleetRun {
  ms: number;
  /** Computes that did not apply, and how many of those failed on throttling. */
  failed: number;
  failedThrottled: number;
  /** ARM requests in all, and how many ARM answered 429. */
  requests: number;
  throttled: number;
  /** ARM requests by class: reads besides polls, status polls of operations, writes, deletes. */
  byClass: { reads: number; polls: number; writes: number; deletes: number };
  /** Requests the client's pacer held back, and the seconds they waited in all (reads, writes). */
  paced: { reads: { requests: number; ms: number }; writes: { requests: number; ms: number } };
  /** Seconds from the start: planning done (first write), last install started, last attach started. */
  phases: { planned: number; lastInstall: number; lastAttach: number };
}

/** Applies `specs` from nothing against an emulator process of their own, timed. */
async function runFleet(specs: SpecInput[], { concurrency = options.concurrency, emulatorArgs = [] as readonly string[], allowFailures = false, pacing = undefined as ArmPacing | undefined } = {}): Promise<FleetRun> {
  const { env, stop } = await emulatorProcess(specs, emulatorArgs);
  try {
    trustEmulator({ ca: readFileSync(env.NODE_EXTRA_CA_CERTS!, 'utf8') });
    const credential = new ClientSecretCredential(env.AZURE_TENANT_ID!, env.AZURE_CLIENT_ID!, env.AZURE_CLIENT_SECRET!, { authorityHost: env.AZURE_AUTHORITY_HOST!, disableInstanceDiscovery: true });
    // Azure answers long operations with Retry-After; the SDK polls at that pace.
    const pacer = new ArmPacer(pacing ?? AZURE_ARM_PACING);
    const gw = new SdkAzureGateway(credential, { endpoint: env.AML_K8S_ARM_ENDPOINT!, pollIntervalMs: 1000, retry: { maxRetries: 10, retryDelayInMs: 100, maxRetryDelayInMs: 2000 }, pacing: pacer });
    const start = performance.now();
    const phases = { planned: 0, lastInstall: 0, lastAttach: 0 };
    const at = (): number => (performance.now() - start) / 1000;
    const r = await applySpecs(specs, gw, {
      ...options,
      concurrency,
      onEvent: (e) => {
        if (e.kind !== 'step') return;
        if (/^installing/.test(e.message)) {
          if (!phases.planned) phases.planned = at();
          phases.lastInstall = at();
        } else if (/^attaching/.test(e.message)) phases.lastAttach = at();
      },
    });
    const ms = performance.now() - start;
    const bad = r.results.filter((x) => x.outcome !== 'applied');
    if (bad.length && !allowFailures) throw new Error(`${bad.length} computes did not apply: ${bad[0]!.error?.message}`);
    const log = (await (await fetch(`${env.AML_K8S_ARM_ENDPOINT!}/__emulator/requests`, { headers: { authorization: `Bearer ${env.AML_K8S_EMULATOR_ADMIN_TOKEN!}` } })).json()) as { kind: string; status: number; method: string; path: string }[];
    const arm = log.filter((x) => x.kind === 'arm');
    const reads = arm.filter((x) => x.method === 'GET');
    const waited = pacer.waited();
    return {
      byClass: { reads: reads.filter((x) => !isPoll(x.path)).length, polls: reads.filter((x) => isPoll(x.path)).length, writes: arm.filter((x) => /^(PUT|PATCH|POST)$/.test(x.method)).length, deletes: arm.filter((x) => x.method === 'DELETE').length },
      paced: { reads: waited.reads, writes: waited.writes },
      phases,
      ms,
      failed: bad.length,
      failedThrottled: bad.filter((x) => /TooManyRequests|429|throttl/i.test(`${x.error?.code ?? ''} ${x.error?.message ?? ''}`)).length,
      requests: arm.length,
      throttled: arm.filter((x) => x.status === 429).length,
    };
  } finally {
    await stop();
  }
}

async function timedApply(count: number): Promise<number> {
  return (await runFleet(fleetSpecs(count))).ms;
}

export async function benchFleet(sizes: readonly number[], simulated: { installMs: number; attachMs: number } = { installMs: 10_000, attachMs: 2_000 }): Promise<BenchResult[]> {
  INSTALL_MS = simulated.installMs;
  ATTACH_MS = simulated.attachMs;
  const one = await timedApply(1);
  const out: BenchResult[] = [{ name: `apply 1 compute (install ${INSTALL_MS / 1000}s, attach ${ATTACH_MS / 1000}s simulated)`, value: one / 1000, unit: 's' }];
  for (const n of sizes.filter((s) => s > 1)) {
    const ms = await timedApply(n);
    out.push({ name: `apply ${n} computes: wall time ÷ one compute`, value: ms / one, unit: '×', target: 1.3, comparison: 'max', detail: `${(ms / 1000).toFixed(2)} s` });
  }
  return out;
}

const ONE_SUBSCRIPTION = '00000000-0000-0000-0000-000000000042';

/** The emulator's --throttling items (e.g. reads=30/25) as the client's pacing settings. */
function pacingOf(throttling: string): ArmPacing {
  const pacing: ArmPacing = { refillPerSecond: { ...AZURE_ARM_PACING.refillPerSecond }, capacity: { ...AZURE_ARM_PACING.capacity } };
  for (const [, kind, capacity, rate] of throttling.matchAll(/(reads|writes|deletes)=(\d+)\/(\d+)/g)) {
    pacing.capacity[kind as 'reads'] = Number(capacity);
    pacing.refillPerSecond[kind as 'reads'] = Number(rate);
  }
  return pacing;
}

/**
 * `count` computes in one subscription, applied from nothing at a concurrency of `count`, against
 * ARM's throttling: Azure's buckets unless `throttling` (the emulator's --throttling) shrinks them.
 * Planning reads every compute before the first write, and every install costs polls: at 1,000
 * computes the subscription's 25 reads/s decide the pace, and only installs as long as Azure's
 * (minutes, not seconds) leave the fleet close to one compute's time.
 */
export async function benchFleetOneSubscription(count: number, simulated: { installMs: number; attachMs: number }, throttling?: string): Promise<BenchResult[]> {
  INSTALL_MS = simulated.installMs;
  ATTACH_MS = simulated.attachMs;
  const emulatorArgs = throttling ? ['--throttling', throttling] : [];
  // The client knows the bucket sizes it starts from (Azure's by default); shrunk ones are told it.
  const pacing = throttling ? pacingOf(throttling) : undefined;
  // The reference compute runs alongside, in an emulator process (and subscription) of its own:
  // both mostly wait on simulated installs, and the paced fleet sends about 35 requests a second.
  const [one, fleet] = await Promise.all([runFleet(fleetSpecs(1, 0, ONE_SUBSCRIPTION), { emulatorArgs, pacing }), runFleet(fleetSpecs(count, 0, ONE_SUBSCRIPTION), { concurrency: count, emulatorArgs, allowFailures: true, pacing })]);
  const buckets = throttling ? `buckets ${throttling}` : "Azure's buckets (reads 250 + 25/s, writes 200 + 10/s)";
  const label = `apply ${count.toLocaleString('en-US')} computes in one subscription`;
  return [
    { name: `${label}: wall time ÷ one compute (install ${INSTALL_MS / 1000}s, attach ${ATTACH_MS / 1000}s simulated)`, value: fleet.ms / one.ms, unit: '×', ...(count >= 1000 ? { target: 1.5, comparison: 'max' as const } : {}), detail: `${(fleet.ms / 1000).toFixed(1)} s vs ${(one.ms / 1000).toFixed(1)} s; ${buckets}; ${anatomy(fleet, count)}` },
    { name: `${label}: computes failed by throttling`, value: fleet.failedThrottled, unit: 'computes', target: 0, comparison: 'max', detail: `${fleet.failed} failed in all; ${fleet.throttled} of ${fleet.requests} ARM requests answered 429` },
  ];
}

/** Where a fleet's time and requests went: the figures that explain its ratio. */
function anatomy(f: FleetRun, count: number): string {
  const per = (n: number): string => (n / count).toFixed(1);
  const wait = (w: { requests: number; ms: number }): string => (w.requests ? `${w.requests} waited ${(w.ms / w.requests / 1000).toFixed(1)} s on average` : 'none waited');
  return [
    `requests per compute: ${per(f.byClass.reads)} reads besides ${per(f.byClass.polls)} polls, ${per(f.byClass.writes)} writes`,
    `bucket pacing: reads ${wait(f.paced.reads)}, writes ${wait(f.paced.writes)}`,
    `plan read by ${f.phases.planned.toFixed(0)} s, last install started at ${f.phases.lastInstall.toFixed(0)} s, last attach at ${f.phases.lastAttach.toFixed(0)} s`,
  ].join('; ');
}

const isArm = (path: string): boolean => path.startsWith('/subscriptions/') || path.startsWith('/providers/');
const isPoll = (path: string): boolean => /\/operations\/|computeOperationsStatus|operationResults|asyncoperations/i.test(path);

export async function benchRequests(count: number): Promise<BenchResult[]> {
  const specs = fleetSpecs(count);
  const e = await fleetEmulator(specs, 0, 200);
  const gw = gateway(e, 50);
  const count_ = (pred: (m: string, p: string) => boolean): number => e.requests().filter((r) => isArm(r.path) && pred(r.method, r.path)).length / count;
  try {
    await applySpecs(specs, gw, { ...options, pollIntervalMs: 50 });
    const createWrites = count_((m) => m !== 'GET');
    const createReads = count_((m, p) => m === 'GET' && !isPoll(p));
    e.reset();
    const changed = specs.map((s) => ({ ...s, text: s.text.replace('training: true', 'training: true\n    components: { dcgmExporter: true }') }));
    await applySpecs(changed, gw, { ...options, pollIntervalMs: 50 });
    const updateWrites = count_((m) => m !== 'GET');
    const updateReads = count_((m, p) => m === 'GET' && !isPoll(p));
    e.reset();
    await applySpecs(changed, gw, { ...options, pollIntervalMs: 50 });
    const noopWrites = count_((m) => m !== 'GET');
    const noopReads = count_((m) => m === 'GET');
    return [
      { name: 'fresh create: ARM writes per compute', value: createWrites, unit: 'requests', target: 2, comparison: 'max', detail: `${createReads.toFixed(1)} reads (besides polls), ${count} computes in ${new Set(specs.map((_, i) => fleetSubscription(i) + fleetWorkspace(i))).size} workspaces (computes that share a workspace share its planning reads)` },
      { name: 'one-setting update: ARM writes per compute', value: updateWrites, unit: 'requests', detail: `${updateReads.toFixed(1)} reads (besides polls)` },
      { name: 'no-op apply: ARM reads per compute', value: noopReads, unit: 'requests', target: 2, comparison: 'max' },
      { name: 'no-op apply: ARM writes per compute', value: noopWrites, unit: 'requests', target: 0, comparison: 'max' },
    ];
  } finally {
    await e.stop();
  }
}

/** Polls of one install as a function of install time and Retry-After: the SDK waits what Azure says. */
export async function benchPolls(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const [installMs, retryAfter] of [[2000, 1], [4000, 1], [4000, 2]] as const) {
    const specs = fleetSpecs(1);
    const e = await fleetEmulator(specs, retryAfter, installMs);
    try {
      await applySpecs(specs, gateway(e, 5000), options);
      const polls = e.requests().filter((r) => r.method === 'GET' && isPoll(r.path) && r.path.includes('extensions')).length;
      out.push({ name: `status polls of one install (${installMs / 1000}s install, Retry-After ${retryAfter}s)`, value: polls, unit: 'requests', detail: `ideal ≈ ${Math.ceil(installMs / 1000 / retryAfter)}` });
    } finally {
      await e.stop();
    }
  }
  return out;
}
