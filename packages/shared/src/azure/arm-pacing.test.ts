import { describe, expect, test } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { ArmPacer, armPacingPolicy, AZURE_ARM_PACING, requestClass } from './arm-pacing.ts';

const SUB = '11111111-2222-4333-8444-555555555555';
const small = { refillPerSecond: { reads: 10, writes: 5, deletes: 2 }, capacity: { reads: 20, writes: 10, deletes: 5 } };

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('ArmPacer', () => {
  test("classes as ARM counts them; Azure's numbers by default", () => {
    expect(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'].map(requestClass)).toEqual(['reads', 'reads', 'writes', 'writes', 'writes', 'deletes']);
    expect(AZURE_ARM_PACING).toEqual({ refillPerSecond: { reads: 25, writes: 10, deletes: 10 }, capacity: { reads: 250, writes: 200, deletes: 200 } });
  });

  test('before ARM says anything the bucket is taken as full: requests go at once down to the reserve, then at the refill rate', () => {
    const c = clock();
    const p = new ArmPacer(small, c.now);
    // capacity 20, reserve = one second of refill = 10: ten go at once, then one per 100 ms.
    const delays = Array.from({ length: 14 }, () => p.admit(SUB, 'GET'));
    expect(delays).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 200, 300]);
  });

  test('follows the remaining count ARM reports, and the refill since', () => {
    const c = clock();
    const p = new ArmPacer(small, c.now);
    expect(p.admit(SUB, 'PUT')).toBe(0);
    p.settle(SUB, 'PUT', 6); // 6 left: above the reserve of 5
    expect(p.admit(SUB, 'PUT')).toBe(0); // estimate 6 - 0 in flight > 5
    // 6 - 1 in flight = 5, not above the reserve: paced at 5/s (200 ms apart), the first slot now.
    expect(p.admit(SUB, 'PUT')).toBe(0);
    expect(p.admit(SUB, 'PUT')).toBe(200);
    expect(p.admit(SUB, 'PATCH')).toBe(400);
    // Another class and another subscription are apart.
    expect(p.admit(SUB, 'GET')).toBe(0);
    expect(p.admit('other', 'PUT')).toBe(0);
    // Everything answered, ARM says 0 left. Half a second later 2.5 have refilled: still paced, at
    // the next free slot (600 ms).
    for (let i = 0; i < 4; i++) p.settle(SUB, 'PUT', 0);
    c.advance(500);
    expect(p.admit(SUB, 'PUT')).toBe(100);
    p.settle(SUB, 'PUT', 0);
    // Two seconds later 10 have refilled (capped at the capacity): above the reserve, at once.
    c.advance(2000);
    expect(p.admit(SUB, 'PUT')).toBe(0);
    expect(p.admit(SUB, 'PUT')).toBe(0);
  });

  test('a paced stream runs exactly at the refill rate: the bucket stays put', () => {
    // Simulates ARM's bucket alongside: every request is answered 10 ms after it is sent.
    const c = clock();
    const p = new ArmPacer(AZURE_ARM_PACING, c.now);
    let tokens = 250;
    let last = 0;
    let min = Infinity;
    let refused = 0;
    const sends: { at: number }[] = [];
    for (let i = 0; i < 1000; i++) sends.push({ at: p.admit(SUB, 'GET') });
    sends.sort((a, b) => a.at - b.at);
    for (const s of sends) {
      c.advance(s.at - c.now());
      tokens = Math.min(250, tokens + ((c.now() - last) / 1000) * 25);
      last = c.now();
      if (tokens < 1) refused++;
      else tokens -= 1;
      min = Math.min(min, tokens);
      p.settle(SUB, 'GET', Math.floor(tokens));
    }
    expect(refused).toBe(0);
    expect(min).toBeGreaterThanOrEqual(24);
    // 225 at once, the other 775 at 25/s.
    expect(sends.filter((s) => s.at === 0).length).toBe(226);
    expect(sends.at(-1)!.at).toBe(774 * 40);
  });

  test('subscriptions whose answers carry no remaining count are not paced', () => {
    const p = new ArmPacer(small, clock().now);
    p.admit(SUB, 'DELETE');
    p.settle(SUB, 'DELETE', undefined);
    expect(Array.from({ length: 20 }, () => p.admit(SUB, 'DELETE')).every((d) => d === 0)).toBe(true);
    for (let i = 0; i < 20; i++) p.settle(SUB, 'DELETE', 0);
    p.admit(SUB, 'DELETE');
    expect(p.admit(SUB, 'DELETE')).toBeGreaterThan(0);
  });
});

describe('armPacingPolicy', () => {
  const response = (headers: Record<string, string>): PipelineResponse => ({ status: 200, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: 'https://x' }) });

  test('delays subscription requests the pacer holds back, reads the header, and leaves other requests alone', async () => {
    const p = new ArmPacer({ refillPerSecond: { reads: 20, writes: 20, deletes: 20 }, capacity: { reads: 21, writes: 21, deletes: 21 } });
    const policy = armPacingPolicy(p);
    const sent: number[] = [];
    const start = performance.now();
    const next: SendRequest = async () => {
      sent.push(performance.now() - start);
      return response({ 'x-ms-ratelimit-remaining-subscription-reads': '0' });
    };
    const url = `https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg?api-version=1`;
    await policy.sendRequest(createPipelineRequest({ url }), next); // ARM says 0 left
    await Promise.all([1, 2, 3].map(() => policy.sendRequest(createPipelineRequest({ url }), next)));
    expect(sent).toHaveLength(4);
    // Paced at 20/s: 0, 50, 100 ms after the first.
    expect(sent[3]! - sent[1]!).toBeGreaterThanOrEqual(95);
    expect(sent[2]! - sent[1]!).toBeGreaterThanOrEqual(45);
    // No subscription in the path (tenant-level): straight through.
    const before = sent.length;
    await Promise.all([1, 2, 3].map(() => policy.sendRequest(createPipelineRequest({ url: 'https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=1', method: 'POST' }), next)));
    expect(sent.length - before).toBe(3);
  });

  test('an abort while waiting for a slot rejects and frees the slot', async () => {
    const c = clock();
    const p = new ArmPacer(small, c.now);
    p.admit(SUB, 'GET');
    p.settle(SUB, 'GET', 0);
    expect(p.admit(SUB, 'GET')).toBe(0);
    p.settle(SUB, 'GET', 0);
    const policy = armPacingPolicy(p);
    const controller = new AbortController();
    const request = createPipelineRequest({ url: `https://management.azure.com/subscriptions/${SUB}/x`, abortSignal: controller.signal });
    const pending = policy.sendRequest(request, async () => response({}));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'Aborted' });
  });
});
