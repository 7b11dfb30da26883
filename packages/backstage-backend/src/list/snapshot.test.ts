import { describe, expect, test } from '@jest/globals';
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { SnapshotCache } from './snapshot.ts';
import type { SnapshotSource } from './snapshot.ts';

/** A source whose version, local writes and statuses the test sets, counting the questions asked. */
function fakeSource() {
  const state = { version: 'v1', localWrites: 0, items: [] as ComputeStatus[], versionAsked: 0, loaded: 0 };
  const source: SnapshotSource = {
    async version() {
      state.versionAsked++;
      return state.version;
    },
    async load() {
      state.loaded++;
      return { items: state.items, refreshedAt: state.version };
    },
    localVersion: () => state.localWrites,
  };
  return { state, source };
}

describe('SnapshotCache', () => {
  test('within the check interval the store is not asked; after it, once for all concurrent callers', async () => {
    let now = 1000;
    const { state, source } = fakeSource();
    const cache = new SnapshotCache(source, { checkIntervalMs: 1000, now: () => now });
    const first = await cache.get();
    expect(state).toMatchObject({ versionAsked: 1, loaded: 1 });
    for (let i = 0; i < 100; i++) expect(await cache.get()).toBe(first);
    expect(state.versionAsked).toBe(1);
    now += 1001;
    const all = await Promise.all(Array.from({ length: 20 }, () => cache.get()));
    expect(new Set(all)).toEqual(new Set([first]));
    expect(state).toMatchObject({ versionAsked: 2, loaded: 1 });
  });

  test('a write in this process is seen at once; another instance\'s write after the check interval', async () => {
    let now = 0;
    const { state, source } = fakeSource();
    const cache = new SnapshotCache(source, { checkIntervalMs: 1000, now: () => now });
    const first = await cache.get();
    state.localWrites++;
    const second = await cache.get();
    expect(second).not.toBe(first);
    expect(state.loaded).toBe(2);
    // Another instance recorded a refresh: not asked yet, then seen.
    state.version = 'v2';
    expect(await cache.get()).toBe(second);
    now += 1500;
    const third = await cache.get();
    expect(third).not.toBe(second);
    expect(third.refreshedAt).toBe('v2');
  });
});
