import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientSecretCredential } from '@azure/identity';
import { runEmulatorCli, trustEmulator, type Emulator } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'src', 'main.ts');
const bin = join(here, '..', 'bin', 'aml-k8s-emulator.js');
const examples = join(here, '..', '..', '..', 'examples');
let dir: string;
let fixtures: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arm-emulator-cli-'));
  fixtures = join(dir, 'fixtures.json');
  await writeFile(
    fixtures,
    JSON.stringify({
      clusters: [{ subscriptionId: 'sub-1', resourceGroup: 'rg', name: 'demo-aks', type: 'aks', nodeCount: 4 }],
      workspaces: [{ subscriptionId: 'sub-1', resourceGroup: 'rg', name: 'demo-ws' }],
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1] as string] = (m[2] as string).replace(/^'(.*)'$/, '$1');
  return env;
}

describe('runEmulatorCli in process', () => {
  test('prints export lines, serves the fixtures, stops when told to and removes the CA file', async () => {
    let out = '';
    let err = '';
    let stop = (): void => {};
    const until = new Promise<void>((resolve) => (stop = resolve));
    let started: Emulator | undefined;
    let envFileContent = '';
    const envFile = join(dir, 'emulator.env');
    const kubeconfigFile = join(dir, 'kubeconfig');
    let kubeconfig = '';
    // A stale file another user could read must not keep its mode: the secrets go to a fresh 0600 file.
    writeFileSync(`${envFile}.tmp`, 'stale', { mode: 0o644 });
    writeFileSync(kubeconfigFile, 'stale', { mode: 0o644 });
    const modes: number[] = [];
    const exit = runEmulatorCli(['--port', '0', '--install-time=10', '--fixtures', fixtures, '--write-env', envFile, '--write-kubeconfig', kubeconfigFile], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      until,
      onStarted: (e) => {
        started = e;
        envFileContent = readFileSync(envFile, 'utf8');
        kubeconfig = readFileSync(kubeconfigFile, 'utf8');
        modes.push(statSync(envFile).mode & 0o777, statSync(kubeconfigFile).mode & 0o777, statSync(e.caFile).mode & 0o777);
        stop();
      },
    });
    expect(await exit).toBe(0);
    const env = parseExports(out);
    expect(Object.keys(env).sort()).toEqual(['AML_K8S_ARM_ENDPOINT', 'AML_K8S_EMULATOR_ADMIN_TOKEN', 'AZURE_AUTHORITY_HOST', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'NODE_EXTRA_CA_CERTS']);
    expect(env['AML_K8S_EMULATOR_ADMIN_TOKEN']).toBe(started?.adminToken);
    // The env file (client secret, admin token), the kubeconfig (cluster token) and the CA file: private.
    expect(modes).toEqual([0o600, 0o600, 0o600]);
    expect(env['AML_K8S_ARM_ENDPOINT']).toBe(started?.url);
    expect(started?.state().clusters.map((c) => c.name)).toEqual(['demo-aks']);
    expect(err).toContain('stopped');
    expect(existsSync(env['NODE_EXTRA_CA_CERTS'] as string)).toBe(false);
    expect(envFileContent).toBe(out);
    expect(existsSync(envFile)).toBe(false);
    expect(kubeconfig).toContain('- name: "demo-aks"\n  context:');
    expect(existsSync(kubeconfigFile)).toBe(false);
  });

  test('usage errors exit 2, --help exits 0', async () => {
    let err = '';
    expect(await runEmulatorCli(['--bogus'], { stdout: () => {}, stderr: (t) => (err += t) })).toBe(2);
    expect(err).toContain("unknown option '--bogus'");
    expect(await runEmulatorCli(['--port', 'abc'], { stdout: () => {}, stderr: () => {} })).toBe(2);
    let out = '';
    expect(await runEmulatorCli(['--help'], { stdout: (t) => (out += t), stderr: () => {} })).toBe(0);
    expect(out).toContain('--install-time');
    expect(await runEmulatorCli(['--fixtures', join(dir, 'missing.json')], { stdout: () => {}, stderr: () => {} })).toBe(1);
  });

  test('--seed: the clusters, workspaces and identities of the specs in a folder or a file; --fixtures adds to them', async () => {
    const seeded = async (args: string[]): Promise<{ clusters: string[]; workspaces: string[]; identities: string[] }> => {
      let snapshot = { clusters: [] as string[], workspaces: [] as string[], identities: [] as string[] };
      let stop = (): void => {};
      const until = new Promise<void>((resolve) => (stop = resolve));
      const code = await runEmulatorCli(['--port', '0', ...args], {
        stdout: () => {},
        stderr: () => {},
        until,
        onStarted: (e) => {
          const s = e.state();
          snapshot = { clusters: s.clusters.map((c) => c.name).sort(), workspaces: s.workspaces.map((w) => w.name), identities: s.identities.map((i) => i.name) };
          stop();
        },
      });
      expect(code).toBe(0);
      return snapshot;
    };
    const all = await seeded(['--seed', examples]);
    expect(all.clusters).toHaveLength(12);
    expect(all.clusters).toContain('aks-ml-poc');
    expect(all.workspaces).toEqual(['ml-workspace']);
    expect(all.identities).toHaveLength(1);
    expect(await seeded([`--seed=${join(examples, 'aks-proof-of-concept.yaml')}`])).toEqual({ clusters: ['aks-ml-poc'], workspaces: ['ml-workspace'], identities: [] });
    const both = await seeded(['--seed', join(examples, 'aks-proof-of-concept.yaml'), '--fixtures', fixtures]);
    expect(both.clusters).toEqual(['aks-ml-poc', 'demo-aks']);
    expect(both.workspaces.sort()).toEqual(['demo-ws', 'ml-workspace']);

    let err = '';
    expect(await runEmulatorCli(['--seed', join(dir, 'nowhere')], { stdout: () => {}, stderr: (t) => (err += t), program: 'aml-k8s emulator' })).toBe(1);
    expect(err).toBe(`aml-k8s emulator: --seed ${join(dir, 'nowhere')}: no such file or folder\n`);
  });
});

