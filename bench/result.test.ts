import { describe, expect, test } from '@jest/globals';
import { mergeResults } from './result.ts';
import type { RecordedResult } from './result.ts';

const row = (name: string, value: number, benchmark?: string, date = '2026-01-01'): RecordedResult => ({ name, value, unit: 's', date, ...(benchmark ? { benchmark } : {}) });

describe('merging re-measured rows into the recorded ones (--only)', () => {
  const recorded = [row('a1', 1, 'a'), row('b1', 1, 'b'), row('b2', 1, 'b'), row('c1', 1, 'c')];

  test('the re-run benchmark’s rows are replaced in place; the others keep their value and date', () => {
    const merged = mergeResults(recorded, [row('b1', 2, 'b', '2026-02-02'), row('b2', 3, 'b', '2026-02-02')], new Set(['b']));
    expect(merged.map((r) => [r.name, r.value, r.date])).toEqual([
      ['a1', 1, '2026-01-01'],
      ['b1', 2, '2026-02-02'],
      ['b2', 3, '2026-02-02'],
      ['c1', 1, '2026-01-01'],
    ]);
  });

  test('a row the re-run no longer produces (renamed) goes; the new one takes its benchmark’s place', () => {
    const merged = mergeResults(recorded, [row('b1 renamed', 2, 'b')], new Set(['b']));
    expect(merged.map((r) => r.name)).toEqual(['a1', 'b1 renamed', 'c1']);
  });

  test('rows recorded without a benchmark id are matched by name; a benchmark never recorded goes last', () => {
    const old = [row('x', 1), row('y', 1)];
    const merged = mergeResults(old, [row('y', 5, 'why'), row('z', 6, 'zed')], new Set(['why', 'zed']));
    expect(merged.map((r) => [r.name, r.value])).toEqual([['x', 1], ['y', 5], ['z', 6]]);
  });
});
