// The REST routes through a real backend: credentials (401), the read permission (403), shapes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { validateSpecs } from '@aml-k8s/shared/core';
import type { ComputeDetailResponse, ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { azuremlComputePlugin } from '../src/plugin.ts';
import { EXAMPLES_DIR, exampleEntries, pluginConfig, seededEmulator, sqliteDatabase } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

const BASE = '/api/azureml-compute';
const DRAFT = readFileSync(`${EXAMPLES_DIR}/aks-proof-of-concept.yaml`, 'utf8').replace('routerServiceType: LoadBalancer', 'routerServiceType: Loadbalancer');

let seeded: SeededEmulator;
let backend: Backend;
let noCredentials: Backend;
let denied: Backend;
const databases = [sqliteDatabase(), sqliteDatabase(), sqliteDatabase()];

beforeAll(async () => {
  seeded = await seededEmulator((await exampleEntries()).map((e) => e.doc));
  const config = mockServices.rootConfig.factory({ data: pluginConfig(seeded.emulator) });
  const [db1, db2, db3] = databases;
  backend = await startTestBackend({ features: [azuremlComputePlugin, config, db1!.factory] });
  noCredentials = await startTestBackend({ features: [azuremlComputePlugin, config, db2!.factory, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })] });
  denied = await startTestBackend({ features: [azuremlComputePlugin, config, db3!.factory, mockServices.permissions.factory({ result: AuthorizeResult.DENY })] });
});

afterAll(async () => {
  await Promise.all([backend?.stop(), noCredentials?.stop(), denied?.stop()]);
  await Promise.all(databases.map((d) => d.knex.destroy()));
  await seeded?.emulator.stop();
});

describe('with user or service credentials', () => {
  test.each([
    ['user', mockCredentials.user.header()],
    ['service', mockCredentials.service.header()],
  ])('GET /computes answers 200 to a %s', async (_who, header) => {
    const res = await request(backend.server).get(`${BASE}/computes`).set('Authorization', header);
    expect(res.status).toBe(200);
    const body = res.body as ComputeListResponse;
    expect(body.items.map((i) => i.name)).toContain('aks-poc');
    expect(body.refreshedAt).toEqual(expect.any(String));
  });

  test('GET /computes/:name answers the status and its history; unknown names are 404', async () => {
    const res = await request(backend.server).get(`${BASE}/computes/aks-poc`).set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body = res.body as ComputeDetailResponse;
    expect(body.status).toMatchObject({ name: 'aks-poc', health: 'Succeeded' });
    expect(body.history).toEqual([expect.objectContaining({ health: 'Succeeded', extensionState: 'Succeeded', computeState: 'Succeeded' })]);
    const missing = await request(backend.server).get(`${BASE}/computes/nope`).set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
  });

  test('POST /validate answers the diagnostics validateSpecs gives', async () => {
    const res = await request(backend.server).post(`${BASE}/validate`).set('Authorization', mockCredentials.user.header()).send({ text: DRAFT, file: 'computes/poc.yaml' });
    expect(res.status).toBe(200);
    const expected = validateSpecs([{ file: 'computes/poc.yaml', text: DRAFT }], { readFile: () => undefined }).diagnostics;
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body).toEqual({ diagnostics: expected });
    const bad = await request(backend.server).post(`${BASE}/validate`).set('Authorization', mockCredentials.user.header()).send({ spec: 'x' });
    expect(bad.status).toBe(400);
  });

  test('GET /health needs no credentials', async () => {
    const res = await request(noCredentials.server).get(`${BASE}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('without credentials', () => {
  test.each(['/computes', '/computes/aks-poc'])('GET %s answers 401', async (path) => {
    expect((await request(noCredentials.server).get(`${BASE}${path}`)).status).toBe(401);
  });

  test('POST /validate answers 401', async () => {
    expect((await request(noCredentials.server).post(`${BASE}/validate`).send({ text: DRAFT })).status).toBe(401);
  });

  test('an explicit none credential is refused too', async () => {
    expect((await request(backend.server).get(`${BASE}/computes`).set('Authorization', mockCredentials.none.header())).status).toBe(401);
  });
});

describe('without the azureml.compute.read permission', () => {
  test.each(['/computes', '/computes/aks-poc'])('GET %s answers 403', async (path) => {
    const res = await request(denied.server).get(`${BASE}${path}`).set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('aks-ml-poc');
  });

  test('POST /validate answers 403 too (test/validate-route.test.ts covers its limits)', async () => {
    expect((await request(denied.server).post(`${BASE}/validate`).set('Authorization', mockCredentials.user.header()).send({ text: DRAFT })).status).toBe(403);
  });
});
