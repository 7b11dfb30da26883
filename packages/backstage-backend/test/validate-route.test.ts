// POST /validate under hostile input: body size, node count, permission, bounded time.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { validateSpecs } from '@aml-k8s/shared/core';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readdirSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { azuremlComputePlugin } from '../src/plugin.ts';
import { MAX_DRAFT_BYTES, MAX_DRAFT_NODES, countYamlNodes, validateDraft } from '../src/validate-route.ts';
import { EXAMPLES_DIR, exampleEntries, pluginConfig, seededEmulator, sqliteDatabase } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

const URL_ = '/api/azureml-compute/validate';
const DRAFT = readFileSync(`${EXAMPLES_DIR}/aks-proof-of-concept.yaml`, 'utf8');
const USER = mockCredentials.user.header();

/** The reported attack: ~1 MB of YAML with 55,000 keys (an alias sends the core to its slow, position-keeping parser). */
const MANY_KEYS = `${DRAFT}\nx: *nope\n${Array.from({ length: 55_000 }, (_, i) => `key${String(i).padStart(12, '0')}: 1`).join('\n')}`;

let seeded: SeededEmulator;
let backend: Backend;
let denied: Backend;
const databases = [sqliteDatabase(), sqliteDatabase()];

beforeAll(async () => {
  seeded = await seededEmulator((await exampleEntries()).map((e) => e.doc));
  const config = mockServices.rootConfig.factory({ data: pluginConfig(seeded.emulator) });
  const [db1, db2] = databases;
  backend = await startTestBackend({ features: [azuremlComputePlugin, config, db1!.factory] });
  denied = await startTestBackend({ features: [azuremlComputePlugin, config, db2!.factory, mockServices.permissions.factory({ result: AuthorizeResult.DENY })] });
});

afterAll(async () => {
  await Promise.all([backend?.stop(), denied?.stop()]);
  await Promise.all(databases.map((d) => d.knex.destroy()));
  await seeded?.emulator.stop();
});

describe('POST /validate', () => {
  test('a normal draft answers 200 with the core diagnostics', async () => {
    const res = await request(backend.server).post(URL_).set('Authorization', USER).send({ text: DRAFT, file: 'poc.yaml' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ diagnostics: validateSpecs([{ file: 'poc.yaml', text: DRAFT }], { readFile: () => undefined }).diagnostics });
  });

  test('a 1 MB body answers 413 naming the limit', async () => {
    const text = `${DRAFT}\n# ${'x'.repeat(1024 * 1024)}\n`;
    const res = await request(backend.server).post(URL_).set('Authorization', USER).send({ text });
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ name: 'PayloadTooLargeError', message: `The request body is larger than the 256 KiB limit of POST /validate.` });
  });

  test('55,000 keys are refused quickly (well under a second)', async () => {
    expect(MANY_KEYS.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const res = await request(backend.server).post(URL_).set('Authorization', USER).send({ text: MANY_KEYS });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(413);
    expect(elapsed).toBeLessThan(1000);
  });

  test('55,000 keys within the byte limit (flow mapping, 250 KiB) are refused by the node limit, quickly', async () => {
    const keys: string[] = [];
    for (let i = 0, size = 0; size < MAX_DRAFT_BYTES - 10_000; i++) {
      const k = `${i.toString(36)}:1`;
      keys.push(k);
      size += k.length + 1;
    }
    const text = `x: *nope\nbig: {${keys.join(',')}}\n`;
    expect(keys.length).toBeGreaterThan(40_000);
    const started = performance.now();
    const res = await request(backend.server).post(URL_).set('Authorization', USER).send({ text });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(`The draft holds more than ${MAX_DRAFT_NODES} YAML nodes (keys, values, list items), the limit of POST /validate. A compute spec holds under 100.`);
    expect(elapsed).toBeLessThan(1000);
  });

  test('a user without azureml.compute.read answers 403, before the body is looked at', async () => {
    expect((await request(denied.server).post(URL_).set('Authorization', USER).send({ text: DRAFT })).status).toBe(403);
    expect((await request(denied.server).post(URL_).set('Authorization', USER).send({ text: MANY_KEYS })).status).toBe(403);
  });

  test('malformed JSON answers 400 (routes.test.ts covers 401 without credentials)', async () => {
    const bad = await request(backend.server).post(URL_).set('Authorization', USER).set('Content-Type', 'application/json').send('{"text": ');
    expect(bad.status).toBe(400);
  });
});

describe('limits keep the validation bounded', () => {
  test('the examples hold far fewer nodes than the limit', () => {
    const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(countYamlNodes(readFileSync(`${EXAMPLES_DIR}/${f}`, 'utf8'))).toBeLessThan(MAX_DRAFT_NODES / 10);
  });

  test('counting stops at the limit', () => {
    expect(countYamlNodes(MANY_KEYS, MAX_DRAFT_NODES)).toBe(MAX_DRAFT_NODES + 1);
  });

  // The worst shapes just under the limit: one big mapping on the core's quadratic duplicate-key path,
  // many documents, one long aliased list, deep nesting.
  test.each([
    ['one mapping of keys, slow parser path', `x: *nope\n${Array.from({ length: MAX_DRAFT_NODES / 2 - 10 }, (_, i) => `k${i}: 1`).join('\n')}`],
    ['one anchored mapping', `${DRAFT.replace('spec:', 'spec: &s')}\n${Array.from({ length: MAX_DRAFT_NODES / 2 - 100 }, (_, i) => `k${i}: 1`).join('\n')}`],
    ['many documents', Array.from({ length: Math.floor(MAX_DRAFT_NODES / 9) }, (_, i) => `---\napiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata: {name: c${i}}`).join('\n')],
    ['an aliased list', `a: &x [${Array.from({ length: MAX_DRAFT_NODES - 10 }, () => '1').join(',')}]\nb: *x\nc: [*x, *x, *x, *x]`],
    ['deep nesting', `a: ${'['.repeat(MAX_DRAFT_NODES - 5)}${']'.repeat(MAX_DRAFT_NODES - 5)}`],
  ])('%s validates in under a second', (_shape, text) => {
    expect(countYamlNodes(text, MAX_DRAFT_NODES)).toBeLessThanOrEqual(MAX_DRAFT_NODES);
    validateDraft({ text: DRAFT }); // warm
    const started = performance.now();
    validateDraft({ text });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