describe('the aml-k8s-emulator bin', () => {
  test('--help and usage errors, in a process of its own', () => {
    const { NODE_OPTIONS: _ignored, ...baseEnv } = process.env;
    const help = spawnSync(process.execPath, [bin, '--help'], { env: baseEnv, encoding: 'utf8' });
    expect({ code: help.status, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: aml-k8s-emulator \[options\]/);
    const bad = spawnSync(process.execPath, [bin, '--port', 'x'], { env: baseEnv, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^aml-k8s-emulator: --port needs a non-negative number/);
  });
});

describe('as a separate process', () => {
  test('a child process trusts it through NODE_EXTRA_CA_CERTS; SIGTERM stops it cleanly', async () => {
    const { NODE_OPTIONS: _ignored, ...baseEnv } = process.env;
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [main, '--port', '0', '--fixtures', fixtures], { env: baseEnv });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no export lines; stderr: ${err}`)), 15000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('NODE_EXTRA_CA_CERTS')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const env = parseExports(out);
      const probe = spawn(
        process.execPath,
        ['-e', "fetch(process.env.AML_K8S_ARM_ENDPOINT + '/__emulator/state', { headers: { authorization: 'Bearer ' + process.env.AML_K8S_EMULATOR_ADMIN_TOKEN } }).then((r) => r.json()).then((s) => console.log(s.clusters[0].nodeCount))"],
        { env: { ...baseEnv, ...env } },
      );
      let probeOut = '';
      let probeErr = '';
      probe.stdout.on('data', (d: Buffer) => (probeOut += d.toString()));
      probe.stderr.on('data', (d: Buffer) => (probeErr += d.toString()));
      const probeCode = await new Promise<number | null>((resolve) => probe.on('exit', resolve));
      expect({ probeCode, probeOut: probeOut.trim(), probeErr }).toEqual({ probeCode: 0, probeOut: '4', probeErr: '' });

      // Without the CA the same call fails certificate verification.
      const untrusted = spawn(process.execPath, ['-e', "fetch(process.argv[1] + '/__emulator/health').then(() => process.exit(0), (e) => { console.log(e.cause?.code); process.exit(3); })", env['AML_K8S_ARM_ENDPOINT'] as string], {
        env: baseEnv,
      });
      let untrustedOut = '';
      untrusted.stdout.on('data', (d: Buffer) => (untrustedOut += d.toString()));
      expect(await new Promise((resolve) => untrusted.on('exit', resolve))).toBe(3);
      expect(untrustedOut).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(err).toContain('stopped');
      expect(existsSync(env['NODE_EXTRA_CA_CERTS'] as string)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30000);
});

describe('--resource-graph-delay', () => {
  /** Runs the CLI with `args`, installs an extension on the fixture's cluster and counts it in Resource Graph at once. */
  async function extensionsIndexedAtOnce(args: string[]): Promise<number> {
    let stop = (): void => {};
    const until = new Promise<void>((resolve) => (stop = resolve));
    let started: (e: Emulator) => void = () => {};
    const up = new Promise<Emulator>((resolve) => (started = resolve));
    const exit = runEmulatorCli(['--port', '0', '--fixtures', fixtures, '--install-time', '0', ...args], { stdout: () => {}, stderr: () => {}, until, onStarted: (e) => started(e) });
    const e = await up;
    try {
      trustEmulator(e);
      const token = (await new ClientSecretCredential(e.tenantId, e.clientId, e.clientSecret, e.credentialOptions()).getToken('https://management.azure.com/.default'))!.token;
      const call = async (method: string, path: string, body: unknown): Promise<any> => {
        const res = await fetch(`${e.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status).toBeLessThan(300);
        return res.json();
      };
      await call('PUT', '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/demo-aks/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=2023-05-01', {
        properties: { extensionType: 'Microsoft.AzureML.Kubernetes', configurationSettings: { enableTraining: 'True' } },
      });
      const r = await call('POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { query: 'kubernetesconfigurationresources | count' });
      return r.data[0].Count as number;
    } finally {
      stop();
      expect(await exit).toBe(0);
    }
  }

  test('makes the Resource Graph index lag ARM by that many milliseconds; without it, changes show at once', async () => {
    expect(await extensionsIndexedAtOnce(['--resource-graph-delay', '60000'])).toBe(0);
    expect(await extensionsIndexedAtOnce([])).toBe(1);
  });

  test('needs a non-negative number', async () => {
    let err = '';
    expect(await runEmulatorCli(['--resource-graph-delay', '-5'], { stdout: () => {}, stderr: (t) => (err += t) })).toBe(2);
    expect(err).toContain('--resource-graph-delay');
  });
});
