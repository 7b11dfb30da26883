// Paging, filters, search and ETags of GET /computes and GET /summary, through a real backend whose
// status store is written directly (no refresh runs: no spec locations are configured).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ComputeHealth, ComputeListResponse, ComputeStatus, ComputeSummaryResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { COMPUTE_LIST_DEFAULT_LIMIT } from '@aml-k8s/plugin-azureml-compute-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { azuremlComputePlugin } from '../src/plugin.ts';
import { StatusStore } from '../src/status/store.ts';
import { sqliteDatabase } from './helpers.ts';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

const BASE = '/api/azureml-compute';
const AUTH = mockCredentials.user.header();
const SUB = '00000000-0000-0000-0000-000000000001';
const HEALTHS: ComputeHealth[] = ['Succeeded', 'Failed', 'InProgress', 'NotInstalled', 'NotAttached', 'Unknown'];
const COUNT = 120;

/** Compute i: workspace ws-(i%4), cluster aks-i (rg cl-rg-(i%2)), owner team-(i%3) except every 10th without one, health by i%6. */
function statusOf(i: number, checkedAt = '2026-11-23T10:15:00.000Z'): ComputeStatus {
  const name = `c-${String(i).padStart(3, '0')}`;
  const ws = `ws-${i % 4}`;
  const rg = `cl-rg-${i % 2}`;
  const clusterId = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/aks-${i}`;
  const workspaceId = `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/${ws}`;
  return {
    name,
    computeName: i === 7 ? 'special-gpu' : name,
    ...(i % 10 === 0 ? {} : { owner: `group:default/team-${i % 3}` }),
    cluster: { type: 'aks', subscriptionId: SUB, resourceGroup: rg, name: `aks-${i}`, resourceId: clusterId },
    workspace: { subscriptionId: SUB, resourceGroup: 'ml-rg', name: ws, resourceId: workspaceId },
    extensionId: `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`,
    computeId: `${workspaceId}/computes/${name}`,
    desired: { training: true, inference: false, tls: 'none', instanceTypes: [], namespace: 'default' },
    extension: { provisioningState: 'Succeeded' },
    compute: { provisioningState: 'Succeeded' },
    health: HEALTHS[i % 6]!,
    checkedAt,
  };
}

const ALL = Array.from({ length: COUNT }, (_, i) => statusOf(i));
const NAMES = ALL.map((s) => s.name).sort();

let backend: Backend;
let noCredentials: Backend;
let denied: Backend;
let store: StatusStore;
const databases = [sqliteDatabase(), sqliteDatabase(), sqliteDatabase()];

async function get(path: string, headers: Record<string, string> = {}) {
  let r = request(backend.server).get(`${BASE}${path}`).set('Authorization', AUTH);
  for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
  return r;
}

async function list(query: string): Promise<ComputeListResponse> {
  const res = await get(`/computes${query}`);
  expect(res.status).toBe(200);
  return res.body as ComputeListResponse;
}

const names = (r: ComputeListResponse) => r.items.map((s) => s.name);

async function record(finishedAt: string): Promise<void> {
  await store.recordRefresh({ startedAt: finishedAt, finishedAt, computes: COUNT, requests: 2 });
}

beforeAll(async () => {
  const config = mockServices.rootConfig.factory({ data: {} });
  const [db1, db2, db3] = databases;
  backend = await startTestBackend({ features: [azuremlComputePlugin, config, db1!.factory] });
  noCredentials = await startTestBackend({ features: [azuremlComputePlugin, config, db2!.factory, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })] });
  denied = await startTestBackend({ features: [azuremlComputePlugin, config, db3!.factory, mockServices.permissions.factory({ result: AuthorizeResult.DENY })] });
  store = await StatusStore.create(db1!.knex);
  await store.write(ALL, []);
  await record('2026-11-23T10:16:00.000Z');
});

afterAll(async () => {
  await Promise.all([backend?.stop(), noCredentials?.stop(), denied?.stop()]);
  await Promise.all(databases.map((d) => d.knex.destroy()));
});

describe('paging', () => {
  test(`without paging parameters: the first ${COMPUTE_LIST_DEFAULT_LIMIT} by name, the total and a cursor`, async () => {
    const body = await list('');
    expect(body).toMatchObject({ total: COUNT, offset: 0, limit: COMPUTE_LIST_DEFAULT_LIMIT, refreshedAt: '2026-11-23T10:16:00.000Z' });
    expect(names(body)).toEqual(NAMES.slice(0, COMPUTE_LIST_DEFAULT_LIMIT));
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  test('following nextCursor visits every compute once, in name order; the last page has none', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const body = await list(`?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.total).toBe(COUNT);
      expect(body.offset).toBe(seen.length);
      seen.push(...names(body));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(NAMES);
  });

  test('limit and offset: random access, an offset past the end is an empty page', async () => {
    expect(names(await list('?limit=10&offset=30'))).toEqual(NAMES.slice(30, 40));
    const end = await list('?limit=10&offset=115');
    expect(names(end)).toEqual(NAMES.slice(115));
    expect(end.nextCursor).toBeUndefined();
    expect(await list('?offset=500')).toMatchObject({ items: [], total: COUNT, offset: 500 });
  });

  test.each([
    ['limit=0', /limit/],
    ['limit=501', /limit/],
    ['limit=ten', /limit/],
    ['offset=-1', /offset/],
    ['offset=1&cursor=abc', /either/],
    ['cursor=not-a-cursor', /cursor/],
    ['state=Broken', /state/],
    ['owner=a&owner=b', /owner/],
    [`q=${'x'.repeat(201)}`, /q/],
  ])('?%s is a 400', async (query, message) => {
    const res = await get(`/computes?${query}`);
    expect(res.status).toBe(400);
    expect((res.body as { error: { message: string } }).error.message).toMatch(message);
  });
});

