import { describe, expect, test } from '@jest/globals';
import { mockCredentials } from '@backstage/backend-test-utils';
import { callerKey, DecisionCache } from './decision-cache.ts';

describe('DecisionCache', () => {
  test('reuses a decision within the TTL, asks again after it, and once for concurrent callers', async () => {
    let now = 0;
    let asked = 0;
    const cache = new DecisionCache<string>({ ttlMs: 5000, now: () => now });
    const decide = async () => `decision ${++asked}`;
    expect(await Promise.all([cache.get('alice', decide), cache.get('alice', decide)])).toEqual(['decision 1', 'decision 1']);
    now = 4999;
    expect(await cache.get('alice', decide)).toBe('decision 1');
    expect(await cache.get('bob', decide)).toBe('decision 2');
    now = 5000;
    expect(await cache.get('alice', decide)).toBe('decision 3');
  });

  test('a TTL of 0 asks every time; a failed decision is not kept', async () => {
    let asked = 0;
    const never = new DecisionCache<number>({ ttlMs: 0 });
    await never.get('a', async () => ++asked);
    await never.get('a', async () => ++asked);
    expect(asked).toBe(2);
    const cache = new DecisionCache<number>({ ttlMs: 5000 });
    await expect(cache.get('a', async () => Promise.reject(new Error('permission backend down')))).rejects.toThrow('down');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  test('keeps at most maxEntries callers, dropping the oldest', async () => {
    let asked = 0;
    const cache = new DecisionCache<number>({ ttlMs: 5000, maxEntries: 2 });
    const ask = async () => ++asked;
    for (const k of ['a', 'b', 'c']) await cache.get(k, ask);
    expect(await cache.get('c', async () => ++asked)).toBe(3);
    expect(await cache.get('a', async () => ++asked)).toBe(4);
  });

  test('callers differ by principal and by token expiry', () => {
    const alice = mockCredentials.user('user:default/alice');
    expect(callerKey(alice)).toBe(callerKey(mockCredentials.user('user:default/alice')));
    expect(callerKey(alice)).not.toBe(callerKey(mockCredentials.user('user:default/bob')));
    expect(callerKey(alice)).not.toBe(callerKey(mockCredentials.service('user:default/alice')));
    expect(callerKey(alice)).not.toBe(callerKey({ ...alice, expiresAt: new Date('2026-12-06T04:00:00Z') }));
  });
});
