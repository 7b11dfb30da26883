// The standalone demo backend, end to end with the real auth services: the static token of
// backend.auth.externalAccess opens the API, anything else is 401; the catalog fills with the
// example computes and the status comes from the in-process emulator.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { inventoryOf, LocationSpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import type { ComputeSpecEntry } from '@aml-k8s/plugin-azureml-compute-node';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_TOKEN, EXAMPLES_DIR, freePort } from '../src/standalone.ts';

// In a process of its own, as `npm start -w packages/backstage-dev` runs it (Backstage keeps
// SQLite connections open after stop, which would hold a test process).
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let child: ChildProcess;
let output = '';
const backend = { url: '', token: '' };

const get = (path: string, token?: string): Promise<Response> => fetch(`${backend.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function exampleEntries(): Promise<ComputeSpecEntry[]> {
  const read = await new LocationSpecSource({ locations: [{ type: 'file', target: EXAMPLES_DIR }] }).read();
  const inventory = inventoryOf(read.files);
  if (inventory.problems.length) throw new Error(`example problems: ${JSON.stringify(inventory.problems)}`);
  return inventory.entries;
}

beforeAll(async () => {
  const port = await freePort();
  child = spawn(process.execPath, [MAIN, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (output += d.toString()));
  for (let i = 0; i < 600 && !/static token:\s+(\S+)/.test(output); i++) {
    if (child.exitCode !== null) throw new Error(`standalone backend exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  backend.url = `http://localhost:${port}`;
  backend.token = /static token:\s+(\S+)/.exec(output)?.[1] ?? '';
  expect(output).toContain(`${backend.url}/api/azureml-compute`);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('standalone backend', () => {
  test('the static token is accepted; no token, a wrong one or a malformed one is 401', async () => {
    expect(backend.token).toBe(DEMO_TOKEN);
    expect(output).not.toContain('aml-k8s-emulator-secret'); // the ARM client secret is redacted from logs
    expect((await get('/api/azureml-compute/computes', DEMO_TOKEN)).status).toBe(200);
    expect((await get('/api/azureml-compute/computes')).status).toBe(401);
    expect((await get('/api/azureml-compute/computes', 'not-the-token')).status).toBe(401);
    expect((await get('/api/azureml-compute/computes/aks-poc', 'a.b.c')).status).toBe(401);
    expect((await get('/api/azureml-compute/health')).status).toBe(200);
  });

  test('every example compute has a live status from the emulator', async () => {
    const names = (await exampleEntries()).map((e) => e.name).sort();
    let body: ComputeListResponse = { items: [], total: 0, offset: 0, limit: 0 };
    for (let i = 0; i < 50 && body.items.length < names.length; i++) {
      body = (await (await get('/api/azureml-compute/computes?limit=500', DEMO_TOKEN)).json()) as ComputeListResponse;
      if (body.items.length < names.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(body.items.map((i) => i.name).sort()).toEqual(names);
    expect(body.items.every((i) => i.health === 'Succeeded')).toBe(true);
  });

  test('the catalog serves the computes as entities', async () => {
    const names = (await exampleEntries()).map((e) => e.name).sort();
    let found: string[] = [];
    for (let i = 0; i < 150 && found.length < names.length; i++) {
      const res = await get('/api/catalog/entities?filter=kind=resource,spec.type=azureml-kubernetes-compute&fields=metadata.name', DEMO_TOKEN);
      expect(res.status).toBe(200);
      found = ((await res.json()) as { metadata: { name: string } }[]).map((e) => e.metadata.name).sort();
      if (found.length < names.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual(names);
    const entity = (await (await get('/api/catalog/entities/by-name/resource/default/aks-poc', DEMO_TOKEN)).json()) as { relations: { type: string; targetRef: string }[] };
    expect(entity.relations).toEqual(expect.arrayContaining([{ type: 'dependsOn', targetRef: 'resource:default/aks-ml-poc-cluster' }, { type: 'ownedBy', targetRef: 'group:default/ml-platform' }]));
  }, 60_000);
});
