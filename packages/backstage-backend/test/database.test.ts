// Migrations and status writes on SQLite and on a real PostgreSQL server.
import { describe, expect, test } from '@jest/globals';
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { MIGRATIONS_TABLE, rollbackAll } from '../src/status/migrations.ts';
import { StatusStore } from '../src/status/store.ts';
import { ensurePostgres, inCi } from './postgres.ts';

const postgres = ensurePostgres();
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...(postgres ? [postgres as TestDatabaseId] : [])], disableDocker: true });

function status(name: string, health: ComputeStatus['health'], checkedAt: string): ComputeStatus {
  return {
    name,
    computeName: name,
    cluster: { type: 'aks', subscriptionId: 's', resourceGroup: 'rg', name: `aks-${name}`, resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-${name}` },
    extensionId: `/x/${name}`,
    desired: { training: true, inference: false, tls: 'none', instanceTypes: [], namespace: 'default' },
    extension: { provisioningState: health === 'Failed' ? 'Failed' : 'Succeeded' },
    compute: { provisioningState: 'Succeeded' },
    health,
    checkedAt,
    since: checkedAt,
  };
}

const T0 = '2026-11-01T10:00:00.000Z';
const T1 = '2026-11-01T10:05:00.123Z';

describe.each(databases.eachSupportedId())('status store on %s', (id) => {
  let knex: Knex;

  test('migrations apply, roll back and apply again', async () => {
    knex = await databases.init(id);
    await StatusStore.create(knex);
    for (const table of ['compute_status', 'compute_status_history', 'status_refresh', MIGRATIONS_TABLE]) expect(await knex.schema.hasTable(table)).toBe(true);
    await StatusStore.create(knex); // idempotent
    await rollbackAll(knex);
    expect(await knex.schema.hasTable('compute_status')).toBe(false);
    await StatusStore.create(knex);
    expect(await knex.schema.hasTable('compute_status')).toBe(true);
  });

  test('statuses are written and replaced, transitions kept newest first, removed computes dropped', async () => {
    knex = await databases.init(id);
    const store = await StatusStore.create(knex);
    await store.write([status('a', 'Succeeded', T0), status('b', 'InProgress', T0)], [
      { name: 'a', transition: { at: T0, health: 'Succeeded', extensionState: 'Succeeded', computeState: 'Succeeded' } },
      { name: 'b', transition: { at: T0, health: 'InProgress', extensionState: 'Creating' } },
    ]);
    const failed = { ...status('b', 'Failed', T1), since: T1 };
    failed.extension.error = { code: 'E40002', message: 'INSUFFICIENT_NODE', remedy: 'add nodes' };
    await store.write([status('a', 'Succeeded', T1), failed], [{ name: 'b', transition: { at: T1, health: 'Failed', extensionState: 'Failed', error: { code: 'E40002', message: 'INSUFFICIENT_NODE', remedy: 'add nodes' } } }]);

    expect((await store.list()).map((s) => [s.name, s.health, s.checkedAt])).toEqual([['a', 'Succeeded', T1], ['b', 'Failed', T1]]);
    expect(await store.get('b')).toEqual(failed);
    expect(await store.history('b')).toEqual([
      { at: T1, health: 'Failed', extensionState: 'Failed', error: { code: 'E40002', message: 'INSUFFICIENT_NODE', remedy: 'add nodes' } },
      { at: T0, health: 'InProgress', extensionState: 'Creating' },
    ]);
    expect(await store.history('b', 1)).toHaveLength(1);

    await store.write([status('a', 'Succeeded', T1)], [], ['b']);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.history('b')).toHaveLength(2); // the history outlives the status
    expect(await store.pruneHistory(new Date(T1))).toBe(2);
    expect(await store.history('b')).toEqual([{ at: T1, health: 'Failed', extensionState: 'Failed', error: { code: 'E40002', message: 'INSUFFICIENT_NODE', remedy: 'add nodes' } }]);
  });

  test('refreshes are logged; the last successful one is reported', async () => {
    knex = await databases.init(id);
    const store = await StatusStore.create(knex);
    expect(await store.lastRefresh()).toBeUndefined();
    await store.recordRefresh({ startedAt: T0, finishedAt: T0, computes: 2, requests: 2 });
    await store.recordRefresh({ startedAt: T1, finishedAt: T1, computes: 2, requests: 0, error: 'ARM unreachable' });
    expect(await store.lastRefresh()).toEqual({ startedAt: T0, finishedAt: T0, computes: 2, requests: 2 });
    for (let i = 0; i < 105; i++) await store.recordRefresh({ startedAt: T1, finishedAt: T1, computes: i, requests: 1 });
    expect(Number((await knex('status_refresh').count({ n: '*' }))[0]!.n)).toBeLessThanOrEqual(100);
  });

  test('thousands of statuses in one write', async () => {
    knex = await databases.init(id);
    const store = await StatusStore.create(knex);
    const many = Array.from({ length: 2500 }, (_, i) => status(`c${String(i).padStart(4, '0')}`, 'Succeeded', T0));
    await store.write(many, many.map((s) => ({ name: s.name, transition: { at: T0, health: s.health } })));
    await store.write(many.map((s) => ({ ...s, checkedAt: T1 })), []);
    const listed = await store.list();
    expect(listed).toHaveLength(2500);
    expect(listed.every((s) => s.checkedAt === T1)).toBe(true);
  });
});

test('PostgreSQL is part of the run in CI', () => {
  expect(databases.eachSupportedId().map(([i]) => i)).toContain(inCi() ? postgres : 'SQLITE_3');
});
