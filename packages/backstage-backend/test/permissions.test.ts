// The read permission the Backstage way: a resource permission on `azureml-compute` with the rule
// IS_OWNER. A mocked permission service answers per user: ALLOW (admin), DENY (nobody), and a
// CONDITIONAL decision (alice: computes owned by her or her team only), through a real backend.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  AZUREML_COMPUTE_RESOURCE_TYPE,
  azuremlComputeListPermission,
  azuremlComputeReadPermission,
} from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeDetailResponse, ComputeListResponse, ComputeStatus, ComputeSummaryResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import type { BackstageCredentials, BackstageUserPrincipal, PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Permission, PolicyDecision } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { azuremlComputeConditions, createAzuremlComputeConditionalDecision, isOwner, normalizeOwnerRef } from '../src/index.ts';
import { azuremlComputePlugin } from '../src/plugin.ts';
import { StatusStore } from '../src/status/store.ts';
import { sqliteDatabase } from './helpers.ts';

const BASE = '/api/azureml-compute';
const SUB = '00000000-0000-0000-0000-000000000001';
const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';
const NOBODY = 'user:default/nobody';
const VIEWER = 'user:default/viewer'; // may read computes, not open the overview
const ALICE_CLAIMS = [ALICE, 'group:default/team-a'];

