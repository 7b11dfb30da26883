import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import { fleetSpecs } from '@aml-k8s/backstage-dev/fleet';
import type { SpecReadResult, SpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import type { Observations, StatusReader, StatusTargets } from './observation.ts';
import { refreshStatuses } from './refresh.ts';
import { StatusStore } from './store.ts';

class Source implements SpecSource {
  result: SpecReadResult = { files: fleetSpecs(3, { workspaces: 1 }), failures: [] };
  async read(): Promise<SpecReadResult> {
    return this.result;
  }
}

/** Everything installed and attached, except what `failing` names (extension Failed with E40002). */
class Reader implements StatusReader {
  failing = new Set<number>();
  broken = false;
  async observe(t: StatusTargets): Promise<Observations> {
    if (this.broken) throw new Error('Resource Graph: 503 Service Unavailable');
    const extensions = new Map(t.extensionIds.map((id, i) => [id.toLowerCase(), this.failing.has(i) ? { id, provisioningState: 'Failed', errorInfo: { message: '[E40002 INSUFFICIENT_NODE]' } } : { id, provisioningState: 'Succeeded' }]));
    const computes = new Map(t.computeIds.map((id) => [id.toLowerCase(), { id, provisioningState: 'Succeeded', provisioningErrors: [], tags: {} }]));
    return { extensions, computes, requests: 2 };
  }
}

let knex: Knex;
let store: StatusStore;
let clock: number;
const now = (): Date => new Date((clock += 1000));

beforeEach(async () => {
  knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  store = await StatusStore.create(knex);
  clock = Date.parse('2026-11-01T00:00:00Z');
});

afterEach(async () => {
  await knex.destroy();
});

describe('refreshStatuses', () => {
  test('first refresh: a status and a transition per compute; unchanged ones add no transition', async () => {
    const source = new Source();
    const reader = new Reader();
    expect(await refreshStatuses({ source, reader, store, now })).toMatchObject({ computes: 3, transitions: 3, removed: 0, requests: 2 });
    expect(await refreshStatuses({ source, reader, store, now })).toMatchObject({ computes: 3, transitions: 0 });
    reader.failing.add(1);
    expect(await refreshStatuses({ source, reader, store, now })).toMatchObject({ transitions: 1 });
    const history = await store.history('fleet-1x');
    expect(history.map((h) => [h.health, h.error?.code])).toEqual([['Failed', 'E40002'], ['Succeeded', undefined]]);
    expect((await store.get('fleet-1x'))?.since).toBe(history[0]!.at);
    expect((await store.get('fleet-0x'))?.since).toBe('2026-11-01T00:00:02.000Z');
  });

  test('a removed spec drops its status, unless a location failed', async () => {
    const source = new Source();
    const reader = new Reader();
    await refreshStatuses({ source, reader, store, now });
    source.result = { files: source.result.files.slice(0, 2), failures: [{ location: 'https://example.com/x', message: 'timeout' }] };
    expect(await refreshStatuses({ source, reader, store, now })).toMatchObject({ removed: 0, problems: 1 });
    expect((await store.list()).map((s) => s.name)).toEqual(['fleet-0x', 'fleet-1x', 'fleet-2x']);
    source.result = { files: source.result.files, failures: [] };
    expect(await refreshStatuses({ source, reader, store, now })).toMatchObject({ removed: 1 });
    expect((await store.list()).map((s) => s.name)).toEqual(['fleet-0x', 'fleet-1x']);
  });

  test('when Azure cannot be read, the last statuses stay and the failure is logged as a refresh', async () => {
    const source = new Source();
    const reader = new Reader();
    await refreshStatuses({ source, reader, store, now });
    const before = await store.list();
    const last = await store.lastRefresh();
    reader.broken = true;
    await expect(refreshStatuses({ source, reader, store, now })).rejects.toThrow(/503/);
    expect(await store.list()).toEqual(before);
    expect(await store.lastRefresh()).toEqual(last);
    expect(await knex('status_refresh').whereNotNull('error').select('error')).toEqual([{ error: 'Resource Graph: 503 Service Unavailable' }]);
  });
});
