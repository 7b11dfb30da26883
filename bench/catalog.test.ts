import { describe, expect, test } from '@jest/globals';
import { benchCatalogRefresh } from './catalog.ts';

describe('catalog refresh benchmark', () => {
  test('a small fleet: every compute refreshed with one Resource Graph page for each kind', async () => {
    const f = await benchCatalogRefresh(300, 12);
    expect(f).toMatchObject({ computes: 300, requests: 2 });
    expect(f.wallMs).toBeGreaterThan(0);
    expect(f.heapMb).toBeGreaterThan(0);
  });
});
