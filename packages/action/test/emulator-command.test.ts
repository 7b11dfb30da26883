// `aml-k8s emulator`: forwards to @aml-k8s/arm-emulator where it is installed (this repository), and
// says how to get it where it is not (the bundle alone, as the Action ships it).
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_NOT_INSTALLED } from '../src/cli/emulator.ts';
import { REPO } from './run-cli.ts';

const BUNDLED_BIN = join(REPO, 'packages/action/bin/aml-k8s.js');
const env = { ...process.env, NODE_OPTIONS: '' };

describe('aml-k8s emulator (the bundled CLI)', () => {
  test('forwards to the emulator package: its usage, its usage errors', () => {
    const help = spawnSync(process.execPath, [BUNDLED_BIN, 'emulator', '--help'], { cwd: REPO, encoding: 'utf8', env });
    expect({ code: help.status, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: aml-k8s-emulator [options]');
    expect(help.stdout).toContain('--seed PATH');
    const bad = spawnSync(process.execPath, [BUNDLED_BIN, 'emulator', '--bogus'], { cwd: REPO, encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^aml-k8s emulator: unknown option '--bogus'/);
  });

  test('--seed examples serves the examples\' clusters; SIGTERM stops it and removes its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-emulator-cmd-'));
    const envFile = join(dir, 'emulator.env');
    const child = spawn(process.execPath, [BUNDLED_BIN, 'emulator', '--seed', 'examples', '--write-env', envFile], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      for (let i = 0; i < 300 && !existsSync(envFile); i++) {
        if (child.exitCode !== null) throw new Error(`exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /AML_K8S_ARM_ENDPOINT=(\S+)/.exec(readFileSync(envFile, 'utf8'))?.[1];
      const caFile = /NODE_EXTRA_CA_CERTS=(\S+)/.exec(readFileSync(envFile, 'utf8'))?.[1];
      const adminToken = /AML_K8S_EMULATOR_ADMIN_TOKEN=(\S+)/.exec(readFileSync(envFile, 'utf8'))?.[1];
      const probe = spawnSync(process.execPath, ['-e', `fetch(${JSON.stringify(`${url}/__emulator/state`)}, { headers: { authorization: 'Bearer ' + process.env.ADMIN_TOKEN } }).then((r) => r.json()).then((s) => console.log(s.clusters.length))`], {
        encoding: 'utf8',
        env: { ...env, NODE_EXTRA_CA_CERTS: caFile, ADMIN_TOKEN: adminToken },
      });
      expect({ out: probe.stdout.trim(), err: probe.stderr }).toEqual({ out: '12', err: '' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('ARM emulator stopped');
      expect(existsSync(envFile)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('without the emulator package (dist/ on its own): a clear error, exit 1', () => {
    const alone = mkdtempSync(join(tmpdir(), 'aml-k8s-dist-alone-'));
    try {
      cpSync(join(REPO, 'packages/action/dist'), alone, { recursive: true });
      const r = spawnSync(process.execPath, [join(alone, 'cli.js'), 'emulator', '--seed', 'examples'], { cwd: alone, encoding: 'utf8', env });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 1, stdout: '', stderr: EMULATOR_NOT_INSTALLED });
      // The other commands do not need it.
      expect(spawnSync(process.execPath, [join(alone, 'cli.js'), 'validate', join(REPO, 'examples')], { cwd: alone, encoding: 'utf8', env }).status).toBe(0);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
