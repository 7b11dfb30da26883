// The publishable packages as npm ships them. scripts/pack-packages.sh builds and packs each one; the
// tarballs are opened and checked (entry points are built JavaScript that exists, nothing else ships,
// dependencies are what an adopter's install needs), the server-side ones are installed from the
// tarballs alone into a scratch folder outside the repository and loaded there: the core and the
// libraries import, the backend plugin and both modules default-export Backstage backend features.
// The frontend plugin is checked from its files (loading it needs a browser; the adopter test does that).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishOrder, workspacePackages } from './pack-packages.ts';
import type { WorkspacePackage } from './pack-packages.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ROOT_VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

const FRONTEND = '@aml-k8s/plugin-azureml-compute';
const BACKEND_FEATURES = ['@aml-k8s/plugin-azureml-compute-backend', '@aml-k8s/plugin-catalog-backend-module-azureml-compute', '@aml-k8s/plugin-scaffolder-backend-module-azureml-compute'];
/** Packages an app brings itself (one copy of React and the router) or only this repository's development needs. */
const NOT_A_DEPENDENCY = [/^react(-dom|-router-dom)?$/, /^@types\//, /^better-sqlite3$/, /^pg$/, /^@backstage\/(backend-defaults|cli|test-utils)$/, /test-utils/, /^jest/, /^@testing-library\//, /^@aml-k8s\/(arm-emulator|backstage-dev|action)$/];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: unknown;
  engines?: { node?: string };
  publishConfig?: { access?: string };
  backstage?: { role?: string; features?: Record<string, string> };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

interface Packed {
  tarball: string;
  /** The unpacked `package/` folder. */
  root: string;
  files: string[];
  manifest: Manifest;
}

/** Node 24 first on PATH, no npm run-script, turbo or jest leftovers. */
function env(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(npm_|turbo_)/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'INIT_CWD') out[k] = v;
  out.PATH = [dirname(process.execPath), out.PATH ?? ''].join(delimiter);
  return out;
}

