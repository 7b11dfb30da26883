import { describe, expect, test } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { ArmPacer, armPacingPolicy, AZURE_ARM_PACING, laneOf, requestClass } from './arm-pacing.ts';
import type { Lane, PacerTimers } from './arm-pacing.ts';

const SUB = '11111111-2222-4333-8444-555555555555';
const small = { refillPerSecond: { reads: 10, writes: 5, deletes: 2 }, capacity: { reads: 20, writes: 10, deletes: 5 } };

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A manual clock with timers: `advance` runs what falls due, in order. */
function clock(): PacerTimers & { advance: (ms: number) => Promise<void> } {
  let t = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => t,
    setTimeout: (run, ms) => void timers.push({ at: t + ms, run }),
    async advance(ms) {
      const until = t + ms;
      for (;;) {
        // What was let go so far sees the time it was let go at.
        await flush();
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > until) break;
        timers = timers.slice(1);
        t = due.at;
        due.run();
      }
      t = until;
    },
  };
}

/** Acquires `count` requests and records when each may go. */
function acquireAll(p: ArmPacer, c: { now: () => number }, count: number, method = 'GET', lane: Lane = 'first', label = ''): string[] {
  const gone: string[] = [];
  for (let i = 0; i < count; i++) void p.acquire(SUB, method, lane).then(() => gone.push(`${label}${c.now()}`));
  return gone;
}


