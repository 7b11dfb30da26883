// Our packages as they would be published: scripts/pack-packages.sh builds and packs them. The app
// needs the Backstage packages and the core they depend on, not the CLI.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { run } from './tools.ts';

export async function packPackages(repoRoot: string, outDir: string, log: (line: string) => void = () => {}): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  const stdout = await run('bash', [join(repoRoot, 'scripts/pack-packages.sh'), outDir], { cwd: repoRoot, env, log, timeoutMs: 1_200_000 });
  const tarballs = stdout
    .split('\n')
    .filter((line) => line.startsWith(outDir) && line.endsWith('.tgz'))
    .filter((file) => !basename(file).startsWith('aml-k8s-cli-'));
  if (tarballs.length === 0) throw new Error(`scripts/pack-packages.sh packed nothing:\n${stdout.slice(-3000)}`);
  return tarballs;
}
