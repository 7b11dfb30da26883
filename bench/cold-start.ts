// CLI cold start (`aml-k8s validate` of one spec) against a bare `node -e 0`, in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));

function median(run: () => void, times: number): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]! / 1000;
}

export function benchColdStart(times: number): BenchResult[] {
  const cli = median(() => spawnSync(process.execPath, [join(repo, 'packages/action/bin/aml-k8s.js'), 'validate', join(repo, 'examples/aks-proof-of-concept.yaml')]), times);
  const bare = median(() => spawnSync(process.execPath, ['-e', '0']), times);
  return [
    { name: 'CLI cold start: aml-k8s validate of one spec (median)', value: cli, unit: 's', target: 0.18, comparison: 'max', detail: `node -e 0: ${bare.toFixed(3)} s; the az CLI needs about 0.55 s per command` },
  ];
}

function size(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** Bytes a Node process loads for an entry of the bundle: the file and its static imports. */
function loadedSize(entry: string, seen = new Set<string>()): number {
  if (seen.has(entry)) return 0;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  let total = Buffer.byteLength(code);
  for (const m of code.matchAll(/(?:from|import)\s*"(\.\.?\/[^"]+)"/g)) total += loadedSize(join(dirname(entry), m[1]!), seen);
  return total;
}

export function benchBundle(): BenchResult[] {
  const dist = join(repo, 'packages/action/dist');
  return [
    { name: 'Action entry as loaded (dist/index.js + static imports)', value: loadedSize(join(dist, 'index.js')) / 2 ** 20, unit: 'MiB', detail: 'what the runner reads at each step start' },
    { name: 'Action/CLI bundle (packages/action/dist)', value: size(dist) / 2 ** 20, unit: 'MiB', detail: 'code split: offline commands load without the Azure SDK' },
  ];
}
