// The published CLI as a user gets it: `npm pack` of @aml-k8s/cli (its prepack copies the CLI's part
// of the committed bundle), the tarball's contents, then `npm install -g` of the tarball into a
// scratch prefix, offline and with an empty cache (everything is bundled: no dependencies), and the
// installed `aml-k8s` run through its shebang with Node 24 first on PATH: --version, validate on
// examples/, plan and apply against the ARM emulator in this process; an older Node gets a clear error.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { parse } from 'yaml';
import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGE = join(REPO, 'packages/cli');
const BUNDLE = join(REPO, 'packages/action/dist');
const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
  [field: string]: unknown;
};
const MINIMUM = /^>=(\d+\.\d+\.\d+)$/.exec(manifest.engines.node)?.[1] ?? '';

/** This process's environment for npm and the CLI: Node 24 first on PATH, no npm run-script or jest leftovers. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'INIT_CWD') env[k] = v;
  env.PATH = [dirname(process.execPath), env.PATH ?? ''].join(delimiter);
  return env;
}

function run(file: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): SpawnSyncReturns<string> {
  return spawnSync(file, args, { cwd: opts.cwd, env: opts.env ?? baseEnv(), encoding: 'utf8', timeout: 120_000 });
}

/** Like run, without blocking this process (it serves the emulator the CLI talks to). */
function runAsync(file: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

const versionBelow = (v: string, min: string): boolean => {
  const [a, b] = [v, min].map((x) => x.replace(/^v/, '').split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a![i] !== b![i]) return (a![i] ?? 0) < (b![i] ?? 0);
  return false;
};

/** A `node` on PATH older than the package's minimum (the machine's own Node, here 20), if any. */
function olderNode(): string | undefined {
  const ours = dirname(process.execPath);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || resolve(dir) === ours || dir.includes('node_modules')) continue;
    const node = join(dir, 'node');
    try {
      accessSync(node, constants.X_OK);
    } catch {
      continue;
    }
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (/^v\d+\.\d+\.\d+$/.test(version) && versionBelow(version, MINIMUM)) return node;
  }
  return undefined;
}

let scratch: string;
let tarball: string;
let packed: { path: string; size: number }[];
let packedSize: number;
let unpacked: string;
let prefix: string;
let bin: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'aml-k8s-cli-install-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('packs the CLI bundle and nothing else; postpack removes the copy', () => {
    const out = join(scratch, 'pack');
    mkdirSync(out);
    const r = run('npm', ['pack', '--json', '--pack-destination', out, '--loglevel=error'], { cwd: PACKAGE });
    expect({ code: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    const [info] = JSON.parse(r.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }[];
    tarball = join(out, info!.filename);
    packed = info!.files;
    packedSize = info!.size;
    expect(info!.filename).toBe(`aml-k8s-cli-${manifest.version}.tgz`);
    expect(existsSync(join(PACKAGE, 'dist'))).toBe(false);

    const paths = packed.map((f) => f.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/aml-k8s.js', 'dist/cli.js']));
    // Built JavaScript only: no TypeScript, no tests, no build scripts, no source maps, not the Action's entry.
    expect(paths.filter((p) => !/^(package\.json|README\.md|bin\/aml-k8s\.js|dist\/cli\.js|dist\/chunks\/[\w-]+\.js)$/.test(p))).toEqual([]);
    // The bundle is about 2.9 MB (700 kB packed); much more means something else got in.
    expect(packedSize).toBeLessThan(1_500_000);

    unpacked = join(scratch, 'unpacked');
    mkdirSync(unpacked);
    expect(run('tar', ['-xzf', tarball, '-C', unpacked], { cwd: scratch }).status).toBe(0);
    expect(files(join(unpacked, 'package')).map((f) => relative(join(unpacked, 'package'), f)).sort()).toEqual(paths);
  });

  test('dist/ is the committed bundle as is, every module it imports included, and no emulator code', () => {
    const root = join(unpacked, 'package');
    const dist = files(join(root, 'dist'));
    for (const f of dist) {
      const name = relative(join(root, 'dist'), f);
      expect({ name, same: readFileSync(f).equals(readFileSync(join(BUNDLE, name))) }).toEqual({ name, same: true });
    }
    const markers = [DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, '/__emulator', 'ARM emulator listening on'];
    for (const f of [...dist, join(root, 'bin/aml-k8s.js')]) {
      const text = readFileSync(f, 'utf8');
      const file = relative(root, f);
      const missing = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)].map((m) => resolve(dirname(f), m[1]!)).filter((p) => !existsSync(p));
      // The bin's fallback for a checkout (../../action/dist/cli.js) is the one import outside the package.
      expect({ file, missing: missing.filter((p) => !p.endsWith(join('action', 'dist', 'cli.js'))) }).toEqual({ file, missing: [] });
      expect({ file, markers: markers.filter((m) => text.includes(m)) }).toEqual({ file, markers: [] });
      expect({ file, staticImports: text.match(/(?:from|import)\s*["']@aml-k8s\/arm-emulator["']/g) ?? [] }).toEqual({ file, staticImports: [] });
    }
  });

  test('package.json: publishable, no dependencies, no install scripts, the engines the bin checks', () => {
    const json = JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8')) as Record<string, unknown> & { scripts?: Record<string, string> };
    expect(json).toMatchObject({ name: '@aml-k8s/cli', bin: { 'aml-k8s': 'bin/aml-k8s.js' }, publishConfig: { access: 'public' }, license: 'MIT', type: 'module' });
    expect(json.private).toBeUndefined();
    expect(json.dependencies).toBeUndefined();
    expect(json.peerDependenciesMeta).toEqual({ '@aml-k8s/arm-emulator': { optional: true } });
    expect(Object.keys(json.scripts ?? {}).filter((s) => /install|prepare/.test(s))).toEqual([]);
    expect(MINIMUM).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(unpacked, 'package/bin/aml-k8s.js'), 'utf8')).toContain(`const MINIMUM = '${MINIMUM}';`);
  });
});

