import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isRecord } from './http.ts';
import { startEmulator, type Emulator } from './server.ts';
import { parseThrottling } from './throttling.ts';
import { fixturesFromSpecFiles } from './spec-files.ts';
import type { EmulatorOptions, FaultSettings, Fixtures } from './types.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves when the emulator should stop; default: the first SIGINT or SIGTERM. */
  until?: Promise<unknown>;
  /** Called once the emulator listens (tests use it to reach the instance). */
  onStarted?: (emulator: Emulator) => void;
  /** Name in messages; default `aml-k8s-emulator` (`aml-k8s emulator` when the aml-k8s CLI forwards). */
  program?: string;
}

export const CLI_USAGE = `Usage: aml-k8s-emulator [options]
       (or \`aml-k8s emulator [options]\` where @aml-k8s/arm-emulator is installed)

Starts the local Azure Resource Manager emulator, prints the environment to use it
(export lines) and runs until interrupted.

Options:
  --port N               TCP port on 127.0.0.1 (default: a free port)
  --install-time MS      extension install/update duration (default 2000)
  --attach-time MS       compute attach duration (default 1000)
  --delete-time MS       extension/compute delete duration (default 1000)
  --relay-activation-time MS
                         time a new Relay namespace takes to become Active (default:
                         install time / 10)
  --principal-replication-delay MS
                         time a new user-assigned identity is unknown to the directory:
                         role assignments without principalType answer PrincipalNotFound
                         (default 0)
  --resource-graph-delay MS
                         time the Resource Graph index lags ARM: a change shows in queries
                         that long after one first notices it (default 0)
  --token-lifetime S     access token lifetime in seconds (default 3599)
  --retry-after S        Retry-After of long-running operations (default 1)
  --throttling SPEC      ARM throttling buckets per subscription: 'off', or items like
                         reads=250/25,writes=200/10,deletes=200/10 (capacity/refill per
                         second; classes left out keep these, Azure's, numbers)
  --seed PATH            seed the clusters, workspaces and identities that the aml-k8s specs
                         in PATH reference (a folder: every *.yaml/*.yml below it; or a
                         file); may be repeated
  --fixtures FILE        JSON file { "clusters": [...], "workspaces": [...], "faults": {...} }
                         (with --seed: added to the seeded ones)
  --fault-seed N         seed of fault injection (default 1)
  --write-env FILE       also write the export lines to FILE (mode 0600, removed on
                         stop), so a script can wait for it and source it; they include
                         AML_K8S_EMULATOR_ADMIN_TOKEN, the bearer token of the admin API
  --write-kubeconfig FILE
                         write a kubeconfig with one context per emulated cluster (named
                         after the cluster) to FILE (mode 0600, removed on stop)
  -h, --help             show this help
`;

const NUMERIC: Record<string, keyof EmulatorOptions> = {
  '--port': 'port',
  '--install-time': 'installTimeMs',
  '--attach-time': 'attachTimeMs',
  '--delete-time': 'deleteTimeMs',
  '--relay-activation-time': 'relayActivationTimeMs',
  '--principal-replication-delay': 'principalReplicationDelayMs',
  '--resource-graph-delay': 'resourceGraphDelayMs',
  '--token-lifetime': 'tokenLifetimeSeconds',
  '--retry-after': 'retryAfterSeconds',
  '--fault-seed': 'seed',
};

type Parsed = { help: true } | { help: false; options: EmulatorOptions; fixtures?: string; seeds: string[]; envFile?: string; kubeconfigFile?: string };

export function parseCliArgs(argv: readonly string[]): Parsed {
  const options: Record<string, unknown> = {};
  let fixtures: string | undefined;
  let envFile: string | undefined;
  let kubeconfigFile: string | undefined;
  const seeds: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { help: true };
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new TypeError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--fixtures') {
      fixtures = value();
    } else if (flag === '--seed') {
      seeds.push(value());
    } else if (flag === '--write-env') {
      envFile = value();
    } else if (flag === '--write-kubeconfig') {
      kubeconfigFile = value();
    } else if (flag === '--throttling') {
      options.throttling = parseThrottling(value());
    } else if (flag in NUMERIC) {
      const raw = value();
      const n = Number(raw);
      if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n)) throw new TypeError(`${flag} needs a non-negative number, got '${raw}'`);
      if (flag === '--port' && (!Number.isInteger(n) || n > 65535)) throw new TypeError(`--port must be an integer from 0 to 65535, got '${raw}'`);
      options[NUMERIC[flag] as string] = n;
    } else {
      throw new TypeError(`unknown option '${arg}'`);
    }
  }
  return {
    help: false,
    options: options as EmulatorOptions,
    seeds,
    ...(fixtures !== undefined ? { fixtures } : {}),
    ...(envFile !== undefined ? { envFile } : {}),
    ...(kubeconfigFile !== undefined ? { kubeconfigFile } : {}),
  };
}