function run(file: string, args: string[], cwd: string, timeout = 600_000): SpawnSyncReturns<string> {
  return spawnSync(file, args, { cwd, env: env(), encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`);
  return r.stdout;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** Every string leaf of an `exports` map. */
function exportTargets(exp: unknown): string[] {
  if (typeof exp === 'string') return [exp];
  if (exp && typeof exp === 'object') return Object.values(exp).flatMap(exportTargets);
  return [];
}

/** The files a manifest names as entry points, relative to the package root. */
function entryPoints(m: Manifest): string[] {
  const all = [m.main, m.module, m.types, ...Object.values(m.bin ?? {}), ...exportTargets(m.exports)].filter((p): p is string => typeof p === 'string');
  return [...new Set(all.map((p) => posix.normalize(p)))];
}

/**
 * The packages a package's built JavaScript imports (static, dynamic, require), parsed by esbuild:
 * every file in `files` is bundled with all packages left external, so a relative import that does not
 * resolve inside the tarball is an error, and the external ones are the packages it needs.
 */
async function importedPackages(root: string, files: string[]): Promise<{ packages: string[]; errors: string[] }> {
  try {
    const result = await build({ entryPoints: files.map((f) => join(root, f)), bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', outdir: join(root, '.esbuild'), logLevel: 'silent' });
    const external = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
    return { packages: [...new Set(external.filter((s) => !isBuiltin(s)).map(packageOf))].sort(), errors: [] };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] }).errors;
    return { packages: [], errors: errors?.map((e) => `${e.location?.file ?? ''}: ${e.text}`) ?? [String(error)] };
  }
}

const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(packageOf(spec));

let scratch: string;
let packed: Packed[];
let publishable: WorkspacePackage[];
let manifestsBefore: Map<string, string>;
let packSeconds: number;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'aml-k8s-packages-'));
  publishable = publishOrder(workspacePackages(REPO));
  manifestsBefore = new Map(publishable.map((p) => [p.dir, readFileSync(join(REPO, 'packages', p.dir, 'package.json'), 'utf8')]));
  const started = Date.now();
  const out = ok(run('bash', [join(REPO, 'scripts/pack-packages.sh'), join(scratch, 'tarballs')], REPO), 'scripts/pack-packages.sh');
  packSeconds = (Date.now() - started) / 1000;
  packed = out
    .split('\n')
    .filter(Boolean)
    .map((tarball, i) => {
      const into = join(scratch, 'unpacked', String(i));
      mkdirSync(into, { recursive: true });
      ok(run('tar', ['-xzf', tarball, '-C', into], scratch), `tar -xzf ${basename(tarball)}`);
      const root = join(into, 'package');
      return { tarball, root, files: walk(root).map((f) => relative(root, f).split('\\').join('/')).sort(), manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest };
    });
}, 900_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('publish order', () => {
  const pkg = (dir: string, needs: string[] = [], isPrivate = false): WorkspacePackage => ({ dir, name: `@x/${dir}`, private: isPrivate, needs: needs.map((n) => `@x/${n}`) });

  test('each package comes after the packages it needs; private ones are left out', () => {
    const order = publishOrder([pkg('app', ['lib', 'core']), pkg('core'), pkg('dev', ['app'], true), pkg('lib', ['core'])]).map((p) => p.dir);
    expect(order).toEqual(['core', 'lib', 'app']);
  });

  test('a publishable package that needs a private one, or a cycle, is an error naming the file', () => {
    expect(() => publishOrder([pkg('app', ['dev']), pkg('dev', [], true)])).toThrow(/packages\/app\/package\.json: @x\/app is publishable but depends on private @x\/dev/);
    expect(() => publishOrder([pkg('a', ['b']), pkg('b', ['a'])])).toThrow(/cycle.*@x\/a -> @x\/b -> @x\/a/);
  });

  test('the script packed exactly the publishable packages, in that order', () => {
    console.log(`scripts/pack-packages.sh: ${packSeconds.toFixed(0)} s for ${packed.length} packages`);
    expect(packed.map((p) => p.manifest.name)).toEqual(publishable.map((p) => p.name));
    const names = packed.map((p) => p.manifest.name);
    for (const [i, { manifest: m }] of packed.entries()) {
      const later = Object.keys(m.dependencies ?? {}).filter((d) => names.indexOf(d) > i);
      expect({ name: m.name, dependenciesPackedLater: later }).toEqual({ name: m.name, dependenciesPackedLater: [] });
    }
    // The core, the CLI and the six Backstage packages; everything else stays private.
    expect(publishable.map((p) => p.name).sort()).toEqual(
      ['@aml-k8s/cli', '@aml-k8s/shared', FRONTEND, '@aml-k8s/plugin-azureml-compute-common', '@aml-k8s/plugin-azureml-compute-node', ...BACKEND_FEATURES].sort(),
    );
  });
});

describe('turbo build tasks', () => {
  const turbo = JSON.parse(readFileSync(join(REPO, 'turbo.json'), 'utf8')) as { tasks: Record<string, { dependsOn?: string[]; outputs?: string[] }> };
  const scriptsOf = (dir: string): Record<string, string> => (JSON.parse(readFileSync(join(REPO, 'packages', dir, 'package.json'), 'utf8')) as Manifest).scripts ?? {};

  test('each publishable package with a build runs after the builds of the packages it needs, into dist/', () => {
    const built = publishable.filter((p) => scriptsOf(p.dir).build);
    expect(built.length).toBeGreaterThan(0);
    const builtNames = new Set(built.map((p) => p.name));
    for (const p of built) {
      const task = turbo.tasks[`${p.name}#build`];
      // Named, not ^build: the Backstage backend and its development stack depend on each other (a dev cycle).
      const needs = p.needs.filter((n) => builtNames.has(n)).map((n) => `${n}#build`);
      expect({ task: p.name, dependsOn: [...(task?.dependsOn ?? [])].sort(), outputs: task?.outputs }).toEqual({ task: p.name, dependsOn: needs.sort(), outputs: ['dist/**'] });
    }
  });

  test('npm test never waits for a package build (the tests use the sources and the committed Action bundle)', () => {
    const testTasks = Object.keys(turbo.tasks).filter((t) => t.startsWith('//#'));
    for (const t of testTasks) expect({ t, builds: (turbo.tasks[t]!.dependsOn ?? []).filter((d) => /build$/.test(d)) }).toEqual({ t, builds: [] });
  });
});