describe('npm install -g of the tarball, offline', () => {
  beforeAll(() => {
    prefix = join(scratch, 'prefix');
    // An empty cache and --offline: nothing can come from the registry.
    const r = run('npm', ['install', '-g', '--prefix', prefix, '--cache', join(scratch, 'npm-cache'), tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: scratch });
    if (r.status !== 0) throw new Error(`npm install -g failed (${r.status}): ${r.stderr}`);
    bin = join(prefix, 'bin', 'aml-k8s');
  });

  test('installs the bin and nothing besides the package', () => {
    expect(existsSync(bin)).toBe(true);
    expect(readdirSync(join(prefix, 'lib/node_modules'))).toEqual(['@aml-k8s']);
    expect(existsSync(join(prefix, 'lib/node_modules/@aml-k8s/cli/node_modules'))).toBe(false);
  });

  test('aml-k8s --version', () => {
    const r = run(bin, ['--version'], { cwd: scratch });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `aml-k8s ${manifest.version}\n`, stderr: '' });
  });

  test("aml-k8s validate on the repository's examples/", () => {
    const r = run(bin, ['validate', 'examples'], { cwd: REPO });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('aml-k8s emulator without the optional peer: a clear error', () => {
    const r = run(bin, ['emulator', '--seed', 'examples'], { cwd: scratch });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the ARM emulator is not installed here');
  });

  const older = olderNode();
  (older ? test : test.skip)(`an older Node (${older ?? 'none on PATH'}) gets one clear line, exit 1`, () => {
    const env = { ...baseEnv(), PATH: [dirname(older!), process.env.PATH ?? ''].join(delimiter) };
    const r = run(bin, ['--version'], { cwd: scratch, env });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^aml-k8s: needs Node\\.js ${MINIMUM.replace(/\./g, '\\.')} or newer; this is Node\\.js \\d+\\.\\d+\\.\\d+ \\(.*\\)\\. .*\\n$`));
  });

  describe('against the ARM emulator', () => {
    const SPECS = ['aks-proof-of-concept.yaml', 'arc-training-only.yaml'];
    let emulator: Emulator;
    let env: Record<string, string>;
    let specs: string[];

    beforeAll(async () => {
      const dir = join(scratch, 'specs');
      mkdirSync(dir);
      specs = SPECS.map((f) => join(dir, f));
      SPECS.forEach((f, i) => copyFileSync(join(REPO, 'examples', f), specs[i]!));
      emulator = await startEmulator({ installTimeMs: 150, attachTimeMs: 50, deleteTimeMs: 100, retryAfterSeconds: 0, ...fixturesFromSpecs(specs.map((f) => parse(readFileSync(f, 'utf8')))) });
      env = { ...baseEnv(), ...emulator.env(), AML_K8S_POLL_INTERVAL_MS: '20' };
    });

    afterAll(async () => {
      await emulator?.stop();
    });

    test('plan shows the changes (exit 3), apply makes them (exit 0), plan is then clean (exit 0)', async () => {
      const plan = await runAsync(bin, ['plan', ...specs], { cwd: scratch, env });
      expect({ code: plan.code, stderr: plan.code === 3 ? '' : plan.stderr }).toEqual({ code: 3, stderr: '' });
      expect(emulator.state().computes).toHaveLength(0);

      const apply = await runAsync(bin, ['apply', ...specs], { cwd: scratch, env });
      expect({ code: apply.code, stderr: apply.code === 0 ? '' : apply.stderr }).toEqual({ code: 0, stderr: '' });
      expect(emulator.state().computes).toHaveLength(SPECS.length);

      const again = await runAsync(bin, ['plan', ...specs], { cwd: scratch, env });
      expect({ code: again.code, stderr: again.code === 0 ? '' : again.stderr }).toEqual({ code: 0, stderr: '' });
    });
  });
});
