// Pacing of ARM requests by what ARM says is left. ARM throttles each subscription with token
// buckets (reads; writes = PUT, PATCH, POST; deletes) and reports what remains in
// `x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}`. While a bucket has more than a
// reserve left, requests go at once; below it, they wait for slots spaced at the bucket's refill
// rate, so a large fleet drains the bucket to the reserve and then runs at the rate ARM refills it
// instead of emptying it and meeting a storm of 429s (which the retry policy would still absorb).
//
// Waiting requests take slots in two lanes: status polls of long-running operations last. A fleet
// of installs keeps one poll per install waiting; a read that moves a compute on (the result of a
// finished operation, a plan read) goes before them instead of queueing behind a thousand polls,
// and the polls share what is left, each less often: the poll interval stretches to fit the bucket.
//
// The estimate of a bucket, per subscription and class: the lowest count ARM reported (answers
// arrive out of order), plus the refill since, minus the requests sent and not yet answered; before
// ARM has said anything, the bucket is assumed full (the documented size). Subscriptions whose responses carry no such header (another
// throttling model, or none) are not paced. Deterministic: no randomness; clock and timers injectable.
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { interrupted } from './sleep.ts';

export type RequestClass = 'reads' | 'writes' | 'deletes';

/** Waiting requests' order: `polls` (status polls of long-running operations) go after the others. */
export type Lane = 'first' | 'polls';

export interface ArmPacing {
  /** Tokens ARM adds back per second (Azure: reads 25, writes 10, deletes 10). */
  refillPerSecond: Record<RequestClass, number>;
  /** Bucket sizes, assumed until ARM reports a count (Azure: reads 250, writes 200, deletes 200). */
  capacity: Record<RequestClass, number>;
  /** Below this many tokens left, requests are paced (default: one second of refill). */
  reserve?: Partial<Record<RequestClass, number>>;
}

/** Azure's subscription limits per region (the token-bucket throttling model). */
export const AZURE_ARM_PACING: ArmPacing = {
  refillPerSecond: { reads: 25, writes: 10, deletes: 10 },
  capacity: { reads: 250, writes: 200, deletes: 200 },
};

export const REMAINING_HEADERS: Record<RequestClass, string> = {
  reads: 'x-ms-ratelimit-remaining-subscription-reads',
  writes: 'x-ms-ratelimit-remaining-subscription-writes',
  deletes: 'x-ms-ratelimit-remaining-subscription-deletes',
};

export function requestClass(method: string): RequestClass {
  const m = method.toUpperCase();
  return m === 'DELETE' ? 'deletes' : m === 'PUT' || m === 'PATCH' || m === 'POST' ? 'writes' : 'reads';
}

/** ARM's status URLs of long-running operations (Azure-AsyncOperation and Location targets). */
const POLL_PATH = /\/(operations|operationStatuses|operationResults|asyncOperations|computeOperationsStatus|computeOperationsResults)\/[^/]+$/i;

/** The lane of a request: status polls of long-running operations wait last. */
export function laneOf(method: string, url: string): Lane {
  return method.toUpperCase() === 'GET' && POLL_PATH.test(new URL(url).pathname) ? 'polls' : 'first';
}

export interface PacerTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
}

const REAL_TIMERS: PacerTimers = { now: () => performance.now(), setTimeout: (run, ms) => setTimeout(run, ms) };

interface Waiter {
  since: number;
  go(): void;
}

interface Bucket {
  kind: RequestClass;
  /** Last count ARM reported (or the capacity), at `at`. */
  reported: number;
  at: number;
  /** Requests sent and not yet answered. */
  inFlight: number;
  /** Earliest time the next paced request may go. */
  nextSlot: number;
  /** ARM answered without the header: not paced until it sends one. */
  silent: boolean;
  waiting: Record<Lane, Waiter[]>;
  /** A wake-up is scheduled for the next slot. */
  scheduled: boolean;
}

type Waited = Record<RequestClass, { requests: number; ms: number }>;

/** The pacing state of every subscription and class; one per gateway (all its clients share it). */
export class ArmPacer {
  readonly #settings: ArmPacing;
  readonly #timers: PacerTimers;
  readonly #buckets = new Map<string, Bucket>();
  readonly #waited: Waited = { reads: { requests: 0, ms: 0 }, writes: { requests: 0, ms: 0 }, deletes: { requests: 0, ms: 0 } };

  constructor(settings: ArmPacing = AZURE_ARM_PACING, timers: PacerTimers = REAL_TIMERS) {
    for (const kind of ['reads', 'writes', 'deletes'] as const) {
      if (!(settings.refillPerSecond[kind] > 0)) throw new RangeError(`pacing refillPerSecond.${kind} must be positive`);
    }
    this.#settings = settings;
    this.#timers = timers;
  }

