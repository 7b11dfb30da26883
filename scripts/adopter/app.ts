// A Backstage app as an adopter gets it: `@backstage/create-app` from the registry, `yarn install`,
// then our packages installed and wired with the lines of docs/backstage.md, type-checked and built.
// Both stages are cached (the cache folder is outside the repository):
//   app-<create-app version>/        the created and installed app, reused while the version stays;
//   its .adopter/plugins.json       the key of the installed tarballs and doc lines: when they
//                                   change, the app's files are restored and the plugins reinstalled.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { readDocBlocks, wireBackend, type DocBlock, type DocBlockName } from './doc-blocks.ts';
import { startLocalRegistry } from './local-registry.ts';
import { run, toolEnv, type Env } from './tools.ts';

/** Bump when the preparation below changes in a way the key does not see. */
const PREPARATION_VERSION = 1;
const PACKAGE_SCOPE = 'aml-k8s';
const RELEASE_WINDOW_MS = 14 * 86_400_000;
/** Files the plugin stage changes, restored from the created app before it runs again. */
const WIRED_FILES = ['package.json', 'yarn.lock', '.yarnrc.yml', 'packages/backend/package.json', 'packages/backend/src/index.ts', 'packages/app/package.json'];

export interface AdopterApp {
  dir: string;
  env: Env;
  createAppVersion: string;
  /** Seconds per step run this time; a cached step is absent. */
  timings: Record<string, number>;
}

export interface PrepareOptions {
  repoRoot: string;
  /** Packed tarballs of every package the app installs, and of their dependencies of ours. */
  tarballs: string[];
  cacheDir?: string;
  log?: (line: string) => void;
}

export function adopterCacheDir(): string {
  return process.env.AML_K8S_ADOPTER_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aml-k8s-adopter');
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

async function timed<T>(timings: Record<string, number>, step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings[step] = Math.round((Date.now() - started) / 100) / 10;
  return result;
}

export async function prepareAdopterApp(options: PrepareOptions): Promise<AdopterApp> {
  const cacheDir = options.cacheDir ?? adopterCacheDir();
  mkdirSync(cacheDir, { recursive: true });
  const log = options.log ?? (() => {});
  const env = toolEnv(options.repoRoot, join(cacheDir, 'bin'));
  const timings: Record<string, number> = {};
  const createAppVersion = await createAppVersionToUse(cacheDir, env);
  const dir = join(cacheDir, `app-${createAppVersion}`);
  const state = join(dir, '.adopter');

  if (!existsSync(join(state, 'created.json'))) {
    rmSync(dir, { recursive: true, force: true });
    // create-app asks for the app's name on stdin.
    const created = await timed(timings, 'create-app', () => run('npx', ['-y', `@backstage/create-app@${createAppVersion}`, '--skip-install', '--path', dir], { cwd: cacheDir, env, input: 'adopter-app\n', log }));
    if (/Failed to fetch the yarn\.lock seed/.test(created)) await installAsOfRelease(dir, env, createAppVersion, timings, log);
    else await timed(timings, 'yarn install', () => run('yarn', ['install'], { cwd: dir, env, log }));
    mkdirSync(join(state, 'pristine'), { recursive: true });
    for (const f of WIRED_FILES) copyFileSync(join(dir, f), join(state, 'pristine', f.replaceAll('/', '__')));
    writeFileSync(join(state, 'created.json'), JSON.stringify({ createAppVersion }));
  }

  const blocks = readDocBlocks(join(options.repoRoot, 'docs/backstage.md'));
  const key = sha256(JSON.stringify({ PREPARATION_VERSION, createAppVersion, blocks, tarballs: options.tarballs.map((t) => sha256(readFileSync(t))).sort() }));
  const pluginsStamp = join(state, 'plugins.json');
  if (!existsSync(pluginsStamp) || (JSON.parse(readFileSync(pluginsStamp, 'utf8')) as { key: string }).key !== key) {
    rmSync(pluginsStamp, { force: true });
    for (const f of WIRED_FILES) copyFileSync(join(state, 'pristine', f.replaceAll('/', '__')), join(dir, f));
    await timed(timings, 'install plugins', () => installPlugins(dir, env, blocks, options.tarballs, log));
    await timed(timings, 'yarn tsc', () => run('yarn', ['tsc'], { cwd: dir, env, log }));
    await timed(timings, 'yarn build:all', () => run('yarn', ['build:all'], { cwd: dir, env, log }));
    // The backend's build is a bundle for a container image (see its Dockerfile); its built entry
    // point runs here on the app's installed dependencies, as `node packages/backend` there.
    await run('tar', ['-xzf', 'packages/backend/dist/bundle.tar.gz', 'packages/backend/dist'], { cwd: dir, env });
    writeFileSync(pluginsStamp, JSON.stringify({ key }));
  }
  return { dir, env, createAppVersion, timings };
}

/** AML_K8S_ADOPTER_CREATE_APP, else the registry's latest, else (offline) the newest app in the cache. */
async function createAppVersionToUse(cacheDir: string, env: Env): Promise<string> {
  if (process.env.AML_K8S_ADOPTER_CREATE_APP) return process.env.AML_K8S_ADOPTER_CREATE_APP;
  try {
    return (await run('npm', ['view', '@backstage/create-app', 'version'], { cwd: cacheDir, env, timeoutMs: 60_000 })).trim();
  } catch (err) {
    const cached = readdirSync(cacheDir)
      .filter((d) => d.startsWith('app-') && existsSync(join(cacheDir, d, '.adopter/created.json')))
      .map((d) => d.slice('app-'.length))
      .sort(compareVersions)
      .pop();
    if (cached) return cached;
    throw err;
  }
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/).map((p) => Number(p) || 0));
  for (let i = 0; i < Math.max(x!.length, y!.length); i++) if ((x![i] ?? 0) !== (y![i] ?? 0)) return (x![i] ?? 0) - (y![i] ?? 0);
  return 0;
}