async function loadFixtures(file: string): Promise<Fixtures & { faults?: Partial<FaultSettings> }> {
  const value: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isRecord(value)) throw new TypeError(`${file}: expected a JSON object { clusters, workspaces }`);
  const { clusters, workspaces, identities, faults } = value;
  if ([clusters, workspaces, identities].some((v) => v !== undefined && !Array.isArray(v))) {
    throw new TypeError(`${file}: clusters, workspaces and identities must be arrays`);
  }
  if (faults !== undefined && !isRecord(faults)) throw new TypeError(`${file}: faults must be an object`);
  return value as Fixtures & { faults?: Partial<FaultSettings> };
}

/** The fixtures of `--seed` and `--fixtures` together (seeded first). */
async function startupFixtures(parsed: { seeds: readonly string[]; fixtures?: string }): Promise<Fixtures & { faults?: Partial<FaultSettings> }> {
  const seeded: Fixtures = parsed.seeds.length ? fixturesFromSpecFiles(parsed.seeds) : {};
  const file = parsed.fixtures ? await loadFixtures(parsed.fixtures) : {};
  if (!parsed.seeds.length) return file;
  return {
    ...file,
    clusters: [...(seeded.clusters ?? []), ...(file.clusters ?? [])],
    workspaces: [...(seeded.workspaces ?? []), ...(file.workspaces ?? [])],
    identities: [...(seeded.identities ?? []), ...(file.identities ?? [])],
  };
}

/** Writes `text` to `file` with mode 0600 (also when the file existed with another mode). */
async function writePrivate(file: string, text: string): Promise<void> {
  // A fresh file (never one another user made readable first), created 0600; chmod in case of a umask-free mode mishap.
  await rm(file, { force: true });
  await writeFile(file, text, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
}

function signals(): { promise: Promise<string>; dispose(): void } {
  let dispose = (): void => {};
  const promise = new Promise<string>((resolve) => {
    const on = (signal: string): void => resolve(signal);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
    dispose = () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    };
  });
  return { promise, dispose };
}

/**
 * The `aml-k8s-emulator` command (also run by `aml-k8s emulator`): starts the emulator, prints `export` lines on stdout, waits for
 * SIGINT/SIGTERM (or `io.until`) and stops cleanly. Returns the exit code (0, 1 on start failure,
 * 2 on usage error).
 */
export async function runEmulatorCli(argv: readonly string[], io?: Partial<CliIo>): Promise<number> {
  const out = io?.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = io?.stderr ?? ((t: string) => void process.stderr.write(t));
  const program = io?.program ?? 'aml-k8s-emulator';
  let parsed: Parsed;
  try {
    parsed = parseCliArgs(argv);
  } catch (e) {
    err(`${program}: ${e instanceof Error ? e.message : String(e)}\n\n${CLI_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(CLI_USAGE);
    return 0;
  }
  let emulator: Emulator;
  try {
    const fixtures = await startupFixtures(parsed);
    emulator = await startEmulator({
      ...parsed.options,
      ...(fixtures.clusters ? { clusters: fixtures.clusters } : {}),
      ...(fixtures.workspaces ? { workspaces: fixtures.workspaces } : {}),
      ...(fixtures.identities ? { identities: fixtures.identities } : {}),
      ...(fixtures.faults ? { faults: fixtures.faults } : {}),
    });
  } catch (e) {
    err(`${program}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const waiter = io?.until ? undefined : signals();
  const envFile = parsed.envFile;
  const kubeconfigFile = parsed.kubeconfigFile;
  try {
    // Both hold credentials (client secret, admin token, cluster token): readable by this user only.
    if (kubeconfigFile) await writePrivate(kubeconfigFile, emulator.kubeconfig());
    if (envFile) {
      // Written whole then renamed, so a script polling for the file never reads half of it.
      await writePrivate(`${envFile}.tmp`, `${emulator.exportLines()}\n`);
      await rename(`${envFile}.tmp`, envFile);
    }
    out(`${emulator.exportLines()}\n`);
    err(`# ARM emulator listening on ${emulator.url} (tenant ${emulator.tenantId}); admin API at ${emulator.url}/__emulator/state with 'Authorization: Bearer $AML_K8S_EMULATOR_ADMIN_TOKEN'. Stop with Ctrl-C.\n`);
    io?.onStarted?.(emulator);
    await (io?.until ?? waiter?.promise);
  } finally {
    waiter?.dispose();
    await emulator.stop();
    if (envFile) await rm(envFile, { force: true });
    if (kubeconfigFile) await rm(kubeconfigFile, { force: true });
  }
  err('# ARM emulator stopped.\n');
  return 0;
}
