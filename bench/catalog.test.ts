import { describe, expect, test } from '@jest/globals';
import { benchCatalogRefresh } from './catalog.ts';

describe('status refresh benchmark', () => {
  test('a small fleet: 2 Resource Graph queries, one compute list per workspace, no per-compute GET', async () => {
    const f = await benchCatalogRefresh(300, 12, 5);
    expect(f).toMatchObject({ computes: 300, graphQueries: 2, graphPages: 2, listCalls: 12, otherRequests: 0 });
    // 25 computes per workspace in the emulator's pages of 50: one page each.
    expect(f.listPages).toBe(12);
    expect(f.wallMs).toBeGreaterThan(0);
    expect(f.rssPeakMb).toBeGreaterThan(f.rssBeforeMb * 0.5);
  }, 120_000);
});
