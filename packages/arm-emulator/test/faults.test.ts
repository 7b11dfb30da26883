import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { FAST_POLL, RG, SUB, aksId, arm, armToken, azureMlSettings, credentialFor, extensionsClient, mlClient } from './helpers.ts';

const clusters = [{ subscriptionId: SUB, resourceGroup: RG, name: 'aks-1', type: 'aks' as const }];
const workspaces = [{ subscriptionId: SUB, resourceGroup: RG, name: 'ws-1' }];
const clusterPath = `${aksId('aks-1')}?api-version=2024-05-01`;

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ installTimeMs: 150, attachTimeMs: 100, retryAfterSeconds: 0, seed: 7, clusters, workspaces });
  trustEmulator(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

describe('injected 429 and 5xx', () => {
  test('SDK calls still succeed through their retry policy, and the request log shows the faults', async () => {
    const credential = credentialFor(emulator);
    await credential.getToken('https://management.azure.com/.default');
    emulator.reset();
    emulator.setFaults({ throttleProbability: 0.3, serverErrorProbability: 0.2, throttleRetryAfterSeconds: 0 });
    const ext = extensionsClient(emulator, credential);
    const ml = mlClient(emulator, credential);
    const created = await ext.extensions.beginCreateAndWait(RG, 'Microsoft.ContainerService', 'managedClusters', 'aks-1', 'azureml', {
      extensionType: 'microsoft.azureml.kubernetes',
      configurationSettings: azureMlSettings(),
    }, FAST_POLL);
    expect(created.provisioningState).toBe('Succeeded');
    const compute = await ml.computeOperations.beginCreateOrUpdateAndWait(RG, 'ws-1', 'k8s', {
      location: 'eastus',
      properties: { computeType: 'Kubernetes', resourceId: aksId('aks-1'), properties: { namespace: 'default' } },
    }, FAST_POLL);
    expect(compute.properties?.provisioningState).toBe('Succeeded');
    for (let i = 0; i < 5; i++) await ext.extensions.get(RG, 'Microsoft.ContainerService', 'managedClusters', 'aks-1', 'azureml');
    emulator.setFaults({ throttleProbability: 0, serverErrorProbability: 0 });

    const log = emulator.requests();
    const throttled = log.filter((r) => r.status === 429);
    const failed = log.filter((r) => r.status >= 500);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((r) => r.fault === 'throttle' && r.kind === 'arm')).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.fault === 'server-error' && [500, 503].includes(r.status))).toBe(true);
    // Each write that was refused was retried until it went through: exactly one PUT per resource succeeded.
    expect(log.filter((r) => r.method === 'PUT' && r.status === 201).length).toBe(2);
  });

  test('a 429 carries Retry-After and the ARM throttling header; token and admin routes are never faulted', async () => {
    const token = await armToken(emulator);
    emulator.setFaults({ throttleProbability: 1, throttleRetryAfterSeconds: 17 });
    try {
      const read = await arm(emulator, 'GET', clusterPath, undefined, token);
      expect(read.status).toBe(429);
      expect(read.body.error.code).toBe('TooManyRequests');
      expect(read.headers.get('retry-after')).toBe('17');
      expect(read.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('0');
      const write = await arm(emulator, 'PUT', `${aksId('aks-1')}/providers/Microsoft.KubernetesConfiguration/extensions/x?api-version=2023-05-01`, {}, token);
      expect(write.headers.get('x-ms-ratelimit-remaining-subscription-writes')).toBe('0');

      const fresh = await credentialFor(emulator).getToken('https://management.azure.com/.default');
      expect(fresh?.token).toBeTruthy();
      const admin = await adminFetch(`faults`);
      expect(admin.status).toBe(200);
    } finally {
      emulator.setFaults({ throttleProbability: 0, throttleRetryAfterSeconds: 1 });
    }
  });

  test('fault decisions are reproducible for a seed and differ across seeds', async () => {
    async function sequence(seed: number): Promise<number[]> {
      const e = await startEmulator({ seed, clusters, faults: { throttleProbability: 0.25, serverErrorProbability: 0.25 } });
      try {
        trustEmulator(e);
        const token = await armToken(e);
        const statuses: number[] = [];
        for (let i = 0; i < 24; i++) statuses.push((await arm(e, 'GET', clusterPath, undefined, token)).status);
        return statuses;
      } finally {
        await e.stop();
      }
    }
    const a = await sequence(42);
    const b = await sequence(42);
    const c = await sequence(43);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.some((s) => s !== 200)).toBe(true);
    expect(a.some((s) => s === 200)).toBe(true);
  });

  test('latency and slow factor', async () => {
    const token = await armToken(emulator);
    emulator.setFaults({ latencyMs: 120 });
    const started = Date.now();
    expect((await arm(emulator, 'GET', clusterPath, undefined, token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    emulator.setFaults({ latencyMs: 0, slowFactor: 4 });
    const put = await arm(emulator, 'PUT', `${aksId('aks-1')}/providers/Microsoft.KubernetesConfiguration/extensions/slow?api-version=2023-05-01`, {
      properties: { extensionType: 'Microsoft.Flux' },
    }, token);
    expect(put.status).toBe(201);
    emulator.setFaults({ slowFactor: 1 });
    const op = emulator.state().operations.find((o) => o.resourceId.endsWith('/extensions/slow'));
    expect(op).toBeDefined();
    // installTimeMs 150 x 4
    const duration = (op as { dueAt: number }).dueAt - Date.parse(op!.startTime);
    expect(duration).toBeGreaterThanOrEqual(590);
    expect(duration).toBeLessThanOrEqual(610);
  });
});

/** An admin API request with the emulator's admin token. */
function adminFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emulator.url}/__emulator/${path}`, { ...init, headers: { authorization: `Bearer ${emulator.adminToken}` } });
}

describe('admin API over HTTP', () => {
  test.each([
    ['GET', 'state', undefined],
    ['GET', 'state', 'Bearer wrong-token'],
    ['GET', 'state', `Basic ${Buffer.from('x:y').toString('base64')}`],
    ['GET', 'requests', undefined],
    ['GET', 'faults', undefined],
    ['POST', 'faults', undefined],
    ['POST', 'reset?all=1', undefined],
    ['POST', 'seed', undefined],
  ])('%s %s without the admin token (%s) answers 401 and changes nothing', async (method, path, authorization) => {
    const before = emulator.state();
    const res = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      ...(method === 'POST' ? { body: JSON.stringify({ failNextOperations: 5, clusters: [] }) } : {}),
      headers: authorization ? { authorization } : {},
    });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toContain('protectedSettings');
    expect(text).toContain('AML_K8S_EMULATOR_ADMIN_TOKEN');
    expect(emulator.faults().failNextOperations).toBe(before.faults.failNextOperations);
    expect(emulator.state().clusters.length).toBe(before.clusters.length);
  });

  test('health needs no token; the token is in env()', async () => {
    expect((await fetch(`${emulator.url}/__emulator/health`)).status).toBe(200);
    expect(emulator.env()['AML_K8S_EMULATOR_ADMIN_TOKEN']).toBe(emulator.adminToken);
    expect(emulator.adminToken.length).toBeGreaterThanOrEqual(20);
  });

  test('faults, seed, state and reset', async () => {
    const set = await adminFetch(`faults`, { method: 'POST', body: JSON.stringify({ failNextOperations: 2 }) });
    expect(await set.json()).toMatchObject({ failNextOperations: 2, throttleProbability: 0 });
    const bad = await adminFetch(`faults`, { method: 'POST', body: JSON.stringify({ throttleProbability: 3 }) });
    expect(bad.status).toBe(400);
    await adminFetch(`faults`, { method: 'POST', body: JSON.stringify({ failNextOperations: 0 }) });

    const seeded = await adminFetch(`seed`, {
      method: 'POST',
      body: JSON.stringify({ clusters: [{ subscriptionId: SUB, resourceGroup: RG, name: 'arc-late', type: 'arc', nodeCount: 5, distribution: 'openshift' }] }),
    });
    expect(seeded.status).toBe(200);
    const arc = await arm(emulator, 'GET', `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kubernetes/connectedClusters/arc-late?api-version=2024-01-01`);
    expect(arc.body.properties).toMatchObject({ totalNodeCount: 5, distribution: 'openshift' });

    const stateRes = await adminFetch(`state`);
    const state = (await stateRes.json()) as { clusters: Array<{ name: string }>; extensions: unknown[] };
    expect(state.clusters.map((c) => c.name)).toContain('arc-late');
    expect(state.extensions.length).toBeGreaterThan(0);

    const before = (await (await adminFetch(`requests`)).json()) as unknown[];
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((r) => (r as { path: string }).path.startsWith('/__emulator'))).toBe(false);
    await adminFetch(`reset`, { method: 'POST' });
    expect(await (await adminFetch(`requests`)).json()).toEqual([]);
    expect(emulator.state().extensions.length).toBeGreaterThan(0);

    await adminFetch(`reset?all=1`, { method: 'POST' });
    const after = emulator.state();
    expect(after.extensions).toEqual([]);
    expect(after.computes).toEqual([]);
    // Startup fixtures come back; run-time seeds do not.
    expect(after.clusters.map((c) => c.name)).toEqual(['aks-1']);
    // Tokens issued before the reset stay valid.
    expect((await arm(emulator, 'GET', clusterPath)).status).toBe(200);
  });
});
