import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AZURE_THROTTLING, parseThrottling, requestClass, resolveThrottling, SubscriptionThrottle, TokenBucket } from './throttling.ts';
import { startEmulator, type Emulator } from './server.ts';
import { trustEmulator } from './tls.ts';

describe('token bucket arithmetic', () => {
  test('starts full, takes one token per request, refills at the rate up to the capacity', () => {
    const b = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, 0);
    expect(b.remaining(0)).toBe(3);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.remaining(0)).toBe(0);
    expect(b.remaining(499)).toBe(0);
    expect(b.remaining(500)).toBe(1);
    expect(b.take(500)).toBe(true);
    expect(b.remaining(10_000)).toBe(3); // capped
  });

  test('seconds until a token, rounded up', () => {
    const b = new TokenBucket({ capacity: 1, refillPerSecond: 0.25 }, 0);
    expect(b.secondsUntilToken(0)).toBe(0);
    b.take(0);
    expect(b.secondsUntilToken(0)).toBe(4);
    expect(b.secondsUntilToken(1000)).toBe(3); // 0.25 there, 0.75 missing → 3 s
    expect(b.secondsUntilToken(3999)).toBe(1);
    expect(b.secondsUntilToken(4000)).toBe(0);
    const fast = new TokenBucket({ capacity: 1, refillPerSecond: 25 }, 0);
    fast.take(0);
    expect(fast.secondsUntilToken(0)).toBe(1); // 40 ms, but Retry-After is whole seconds
  });

  test("Azure's numbers by default; classes by method", () => {
    expect(resolveThrottling()).toEqual(AZURE_THROTTLING);
    expect(AZURE_THROTTLING).toEqual({ reads: { capacity: 250, refillPerSecond: 25 }, writes: { capacity: 200, refillPerSecond: 10 }, deletes: { capacity: 200, refillPerSecond: 10 } });
    expect(['GET', 'HEAD', 'put', 'PATCH', 'POST', 'DELETE'].map(requestClass)).toEqual(['reads', 'reads', 'writes', 'writes', 'writes', 'deletes']);
    expect(resolveThrottling({ reads: { capacity: 5 } }).reads).toEqual({ capacity: 5, refillPerSecond: 25 });
    expect(() => resolveThrottling({ writes: { refillPerSecond: 0 } })).toThrow(RangeError);
    expect(() => resolveThrottling({ deletes: { capacity: 0 } })).toThrow(RangeError);
  });

  test('--throttling text', () => {
    expect(parseThrottling('off')).toBe(false);
    expect(parseThrottling('reads=50/25, writes=20/10')).toEqual({ reads: { capacity: 50, refillPerSecond: 25 }, writes: { capacity: 20, refillPerSecond: 10 }, deletes: AZURE_THROTTLING.deletes });
    expect(() => parseThrottling('reads=50')).toThrow(TypeError);
  });

  test('separate buckets per subscription and class; a refused request costs nothing', () => {
    const t = new SubscriptionThrottle(resolveThrottling({ reads: { capacity: 2, refillPerSecond: 1 }, writes: { capacity: 1, refillPerSecond: 1 }, deletes: { capacity: 1, refillPerSecond: 1 } }));
    expect(t.admit('A', 'GET', 0)).toEqual({ allowed: true });
    expect(t.admit('a', 'GET', 0)).toEqual({ allowed: true });
    expect(t.admit('A', 'GET', 0)).toEqual({ allowed: false, kind: 'reads', retryAfterSeconds: 1 });
    expect(t.admit('B', 'GET', 0)).toEqual({ allowed: true });
    expect(t.admit('A', 'PUT', 0)).toEqual({ allowed: true });
    expect(t.admit('A', 'POST', 0)).toMatchObject({ allowed: false, kind: 'writes' });
    expect(t.admit('A', 'DELETE', 0)).toEqual({ allowed: true });
    expect(t.header('A', 'GET', 0)).toEqual(['x-ms-ratelimit-remaining-subscription-reads', '0']);
    expect(t.header('A', 'DELETE', 0)).toEqual(['x-ms-ratelimit-remaining-subscription-deletes', '0']);
    expect(t.header('B', 'PATCH', 0)).toEqual(['x-ms-ratelimit-remaining-subscription-writes', '1']);
    expect(t.admit('A', 'GET', 1000)).toEqual({ allowed: true });
    t.reset();
    expect(t.header('A', 'GET', 1000)[1]).toBe('2');
  });
});