function statusOf(name: string, owner?: string): ComputeStatus {
  const clusterId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-${name}`;
  return {
    name,
    computeName: name,
    ...(owner === undefined ? {} : { owner }),
    cluster: { type: 'aks', subscriptionId: SUB, resourceGroup: 'rg', name: `aks-${name}`, resourceId: clusterId },
    extensionId: `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`,
    desired: { training: true, inference: false, tls: 'none', instanceTypes: [], namespace: 'default' },
    extension: { provisioningState: 'Succeeded' },
    compute: { provisioningState: owner === undefined ? 'Failed' : 'Succeeded' },
    health: owner === undefined ? 'Failed' : 'Succeeded',
    checkedAt: '2026-11-23T10:15:00.000Z',
  };
}

// Owners as spec files write them: full refs, short names (kind group and namespace default
// implied), other cases; one compute without an owner.
const ALL = [
  statusOf('a-full', 'group:default/team-a'),
  statusOf('a-short', 'Team-A'),
  statusOf('alice-own', 'user:default/alice'),
  statusOf('b-full', 'group:default/team-b'),
  statusOf('b-other-ns', 'group:other/team-a'),
  statusOf('orphan'),
];
const ALICE_SEES = ['a-full', 'a-short', 'alice-own'];

/** The decision a permission policy would make, the way docs/backstage.md shows it. */
function decide(permission: Permission, user: string | undefined): PolicyDecision {
  if (user === NOBODY || user === undefined) return { result: AuthorizeResult.DENY };
  if (permission.name === azuremlComputeListPermission.name) return { result: user === VIEWER ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
  if (permission.name === azuremlComputeReadPermission.name && user === ALICE) {
    return createAzuremlComputeConditionalDecision(azuremlComputeReadPermission, azuremlComputeConditions.isOwner({ claims: ALICE_CLAIMS }));
  }
  return { result: AuthorizeResult.ALLOW };
}

const asked: Array<{ permission: string; user?: string; conditional: boolean }> = [];

const userOf = (credentials: BackstageCredentials) => (credentials.principal as Partial<BackstageUserPrincipal>).userEntityRef;

/** A permission service answering with `decide`: definitive answers for `authorize`, conditions for `authorizeConditional`. */
const policyPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    return {
      async authorize(requests, { credentials }) {
        return requests.map(({ permission }) => {
          asked.push({ permission: permission.name, user: userOf(credentials), conditional: false });
          const d = decide(permission, userOf(credentials));
          // authorize() never answers CONDITIONAL: the permission backend applies the conditions.
          return { result: d.result === AuthorizeResult.ALLOW ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
        });
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(({ permission }) => {
          asked.push({ permission: permission.name, user: userOf(credentials), conditional: true });
          return decide(permission, userOf(credentials)) as never;
        });
      },
    };
  },
});

let backend: Awaited<ReturnType<typeof startTestBackend>>;
const database = sqliteDatabase();

const as = (user: string, path: string) => request(backend.server).get(`${BASE}${path}`).set('Authorization', mockCredentials.user.header(user));
const listNames = (body: unknown) => (body as ComputeListResponse).items.map((s) => s.name);

beforeAll(async () => {
  backend = await startTestBackend({ features: [azuremlComputePlugin, mockServices.rootConfig.factory({ data: {} }), database.factory, policyPermissions] });
  const store = await StatusStore.create(database.knex);
  await store.write(ALL, []);
  await store.recordRefresh({ startedAt: '2026-11-23T10:16:00.000Z', finishedAt: '2026-11-23T10:16:00.000Z', computes: ALL.length, requests: 1 });
});

afterAll(async () => {
  await backend?.stop();
  await database.knex.destroy();
});

describe('ALLOW: every compute', () => {
  test('GET /computes lists all, GET /summary counts all, GET /computes/:name answers any', async () => {
    const list = await as(ADMIN, '/computes');
    expect(list.status).toBe(200);
    expect(listNames(list.body)).toEqual(ALL.map((s) => s.name).sort());
    expect((list.body as ComputeListResponse).total).toBe(ALL.length);
    const summary = await as(ADMIN, '/summary');
    expect((summary.body as ComputeSummaryResponse).total).toBe(ALL.length);
    expect((await as(ADMIN, '/computes/b-full')).status).toBe(200);
  });
});

describe('DENY: nothing', () => {
  test.each(['/computes', '/summary', '/computes/a-full', '/computes/no-such'])('GET %s answers 403', async (path) => {
    const res = await as(NOBODY, path);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('team-a');
  });
});

describe('CONDITIONAL (IS_OWNER with the user\'s ownership refs): owners only', () => {
  test('GET /computes lists only the computes the user or the team owns, whatever the ref\'s spelling', async () => {
    const res = await as(ALICE, '/computes');
    expect(res.status).toBe(200);
    expect(listNames(res.body)).toEqual(ALICE_SEES);
    expect(res.body).toMatchObject({ total: ALICE_SEES.length, offset: 0 });
    // The list route asks for conditions, never for a yes/no per compute.
    expect(asked.filter((a) => a.user === ALICE && a.permission === 'azureml.compute.read').every((a) => a.conditional)).toBe(true);
  });

  test('paging, filters and search apply to the visible computes only', async () => {
    const first = await as(ALICE, '/computes?limit=2');
    expect(listNames(first.body)).toEqual(ALICE_SEES.slice(0, 2));
    const next = await as(ALICE, `/computes?limit=2&cursor=${encodeURIComponent((first.body as ComputeListResponse).nextCursor!)}`);
    expect(listNames(next.body)).toEqual(ALICE_SEES.slice(2));
    expect((next.body as ComputeListResponse).nextCursor).toBeUndefined();
    expect(listNames((await as(ALICE, '/computes?owner=group:default/team-b')).body)).toEqual([]);
    expect(listNames((await as(ALICE, '/computes?q=orphan')).body)).toEqual([]);
    expect(listNames((await as(ALICE, '/computes?state=Failed')).body)).toEqual([]);
  });

  test('GET /summary counts and offers as filters only the visible computes', async () => {
    const summary = (await as(ALICE, '/summary')).body as ComputeSummaryResponse;
    expect(summary.total).toBe(ALICE_SEES.length);
    expect(summary.byHealth.Failed).toBe(0);
    const owners = summary.facets.owner.options.map((o) => o.value);
    expect(owners).not.toContain('group:default/team-b');
    expect(owners).not.toContain('group:other/team-a');
    expect(owners).not.toContain('-');
  });

  test('GET /computes/:name: the user\'s computes answer, the others 404 like unknown names', async () => {
    const own = await as(ALICE, '/computes/a-short');
    expect(own.status).toBe(200);
    expect((own.body as ComputeDetailResponse).status.name).toBe('a-short');
    for (const name of ['b-full', 'b-other-ns', 'orphan', 'no-such']) {
      const res = await as(ALICE, `/computes/${name}`);
      expect(res.status).toBe(404);
    }
  });

  test('ETags name the visible computes: an ALLOW user\'s ETag is not a conditional user\'s, and opens nothing for them', async () => {
    const admin = await as(ADMIN, '/computes');
    const alice = await as(ALICE, '/computes');
    expect(admin.headers.etag).toEqual(expect.any(String));
    expect(alice.headers.etag).not.toBe(admin.headers.etag);
    const reused = await as(ALICE, '/computes').set('If-None-Match', admin.headers.etag as string);
    expect(reused.status).toBe(200);
    expect(listNames(reused.body)).toEqual(ALICE_SEES);
    expect((await as(ALICE, '/computes').set('If-None-Match', alice.headers.etag as string)).status).toBe(304);
    const adminSummary = await as(ADMIN, '/summary');
    expect((await as(ALICE, '/summary').set('If-None-Match', adminSummary.headers.etag as string)).status).toBe(200);
  });
});

describe('decisions kept briefly per caller', () => {
  test('a caller\'s pages and summary in quick succession are decided once; each caller is decided for itself', async () => {
    const carol = 'user:default/carol';
    const before = asked.length;
    for (const path of ['/computes', '/summary', '/computes?limit=2', '/computes?q=a']) expect((await as(carol, path)).status).toBe(200);
    expect(asked.slice(before).filter((a) => a.user === carol)).toHaveLength(2); // list and read, once each
    expect(listNames((await as(ALICE, '/computes')).body)).toEqual(ALICE_SEES);
    expect((await as(NOBODY, '/computes')).status).toBe(403);
  });
});

describe('azureml.compute.list: the overview routes', () => {
  test('without it GET /computes and GET /summary answer 403; reading one compute does not need it', async () => {
    expect((await as(VIEWER, '/computes')).status).toBe(403);
    expect((await as(VIEWER, '/summary')).status).toBe(403);
    expect((await as(VIEWER, '/computes/b-full')).status).toBe(200);
  });
});

describe('registered with the permission framework', () => {
  test('the metadata names both permissions, the resource type and the IS_OWNER rule with its parameters', async () => {
    const res = await request(backend.server)
      .get(`${BASE}/.well-known/backstage/permissions/metadata`)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    const body = res.body as { permissions: Array<{ name: string; resourceType?: string }>; rules: Array<{ name: string; resourceType: string; paramsSchema: { properties?: Record<string, unknown> } }> };
    expect(body.permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'azureml.compute.read', type: 'resource', resourceType: AZUREML_COMPUTE_RESOURCE_TYPE }),
        expect.objectContaining({ name: 'azureml.compute.list', type: 'basic' }),
      ]),
    );
    const rule = body.rules.find((r) => r.name === 'IS_OWNER');
    expect(rule).toMatchObject({ resourceType: AZUREML_COMPUTE_RESOURCE_TYPE });
    expect(Object.keys(rule!.paramsSchema.properties ?? {})).toEqual(['claims']);
  });

  test('apply-conditions (what the permission backend asks for the card\'s resource ref) loads computes by name and applies IS_OWNER', async () => {
    const conditions = azuremlComputeConditions.isOwner({ claims: ALICE_CLAIMS });
    const res = await request(backend.server)
      .post(`${BASE}/.well-known/backstage/permissions/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: ['a-short', 'b-full', 'orphan', 'no-such'].map((name) => ({ id: name, resourceRef: name, resourceType: AZUREML_COMPUTE_RESOURCE_TYPE, conditions })),
      });
    expect(res.status).toBe(200);
    expect((res.body as { items: Array<{ id: string; result: string }> }).items).toEqual([
      { id: 'a-short', result: AuthorizeResult.ALLOW },
      { id: 'b-full', result: AuthorizeResult.DENY },
      { id: 'orphan', result: AuthorizeResult.DENY },
      { id: 'no-such', result: AuthorizeResult.DENY },
    ]);
  });
});

describe('the IS_OWNER rule', () => {
  test('owner refs compare as the catalog completes them (kind group, namespace default), case-insensitively', () => {
    expect(normalizeOwnerRef('Team-A')).toBe('group:default/team-a');
    expect(normalizeOwnerRef('group:team-a')).toBe('group:default/team-a');
    expect(normalizeOwnerRef('default/team-a')).toBe('group:default/team-a');
    expect(normalizeOwnerRef('User:Default/Alice')).toBe('user:default/alice');
    const claims = { claims: ALICE_CLAIMS };
    expect(ALL.filter((s) => isOwner.apply(s, claims)).map((s) => s.name)).toEqual(ALICE_SEES);
    expect(isOwner.toQuery(claims)).toEqual({ key: 'owner', values: ['user:default/alice', 'group:default/team-a'] });
  });
});