  #bucket(subscription: string, method: string): Bucket {
    const kind = requestClass(method);
    const key = `${subscription.toLowerCase()}|${kind}`;
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = { kind, reported: this.#settings.capacity[kind], at: this.#timers.now(), inFlight: 0, nextSlot: -Infinity, silent: false, waiting: { first: [], polls: [] }, scheduled: false }));
    return b;
  }

  /** Takes a token if one may go now: above the reserve at once, below it when the next slot is due. */
  #take(b: Bucket): boolean {
    const now = this.#timers.now();
    const rate = this.#settings.refillPerSecond[b.kind];
    const reserve = this.#settings.reserve?.[b.kind] ?? rate;
    const estimate = Math.min(this.#settings.capacity[b.kind], b.reported + ((now - b.at) / 1000) * rate) - b.inFlight;
    if (b.silent || estimate > reserve) {
      b.inFlight += 1;
      return true;
    }
    if (now < b.nextSlot) return false;
    b.nextSlot = now + 1000 / rate;
    b.inFlight += 1;
    return true;
  }

  /** Lets waiting requests go, first lane first, while tokens allow; then sleeps until the next slot. */
  #drain(b: Bucket): void {
    for (;;) {
      const lane = b.waiting.first.length ? b.waiting.first : b.waiting.polls;
      if (lane.length === 0) return;
      if (!this.#take(b)) break;
      const w = lane.shift()!;
      const stats = this.#waited[b.kind];
      stats.requests += 1;
      stats.ms += this.#timers.now() - w.since;
      w.go();
    }
    if (b.scheduled) return;
    b.scheduled = true;
    this.#timers.setTimeout(() => {
      b.scheduled = false;
      this.#drain(b);
    }, Math.max(0, b.nextSlot - this.#timers.now()));
  }

  /**
   * Resolves when one request of `method` to `subscription` may be sent: at once while the bucket
   * has more than the reserve and nobody waits. Every acquire that resolves must be followed by one
   * `settle`; one rejected by `signal` (with `interrupted()`) must not.
   */
  acquire(subscription: string, method: string, lane: Lane = 'first', signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(interrupted());
    const b = this.#bucket(subscription, method);
    if (b.waiting.first.length + b.waiting.polls.length === 0 && this.#take(b)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const queue = b.waiting[lane];
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(interrupted());
      };
      const waiter: Waiter = {
        since: this.#timers.now(),
        go: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      b.waiting[lane].push(waiter);
      this.#drain(b);
    });
  }

  /** The answer to an acquired request: `remaining` as ARM reported it, undefined when it did not (or the request failed). */
  settle(subscription: string, method: string, remaining: number | undefined, answered = true): void {
    const b = this.#bucket(subscription, method);
    b.inFlight = Math.max(0, b.inFlight - 1);
    if (remaining !== undefined) {
      // Answers arrive out of order: one ARM counted before several others must not raise the
      // estimate back. A count only lowers what the refill since the last one allows.
      const now = this.#timers.now();
      const known = b.silent ? Infinity : Math.min(this.#settings.capacity[b.kind], b.reported + ((now - b.at) / 1000) * this.#settings.refillPerSecond[b.kind]);
      b.reported = Math.min(remaining, known);
      b.at = now;
      b.silent = false;
    } else if (answered) {
      b.silent = true;
    }
    if (b.waiting.first.length + b.waiting.polls.length > 0) this.#drain(b);
  }

  /** Per class: how many requests waited for a slot, and the milliseconds they waited in all. */
  waited(): Waited {
    return structuredClone(this.#waited);
  }
}

const subscriptionOf = (url: string): string | undefined => /^\/subscriptions\/([^/?]+)/i.exec(new URL(url).pathname)?.[1];

/** The pipeline policy (position `perRetry`: retries of 429s are paced too). */
export function armPacingPolicy(pacer: ArmPacer): PipelinePolicy {
  return {
    name: 'armPacingPolicy',
    async sendRequest(request: PipelineRequest, next) {
      const subscription = subscriptionOf(request.url);
      if (!subscription) return next(request);
      const method = request.method;
      await pacer.acquire(subscription, method, laneOf(method, request.url), request.abortSignal as AbortSignal | undefined);
      let remaining: number | undefined;
      let answered = false;
      try {
        const response = await next(request);
        answered = true;
        const header = response.headers.get(REMAINING_HEADERS[requestClass(method)]);
        if (header !== undefined && /^\d+$/.test(header.trim())) remaining = Number(header);
        return response;
      } finally {
        pacer.settle(subscription, method, remaining, answered);
      }
    },
  };
}