describe('HTTP behaviour', () => {
  const SUB = '11111111-2222-4333-8444-555555555555';
  const OTHER = '99999999-8888-4777-8666-555555555555';
  const cluster = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
  let emulator: Emulator;
  let token: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${emulator.url}${path}?api-version=2024-02-01`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    await r.text();
    return r;
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      throttling: { reads: { capacity: 3, refillPerSecond: 0.5 }, writes: { capacity: 2, refillPerSecond: 0.5 }, deletes: { capacity: 1, refillPerSecond: 0.5 } },
      clusters: [SUB, OTHER].map((subscriptionId) => ({ subscriptionId, resourceGroup: 'rg', name: 'aks-1', type: 'aks' as const })),
    });
    trustEmulator(emulator);
    const r = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret, scope: 'https://management.azure.com/.default' }),
    });
    token = ((await r.json()) as { access_token: string }).access_token;
  });
  afterAll(() => emulator.stop());

  test('every ARM response says what its bucket holds; an empty bucket answers 429 with Retry-After', async () => {
    const reads = [];
    for (let i = 0; i < 4; i++) reads.push(await call('GET', cluster(SUB)));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(reads.map((r) => r.headers.get('x-ms-ratelimit-remaining-subscription-reads'))).toEqual(['2', '1', '0', '0']);
    expect(reads[3]!.headers.get('retry-after')).toBe('2'); // one token at 0.5/s
    expect(reads[0]!.headers.get('retry-after')).toBeNull();
    // Another subscription has buckets of its own.
    const other = await call('GET', cluster(OTHER));
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('2');
    // Writes and deletes are counted apart from reads (a 404 still costs a token).
    const del = await call('DELETE', `${cluster(SUB)}/providers/Microsoft.KubernetesConfiguration/extensions/none`);
    expect(del.headers.get('x-ms-ratelimit-remaining-subscription-deletes')).toBe('0');
    const del2 = await call('DELETE', `${cluster(SUB)}/providers/Microsoft.KubernetesConfiguration/extensions/none`);
    expect(del2.status).toBe(429);
    expect(del2.headers.get('x-ms-ratelimit-remaining-subscription-deletes')).toBe('0');
    const write = await call('POST', `${cluster(SUB)}/listClusterUserCredential`);
    expect(write.status).not.toBe(429);
    expect(write.headers.get('x-ms-ratelimit-remaining-subscription-writes')).toBe('1');
    const throttled = emulator.requests().filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    expect(throttled.every((r) => r.fault === undefined)).toBe(true);
  });

  test('reset({ all: true }) refills every bucket', async () => {
    emulator.reset({ all: true });
    const r = await call('GET', cluster(SUB));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('2');
  });

  test('throttling: false sends no remaining-requests headers and never throttles', async () => {
    const free = await startEmulator({ throttling: false, clusters: [{ subscriptionId: SUB, resourceGroup: 'rg', name: 'aks-1', type: 'aks' }] });
    try {
      const saved = emulator;
      emulator = free;
      try {
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await call('GET', cluster(SUB))).status);
        expect(statuses.every((s) => s !== 429)).toBe(true);
        expect((await call('GET', cluster(SUB))).headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBeNull();
      } finally {
        emulator = saved;
      }
    } finally {
      await free.stop();
    }
  });
});
