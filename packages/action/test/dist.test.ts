// The committed bundle in dist/ must be exactly what the sources build to (the Action runs dist/),
// and carries none of the ARM emulator (a test double that `aml-k8s emulator` loads where installed).
import { DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '@aml-k8s/arm-emulator';
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

test('packages/action/dist carries no ARM emulator code and bundles no import of it', () => {
  // Strings only the emulator has: its default client secret and tenant, its admin API's path, its start-up line.
  const markers = [DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, '/__emulator', 'ARM emulator listening on'];
  const emulatorSources = files(join(REPO, 'packages/arm-emulator/src'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  for (const marker of markers) expect({ marker, inEmulator: emulatorSources.includes(marker) }).toEqual({ marker, inEmulator: true });

  const dist = join(REPO, 'packages/action/dist');
  for (const f of files(dist)) {
    const text = readFileSync(f, 'utf8');
    const file = relative(dist, f);
    expect({ file, markers: markers.filter((m) => text.includes(m)) }).toEqual({ file, markers: [] });
    // The package may only be named as the runtime import of `aml-k8s emulator` (external in
    // build.ts), never imported statically (which would make every entry need it).
    expect({ file, staticImports: text.match(/(?:from|import)\s*["']@aml-k8s\/arm-emulator["']/g) ?? [] }).toEqual({ file, staticImports: [] });
  }
});
