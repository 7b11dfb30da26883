import { describe, expect, test } from '@jest/globals';
import { FaultInjector } from './faults.ts';
import { createRandom } from './random.ts';

describe('seeded random source', () => {
  test('same seed, same sequence; different seed, different sequence; values in [0, 1)', () => {
    const take = (seed: number) => {
      const r = createRandom(seed);
      return Array.from({ length: 50 }, () => r.next());
    };
    expect(take(5)).toEqual(take(5));
    expect(take(5)).not.toEqual(take(6));
    expect(take(9).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('FaultInjector', () => {
  test('injects roughly the configured share of 429s and 5xx', () => {
    const f = new FaultInjector({ throttleProbability: 0.2, serverErrorProbability: 0.1 }, 3);
    const kinds = Array.from({ length: 5000 }, () => f.decide('GET')?.kind ?? 'ok');
    const share = (k: string) => kinds.filter((x) => x === k).length / kinds.length;
    expect(share('throttle')).toBeGreaterThan(0.17);
    expect(share('throttle')).toBeLessThan(0.23);
    expect(share('server-error')).toBeGreaterThan(0.08);
    expect(share('server-error')).toBeLessThan(0.12);
  });

  test('a 429 for a write reports the writes budget; 5xx are 500 or 503', () => {
    const f = new FaultInjector({ throttleProbability: 1, throttleRetryAfterSeconds: 9 }, 1);
    expect(f.decide('PUT')?.reply.headers).toEqual({ 'retry-after': '9', 'x-ms-ratelimit-remaining-subscription-writes': '0' });
    f.update({ throttleProbability: 0, serverErrorProbability: 1 });
    const statuses = new Set(Array.from({ length: 100 }, () => f.decide('GET')?.reply.status));
    expect(statuses).toEqual(new Set([500, 503]));
  });

  test('failNextOperations counts down; bad settings are refused', () => {
    const f = new FaultInjector({ failNextOperations: 2 }, 1);
    expect([f.takeOperationFailure(), f.takeOperationFailure(), f.takeOperationFailure()]).toEqual([true, true, false]);
    expect(() => f.update({ throttleProbability: 1.5 })).toThrow(RangeError);
    expect(() => f.update({ throttleProbability: 0.6, serverErrorProbability: 0.6 })).toThrow(RangeError);
    expect(() => f.update({ bogus: 1 } as never)).toThrow(TypeError);
    expect(f.settings().throttleProbability).toBe(0);
  });

  test('slowFactor scales durations', () => {
    expect(new FaultInjector({ slowFactor: 2.5 }, 1).scale(400)).toBe(1000);
  });
});
