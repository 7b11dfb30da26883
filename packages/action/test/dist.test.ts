// The committed bundle in dist/ must be exactly what the sources build to (the Action runs dist/).
import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO } from './run-cli.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

test('packages/action/dist is up to date (run `npm run build`)', () => {
  const out = mkdtempSync(join(tmpdir(), 'aml-k8s-dist-'));
  const r = spawnSync(process.execPath, ['build.ts', '--outdir', out], { cwd: join(REPO, 'packages/action'), encoding: 'utf8' });
  expect(r.status).toBe(0);
  const dist = join(REPO, 'packages/action/dist');
  const built = files(out).map((f) => relative(out, f)).sort();
  expect(files(dist).map((f) => relative(dist, f)).sort()).toEqual(built);
  for (const f of built) expect({ f, same: readFileSync(join(out, f)).equals(readFileSync(join(dist, f))) }).toEqual({ f, same: true });
});
