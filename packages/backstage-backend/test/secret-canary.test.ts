// Secret canary: protected settings sent to Azure, secrets a spec references through environment
// variables, and the ARM client secret never show up in any API response or catalog entity.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { EntityProvider, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { readdirSync, readFileSync } from 'node:fs';
import request from 'supertest';
import catalogModuleAzuremlCompute from '@aml-k8s/plugin-catalog-backend-module-azureml-compute';
import { azuremlComputePlugin } from '../src/plugin.ts';
import { EXAMPLES_DIR, exampleEntries, mockScheduler, pluginConfig, seededEmulator, sqliteDatabase } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

const CANARY = 'canary-5d1f0b7e-9a41-4c0e-8f13-secret';
const BASE = '/api/azureml-compute';
const ENV_SECRETS = ['ML_TLS_CERT_PEM', 'ML_TLS_KEY_PEM'];

let seeded: SeededEmulator;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let catalog: Awaited<ReturnType<typeof startTestBackend>>;
const database = sqliteDatabase();
const scheduler = mockScheduler();
const providers: EntityProvider[] = [];

beforeAll(async () => {
  for (const name of ENV_SECRETS) process.env[name] = `${CANARY}-${name}`;
  seeded = await seededEmulator((await exampleEntries()).map((e) => e.doc), {
    protectedSettings: { sslKeyPemFile: Buffer.from(CANARY).toString('base64'), sslCertPemFile: CANARY, relayServerConnectionString: `Endpoint=sb://x/;SharedAccessKey=${CANARY}` },
  });
  const config = mockServices.rootConfig.factory({ data: pluginConfig(seeded.emulator) });
  backend = await startTestBackend({ features: [azuremlComputePlugin, config, database.factory] });
  catalog = await startTestBackend({
    extensionPoints: [[catalogProcessingExtensionPoint, { addEntityProvider: (...ps: (EntityProvider | EntityProvider[])[]) => void providers.push(...ps.flat()) }]],
    features: [catalogModuleAzuremlCompute, config, scheduler.factory({ skipTaskRunOnStartup: true })],
  });
});

afterAll(async () => {
  await backend?.stop();
  await catalog?.stop();
  await database.knex.destroy();
  await seeded?.emulator.stop();
  for (const name of ENV_SECRETS) delete process.env[name];
});

function expectClean(text: string): void {
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(Buffer.from(CANARY).toString('base64'));
  expect(text).not.toContain(seeded.emulator.clientSecret);
}

describe('secret canary', () => {
  test('the canary really is in Azure (the emulator holds the protected settings)', () => {
    expect(JSON.stringify(seeded.emulator.state())).toContain(CANARY);
  });

  test('no route answers a secret', async () => {
    const auth = mockCredentials.user.header();
    const list = await request(backend.server).get(`${BASE}/computes`).set('Authorization', auth);
    expect(list.status).toBe(200);
    expectClean(list.text);
    const items = (list.body as ComputeListResponse).items;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const detail = await request(backend.server).get(`${BASE}/computes/${item.name}`).set('Authorization', auth);
      expect(detail.status).toBe(200);
      expectClean(detail.text);
    }
    for (const file of readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml'))) {
      const res = await request(backend.server).post(`${BASE}/validate`).set('Authorization', auth).send({ text: readFileSync(`${EXAMPLES_DIR}/${file}`, 'utf8'), file });
      expect(res.status).toBe(200);
      expectClean(res.text);
    }
    expectClean((await request(backend.server).get(`${BASE}/health`)).text);
  });

  test('no catalog entity carries a secret', async () => {
    const mutations: EntityProviderMutation[] = [];
    await providers[0]!.connect({ applyMutation: async (m) => void mutations.push(m), refresh: async () => {} });
    await scheduler.triggerTask('azureml-compute:refresh');
    expect(mutations).toHaveLength(1);
    expectClean(JSON.stringify(mutations));
  });
});