describe('filters and search', () => {
  const expected = (pred: (s: ComputeStatus) => boolean) => ALL.filter(pred).map((s) => s.name).sort();

  test('workspace, by name or resource ID, case-insensitive', async () => {
    const body = await list('?workspace=WS-1&limit=500');
    expect(names(body)).toEqual(expected((s) => s.workspace?.name === 'ws-1'));
    expect(body.total).toBe(30);
    expect(names(await list(`?workspace=${encodeURIComponent(ALL[1]!.workspace!.resourceId.toUpperCase())}&limit=500`))).toEqual(names(body));
  });

  test('cluster, by name or resource ID', async () => {
    expect(names(await list('?cluster=aks-42'))).toEqual(['c-042']);
    expect(names(await list(`?cluster=${encodeURIComponent(ALL[42]!.cluster.resourceId)}`))).toEqual(['c-042']);
    expect((await list('?cluster=aks-nope')).total).toBe(0);
  });

  test('owner, and "-" for computes without one', async () => {
    expect(names(await list('?owner=group:default/team-2&limit=500'))).toEqual(expected((s) => s.owner === 'group:default/team-2'));
    expect(names(await list('?owner=-&limit=500'))).toEqual(expected((s) => s.owner === undefined));
  });

  test('state', async () => {
    for (const h of HEALTHS) expect(names(await list(`?state=${h}&limit=500`))).toEqual(expected((s) => s.health === h));
    expect((await list('?state=failed')).total).toBe(20);
  });

  test('search: a case-insensitive substring of the name or of the compute name in the workspace', async () => {
    expect(names(await list('?q=C-11'))).toEqual(['c-110', 'c-111', 'c-112', 'c-113', 'c-114', 'c-115', 'c-116', 'c-117', 'c-118', 'c-119']);
    expect(names(await list('?q=special'))).toEqual(['c-007']);
    expect((await list('?q=nothing-like-it')).total).toBe(0);
  });

  test('filters combine, and page', async () => {
    const all = expected((s) => s.workspace?.name === 'ws-0' && s.health === 'Succeeded');
    expect(all.length).toBeGreaterThan(3);
    const first = await list('?workspace=ws-0&state=Succeeded&limit=3');
    expect(first).toMatchObject({ total: all.length, offset: 0 });
    expect(names(first)).toEqual(all.slice(0, 3));
    const second = await list(`?workspace=ws-0&state=Succeeded&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(names(second)).toEqual(all.slice(3, 6));
    expect(second.offset).toBe(3);
  });
});

describe('summary', () => {
  test('counts per state and each filter choice with its count, over every compute', async () => {
    const res = await get('/summary');
    expect(res.status).toBe(200);
    const body = res.body as ComputeSummaryResponse;
    expect(body.total).toBe(COUNT);
    expect(body.byHealth).toEqual({ Succeeded: 20, Failed: 20, InProgress: 20, NotInstalled: 20, NotAttached: 20, Unknown: 20 });
    expect(body.facets.workspace.options.map((o) => [o.label, o.count])).toEqual([['ws-0', 30], ['ws-1', 30], ['ws-2', 30], ['ws-3', 30]]);
    expect(body.facets.owner.options.find((o) => o.value === '-')).toMatchObject({ label: '(no owner)', count: 12 });
    expect(body.facets.cluster).toMatchObject({ distinct: COUNT });
    expect(body.refreshedAt).toBe('2026-11-23T10:16:00.000Z');
  });
});

describe('ETag', () => {
  test('an unchanged snapshot answers 304 to If-None-Match; another query has another ETag', async () => {
    const first = await get('/computes?limit=5');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await get('/computes?limit=5', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect((await get('/computes?limit=5', { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);
    const other = await get('/computes?limit=6', { 'If-None-Match': etag });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
    const summary = await get('/summary');
    expect((await get('/summary', { 'If-None-Match': summary.headers.etag as string })).status).toBe(304);
  });

  test('clients that accept gzip get the same JSON gzip-encoded, with the same ETag; a 304 is a 304 either way', async () => {
    const plain = await get('/computes?limit=50', { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await get('/computes?limit=50', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(Number(gzipped.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain.text));
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    expect(gzipped.headers.etag).toBe(plain.headers.etag);
    expect(gzipped.body).toEqual(plain.body);
    expect((await get('/computes?limit=50', { 'Accept-Encoding': 'gzip', 'If-None-Match': plain.headers.etag as string })).status).toBe(304);
    // Small answers are not worth encoding.
    expect((await get('/computes?q=no-such-compute', { 'Accept-Encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
  });

  test('a refresh that changes a status changes the ETag, and the answer', async () => {
    const before = await get('/computes?q=c-001');
    const etag = before.headers.etag as string;
    await store.write([{ ...statusOf(1, '2026-11-23T10:20:00.000Z'), health: 'Failed' }], []);
    await record('2026-11-23T10:21:00.000Z');
    const after = await get('/computes?q=c-001', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect((after.body as ComputeListResponse).items[0]).toMatchObject({ name: 'c-001', health: 'Failed' });
    expect((after.body as ComputeListResponse).refreshedAt).toBe('2026-11-23T10:21:00.000Z');
    // Put it back for the other tests.
    await store.write([statusOf(1)], []);
    await record('2026-11-23T10:22:00.000Z');
  });
});

describe('credentials and permission', () => {
  test.each(['/computes?limit=5', '/summary'])('GET %s answers 401 without credentials, 403 without the permission', async (path) => {
    expect((await request(noCredentials.server).get(`${BASE}${path}`)).status).toBe(401);
    const res = await request(denied.server).get(`${BASE}${path}`).set('Authorization', AUTH);
    expect(res.status).toBe(403);
    // (Express puts a weak ETag of its own on the error body; none of ours.)
    expect(res.headers.etag ?? "").not.toMatch(/^"/);
  });

  test('a 304 needs the permission too: an ETag alone opens nothing', async () => {
    const etag = (await get('/computes')).headers.etag as string;
    expect((await request(denied.server).get(`${BASE}/computes`).set('Authorization', AUTH).set('If-None-Match', etag)).status).toBe(403);
    expect((await request(noCredentials.server).get(`${BASE}/computes`).set('If-None-Match', etag)).status).toBe(401);
  });
});