describe('ArmPacer', () => {
  test("classes as ARM counts them; Azure's numbers by default; status polls in a lane of their own", () => {
    expect(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'].map(requestClass)).toEqual(['reads', 'reads', 'writes', 'writes', 'writes', 'deletes']);
    expect(AZURE_ARM_PACING).toEqual({ refillPerSecond: { reads: 25, writes: 10, deletes: 10 }, capacity: { reads: 250, writes: 200, deletes: 200 } });
    const arm = 'https://management.azure.com/subscriptions/s';
    expect(laneOf('GET', `${arm}/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/azureml/operations/abc?api-version=1`)).toBe('polls');
    expect(laneOf('GET', `${arm}/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/abc?api-version=1`)).toBe('polls');
    expect(laneOf('GET', `${arm}/providers/Microsoft.Relay/locations/eastus/operationResults/abc`)).toBe('polls');
    expect(laneOf('GET', `${arm}/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c?api-version=1`)).toBe('first');
    expect(laneOf('GET', 'https://management.azure.com/providers/Microsoft.MachineLearningServices/operations?api-version=1')).toBe('first');
    expect(laneOf('PUT', `${arm}/x/operations/abc`)).toBe('first');
  });

  test('before ARM says anything the bucket is taken as full: requests go at once down to the reserve, then at the refill rate', async () => {
    const c = clock();
    const p = new ArmPacer(small, c);
    // capacity 20, reserve = one second of refill = 10: ten go at once, then one per 100 ms.
    const gone = acquireAll(p, c, 14);
    await c.advance(1000);
    expect(gone).toEqual(['0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '100', '200', '300']);
    // What pacing cost, per class: the requests that waited and their waits in all.
    expect(p.waited()).toEqual({ reads: { requests: 3, ms: 600 }, writes: { requests: 0, ms: 0 }, deletes: { requests: 0, ms: 0 } });
  });

  test('follows the remaining count ARM reports, and the refill since', async () => {
    const c = clock();
    const p = new ArmPacer(small, c);
    await p.acquire(SUB, 'PUT');
    p.settle(SUB, 'PUT', 6); // 6 left: above the reserve of 5
    // 6 - 0 in flight > 5: at once; then 6 - 1 = 5, not above the reserve: paced at 5/s, the first slot now.
    const gone = acquireAll(p, c, 4, 'PUT');
    await c.advance(0);
    expect(gone).toEqual(['0', '0']);
    // Another class and another subscription are apart.
    let other = 0;
    void p.acquire(SUB, 'GET').then(() => other++);
    void p.acquire('other', 'PUT').then(() => other++);
    await c.advance(0);
    expect(other).toBe(2);
    await c.advance(400);
    expect(gone).toEqual(['0', '0', '200', '400']);
    // Everything answered, ARM says 0 left. Half a second later 2.5 have refilled: still paced, at
    // the next free slot (600 ms).
    for (let i = 0; i < 4; i++) p.settle(SUB, 'PUT', 0);
    await c.advance(100);
    const later = acquireAll(p, c, 1, 'PUT');
    await c.advance(200);
    expect(later).toEqual(['600']);
    p.settle(SUB, 'PUT', 0);
    // Two seconds later 10 have refilled (capped at the capacity): above the reserve, at once.
    await c.advance(2000);
    const refilled = acquireAll(p, c, 2, 'PUT');
    await c.advance(0);
    expect(refilled).toEqual(['2700', '2700']);
  });

  test('an answer that arrives after later ones does not raise the estimate back', async () => {
    const c = clock();
    const p = new ArmPacer(small, c);
    for (let i = 0; i < 10; i++) await p.acquire(SUB, 'GET');
    // ARM counted them one by one (19 left after the first, 10 after the last); the last answer comes first.
    for (let left = 10; left < 20; left++) p.settle(SUB, 'GET', left);
    // 10 left, not above the reserve: paced from here on.
    const gone = acquireAll(p, c, 4);
    await c.advance(1000);
    expect(gone).toEqual(['0', '100', '200', '300']);
  });

  test('waiting polls go after every other waiting request: a fleet of polls does not delay the reads that move computes on', async () => {
    const c = clock();
    const p = new ArmPacer(small, c);
    for (let i = 0; i < 10; i++) await p.acquire(SUB, 'GET');
    for (let i = 0; i < 10; i++) p.settle(SUB, 'GET', 0);
    // Bucket empty: one slot per 100 ms. Five polls wait, then two reads arrive: the reads take the next slots.
    const polls = acquireAll(p, c, 5, 'GET', 'polls', 'poll@');
    await c.advance(50);
    const reads = acquireAll(p, c, 2, 'GET', 'first', 'read@');
    await c.advance(1000);
    expect(reads).toEqual(['read@100', 'read@200']);
    expect(polls).toEqual(['poll@0', 'poll@300', 'poll@400', 'poll@500', 'poll@600']);
  });

  test('a paced stream runs exactly at the refill rate: the bucket stays put', async () => {
    // Simulates ARM's bucket alongside: every request is answered as it is sent.
    const c = clock();
    const p = new ArmPacer(AZURE_ARM_PACING, c);
    let tokens = 250;
    let last = 0;
    let min = Infinity;
    let refused = 0;
    const sent: number[] = [];
    for (let i = 0; i < 1000; i++) {
      void p.acquire(SUB, 'GET', i % 2 ? 'polls' : 'first').then(() => {
        tokens = Math.min(250, tokens + ((c.now() - last) / 1000) * 25);
        last = c.now();
        if (tokens < 1) refused++;
        else tokens -= 1;
        min = Math.min(min, tokens);
        sent.push(c.now());
        p.settle(SUB, 'GET', Math.floor(tokens));
      });
    }
    await c.advance(40_000);
    expect(sent).toHaveLength(1000);
    expect(refused).toBe(0);
    expect(min).toBeGreaterThanOrEqual(24);
    // 225 at once, the other 775 at 25/s.
    expect(sent.filter((t) => t === 0).length).toBe(226);
    expect(sent.at(-1)).toBe(774 * 40);
  });

  test('subscriptions whose answers carry no remaining count are not paced', async () => {
    const c = clock();
    const p = new ArmPacer(small, c);
    await p.acquire(SUB, 'DELETE');
    p.settle(SUB, 'DELETE', undefined);
    const gone = acquireAll(p, c, 20, 'DELETE');
    await c.advance(0);
    expect(gone).toHaveLength(20);
    for (let i = 0; i < 20; i++) p.settle(SUB, 'DELETE', 0);
    const paced = acquireAll(p, c, 2, 'DELETE');
    await c.advance(0);
    expect(paced).toEqual(['0']);
  });

  test('an abort while waiting rejects, and the slot goes to the next in line', async () => {
    const c = clock();
    const p = new ArmPacer(small, c);
    await p.acquire(SUB, 'GET');
    p.settle(SUB, 'GET', 0);
    await p.acquire(SUB, 'GET');
    p.settle(SUB, 'GET', 0);
    const controller = new AbortController();
    const aborted = p.acquire(SUB, 'GET', 'first', controller.signal);
    const next = acquireAll(p, c, 1);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'Aborted' });
    await c.advance(200);
    expect(next).toEqual(['100']);
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
    await flush();
  });

  test('an abort while waiting for a slot rejects without sending', async () => {
    const p = new ArmPacer(small);
    const policy = armPacingPolicy(p);
    const url = `https://management.azure.com/subscriptions/${SUB}/x`;
    let sends = 0;
    const next: SendRequest = async () => (sends++, response({ 'x-ms-ratelimit-remaining-subscription-reads': '0' }));
    await policy.sendRequest(createPipelineRequest({ url }), next);
    await policy.sendRequest(createPipelineRequest({ url }), next);
    const controller = new AbortController();
    const pending = policy.sendRequest(createPipelineRequest({ url, abortSignal: controller.signal }), next);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'Aborted' });
    expect(sends).toBe(2);
  });
});