/**
 * create-app seeds the app's yarn.lock with the lockfile of its Backstage release, fetched from
 * GitHub; where GitHub is unreachable it goes without, and the app's ranges then resolve to whatever
 * was published since, mixing releases (a newer plugin calling a backend service method the app's
 * older backend does not have). Installing only what was published within two weeks of create-app
 * itself (a release's packages come out over a few days; releases are about a month apart) stands
 * in for the seed; the app's own `.yarnrc.yml` is put back afterwards.
 */
async function installAsOfRelease(dir: string, env: Env, createAppVersion: string, timings: Record<string, number>, log: (line: string) => void): Promise<void> {
  const times = JSON.parse(await run('npm', ['view', '@backstage/create-app', 'time', '--json'], { cwd: dir, env })) as Record<string, string>;
  const released = Date.parse(times[createAppVersion] ?? '');
  if (Number.isNaN(released)) throw new Error(`no publish time for @backstage/create-app@${createAppVersion}`);
  const file = join(dir, '.yarnrc.yml');
  const original = readFileSync(file, 'utf8');
  const doc = parseDocument(original);
  doc.set('npmMinimalAgeGate', Math.floor((Date.now() - released - RELEASE_WINDOW_MS) / 60_000)); // minutes
  // Some @yarnpkg packages of that window were published broken (a dependency on a patch file that
  // is not in the package): they are taken at their newest, as without the gate.
  doc.set('npmPreapprovedPackages', ['@yarnpkg/*']);
  writeFileSync(file, doc.toString());
  try {
    await timed(timings, 'yarn install', () => run('yarn', ['install'], { cwd: dir, env, log }));
  } finally {
    writeFileSync(file, original);
  }
}

/** The doc's install commands, against a local registry serving the tarballs, and its backend lines. */
async function installPlugins(dir: string, env: Env, blocks: Record<DocBlockName, DocBlock>, tarballs: string[], log: (line: string) => void): Promise<void> {
  const registry = await startLocalRegistry(tarballs);
  try {
    routeScopeTo(dir, registry.url);
    await forgetCachedPackages(dir, env);
    await runShellBlock(blocks['backend-sqlite'], dir, env, log);
    await runShellBlock(blocks['backend-install'], dir, env, log);
    const index = join(dir, 'packages/backend/src/index.ts');
    writeFileSync(index, wireBackend(readFileSync(index, 'utf8'), blocks['backend-index'].text));
    await runShellBlock(blocks['app-install'], dir, env, log);
  } finally {
    await registry.stop();
  }
}

/**
 * Our scope comes from the local registry. The app's age gate (npmMinimalAgeGate) refuses versions
 * published in the last days; a just-packed version is that new, so the scope is preapproved.
 */
function routeScopeTo(dir: string, registryUrl: string): void {
  const file = join(dir, '.yarnrc.yml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['npmScopes', PACKAGE_SCOPE, 'npmRegistryServer'], registryUrl);
  doc.set('unsafeHttpWhitelist', [new URL(registryUrl).hostname]);
  const preapproved = (doc.get('npmPreapprovedPackages') as { toJSON(): string[] } | undefined)?.toJSON() ?? [];
  doc.set('npmPreapprovedPackages', [...new Set([...preapproved, `@${PACKAGE_SCOPE}/*`])]);
  writeFileSync(file, doc.toString());
}

/**
 * Yarn keeps archives by name and version, and package documents by registry host without its port:
 * a repacked version, served from another port, must be looked up and fetched again.
 */
async function forgetCachedPackages(dir: string, env: Env): Promise<void> {
  const setting = async (name: string) => (await run('yarn', ['config', 'get', name], { cwd: dir, env })).trim().split('\n').pop()!;
  const ours = (file: string) => file.split('/').pop()!.startsWith(`@${PACKAGE_SCOPE}-`);
  const cacheFolder = await setting('cacheFolder');
  const metadataFolder = join(await setting('globalFolder'), 'metadata');
  for (const folder of [cacheFolder, metadataFolder]) {
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder, { recursive: true, encoding: 'utf8' })) if (ours(f)) rmSync(join(folder, f), { force: true });
  }
}

/** Yarn 4.13 crashes instead of retrying when a download's connection drops (yarnpkg/berry#7245). */
const DROPPED_CONNECTION = /ERR_SOCKET_CLOSED_BEFORE_CONNECTION|ECONNRESET|ETIMEDOUT|onCancel` handler was attached/;

async function runShellBlock(block: DocBlock, dir: string, env: Env, log: (line: string) => void): Promise<void> {
  if (block.language !== 'sh') throw new Error(`adopter-test block ${block.name} is not a sh block`);
  for (let attempt = 1; ; attempt++) {
    try {
      await run('bash', ['-euo', 'pipefail', '-c', block.text], { cwd: dir, env, log });
      return;
    } catch (err) {
      if (attempt === 3 || !DROPPED_CONNECTION.test((err as Error).message)) throw err;
      log(`${block.name}: a download's connection dropped; running the block again`);
    }
  }
}