describe('tarballs', () => {
  test('manifests: public, one version, no workspace-only fields', () => {
    for (const { manifest: m } of packed) {
      expect({ name: m.name, private: m.private, access: m.publishConfig?.access, version: m.version }).toEqual({ name: m.name, private: undefined, access: 'public', version: ROOT_VERSION });
      // Released together: a dependency on one of ours names this very release.
      const ours = Object.entries({ ...m.dependencies, ...m.peerDependencies }).filter(([n]) => n.startsWith('@aml-k8s/'));
      expect({ name: m.name, ours: ours.filter(([, v]) => v !== ROOT_VERSION) }).toEqual({ name: m.name, ours: [] });
      // Backstage's prepack swaps publishConfig in and its postpack restores the workspace manifest:
      // nothing in the tarball still points at the TypeScript sources.
      expect({ name: m.name, src: entryPoints(m).filter((e) => e.startsWith('src/')) }).toEqual({ name: m.name, src: [] });
    }
  });

  test('entry points (main, module, types, exports, bin) exist and are built JavaScript or declarations', () => {
    for (const { manifest: m, files } of packed) {
      const entries = entryPoints(m);
      expect({ name: m.name, hasMain: entries.length > 0 }).toEqual({ name: m.name, hasMain: true });
      expect({ name: m.name, missing: entries.filter((e) => !files.includes(e)) }).toEqual({ name: m.name, missing: [] });
      const notBuilt = entries.filter((e) => !/\.(d\.ts|m?js|cjs|json)$/.test(e));
      expect({ name: m.name, notBuilt }).toEqual({ name: m.name, notBuilt: [] });
      expect({ name: m.name, types: m.types === undefined || m.types.endsWith('.d.ts') }).toEqual({ name: m.name, types: true });
    }
  });

  test('only what runs ships: no sources, tests, configs or development files', () => {
    for (const { manifest: m, files } of packed) {
      const stray = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')).concat(files.filter((f) => /(^|\/)(src|test|tests|dev|__tests__|testing)\/|\.test\.|tsconfig|jest\.config|\.tsbuildinfo$|package\.json-prepack$/.test(f)));
      expect({ name: m.name, stray }).toEqual({ name: m.name, stray: [] });
      const allowed = files.filter((f) => !/^(package\.json|README\.md|LICENSE|config\.schema\.json|dist\/.+|bin\/.+|schema\/.+\.json)$/.test(f));
      expect({ name: m.name, allowed }).toEqual({ name: m.name, allowed: [] });
    }
  });

  test('dependencies: caret ranges for Backstage, React and development tools not among them, every import declared', async () => {
    for (const { manifest: m, root, files } of packed) {
      const deps = m.dependencies ?? {};
      const exact = Object.entries(deps).filter(([n, v]) => n.startsWith('@backstage/') && !v.startsWith('^'));
      expect({ name: m.name, exact }).toEqual({ name: m.name, exact: [] });
      expect({ name: m.name, devOnly: Object.keys(deps).filter((n) => NOT_A_DEPENDENCY.some((re) => re.test(n))) }).toEqual({ name: m.name, devOnly: [] });

      const declared = new Set([m.name, ...Object.keys(deps), ...Object.keys(m.peerDependencies ?? {})]);
      const { packages, errors } = await importedPackages(root, files.filter((f) => /\.(m?js|cjs)$/.test(f)));
      expect({ name: m.name, errors, undeclared: packages.filter((p) => !declared.has(p)) }).toEqual({ name: m.name, errors: [], undeclared: [] });
    }
  });

  test('React, React DOM and the router are peer dependencies of the frontend plugin; the server side says which Node it needs', () => {
    const frontend = packed.find((p) => p.manifest.name === FRONTEND)!;
    expect(Object.keys(frontend.manifest.peerDependencies ?? {}).sort()).toEqual(['react', 'react-dom', 'react-router-dom']);
    expect(frontend.manifest.backstage?.role).toBe('frontend-plugin');
    for (const { manifest: m } of packed.filter((p) => p.manifest.name !== FRONTEND && p.manifest.backstage?.role !== 'common-library')) {
      expect({ name: m.name, node: m.engines?.node }).toEqual({ name: m.name, node: expect.stringMatching(/^>=\d+/) });
    }
  });

  test('the frontend plugin: an ES module entry with the new frontend system plugin as default export, and its declarations', () => {
    const { root, manifest: m } = packed.find((p) => p.manifest.name === FRONTEND)!;
    const entry = readFileSync(join(root, m.module ?? m.main!), 'utf8');
    expect(entry).toMatch(/export\s*\{[^}]*\bas default\b/);
    expect(entry).not.toMatch(/\brequire\(/);
    expect(readFileSync(join(root, m.types!), 'utf8')).toMatch(/\bEntityAzureMLComputeCard\b/);
    expect(m.backstage?.features).toEqual({ '.': '@backstage/FrontendPlugin' });
  });

  test('packing leaves the working tree as it was: manifests unchanged, no build output for git', () => {
    for (const p of publishable) {
      const dir = join(REPO, 'packages', p.dir);
      expect({ dir: p.dir, same: readFileSync(join(dir, 'package.json'), 'utf8') === manifestsBefore.get(p.dir) }).toEqual({ dir: p.dir, same: true });
      expect({ dir: p.dir, leftovers: ['package.json-prepack', 'config.schema.json'].filter((f) => existsSync(join(dir, f))) }).toEqual({ dir: p.dir, leftovers: [] });
    }
    if (!existsSync(join(REPO, '.git'))) return;
    const status = ok(run('git', ['status', '--porcelain', '--untracked-files=all'], REPO, 60_000), 'git status');
    const output = status.split('\n').filter((l) => /(^|\/)(dist|dist-types)\//.test(l.slice(3)) && !l.slice(3).startsWith('packages/action/dist/'));
    expect(output).toEqual([]);
  });
});

describe('installed from the tarballs, outside the repository', () => {
  let app: string;
  let loaded: Record<string, unknown>;

  beforeAll(() => {
    app = join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'adopter', version: '1.0.0', private: true, type: 'module' }));
    const serverSide = packed.filter((p) => p.manifest.name !== FRONTEND).map((p) => p.tarball);
    // Install scripts stay off: nothing here needs one (the core's Terraform reader ships WebAssembly).
    ok(run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...serverSide], app), 'npm install of the tarballs');
    writeFileSync(
      join(app, 'load.mjs'),
      `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const out = {};
const core = await import('@aml-k8s/shared/core');
const full = await import('@aml-k8s/shared');
const schema = require('@aml-k8s/shared/schema/compute.schema.json');
out.core = { validateSpecs: typeof core.validateSpecs, parseSpecText: typeof core.parseSpecText, SdkAzureGateway: typeof full.SdkAzureGateway, schemaId: schema.$id };
out.resolved = import.meta.resolve('@aml-k8s/shared');
const common = await import('@aml-k8s/plugin-azureml-compute-common');
out.common = Object.keys(common).length;
const node = await import('@aml-k8s/plugin-azureml-compute-node');
out.node = { inventoryOf: typeof node.inventoryOf };
out.features = {};
for (const name of ${JSON.stringify(BACKEND_FEATURES)}) {
  const feature = (await import(name)).default;
  out.features[name] = feature?.$$type;
}
console.log(JSON.stringify(out));
`,
    );
    loaded = JSON.parse(ok(run(process.execPath, ['load.mjs'], app, 120_000), 'node load.mjs').trim().split('\n').pop()!) as Record<string, unknown>;
  }, 600_000);

  test('the core imports in Node from its own files: both entry points and the JSON schema', () => {
    expect(loaded.core).toEqual({ validateSpecs: 'function', parseSpecText: 'function', SdkAzureGateway: 'function', schemaId: expect.stringMatching(/compute\.schema\.json$/) });
    expect(fileURLToPath(String(loaded.resolved))).toBe(join(app, 'node_modules/@aml-k8s/shared/dist/index.js'));
  });

  test('the common and node libraries import', () => {
    expect(loaded.common).toBeGreaterThan(0);
    expect(loaded.node).toEqual({ inventoryOf: 'function' });
  });

  test('the backend plugin and both modules default-export Backstage backend features', () => {
    expect(loaded.features).toEqual(Object.fromEntries(BACKEND_FEATURES.map((n) => [n, '@backstage/BackendFeature'])));
  });

  test('the CLI runs from the installed bin', () => {
    const r = run(join(app, 'node_modules/.bin/aml-k8s'), ['--version'], app, 60_000);
    expect({ code: r.status, version: r.stdout.trim() }).toEqual({ code: 0, version: expect.stringContaining(ROOT_VERSION) });
  });
});
