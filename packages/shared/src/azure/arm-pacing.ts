// Pacing of ARM requests by what ARM says is left. ARM throttles each subscription with token
// buckets (reads; writes = PUT, PATCH, POST; deletes) and reports what remains in
// `x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}`. While a bucket has more than a
// reserve left, requests go at once; below it, they are spaced at the bucket's refill rate, so a
// large fleet drains the bucket to the reserve and then runs at the rate ARM refills it instead of
// emptying it and meeting a storm of 429s (which the retry policy would still absorb).
//
// The estimate of a bucket, per subscription and class: the last count ARM reported, plus the refill
// since, minus the requests sent and not yet answered; before ARM has said anything, the bucket is
// assumed full (the documented size). Subscriptions whose responses carry no such header (another
// throttling model, or none) are not paced. Deterministic: no randomness, clock injectable.
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { sleep } from './sleep.ts';

export type RequestClass = 'reads' | 'writes' | 'deletes';

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

interface Bucket {
  /** Last count ARM reported (or the capacity), at `at`. */
  reported: number;
  at: number;
  /** Requests admitted (sent or waiting for their slot) and not yet answered. */
  inFlight: number;
  /** Earliest time the next paced request may go. */
  nextSlot: number;
  /** ARM answered without the header: not paced until it sends one. */
  silent: boolean;
}

/** The pacing state of every subscription and class; one per gateway (all its clients share it). */
export class ArmPacer {
  readonly #settings: ArmPacing;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(settings: ArmPacing = AZURE_ARM_PACING, now: () => number = () => performance.now()) {
    for (const kind of ['reads', 'writes', 'deletes'] as const) {
      if (!(settings.refillPerSecond[kind] > 0)) throw new RangeError(`pacing refillPerSecond.${kind} must be positive`);
    }
    this.#settings = settings;
    this.#now = now;
  }

  #bucket(key: string, kind: RequestClass): Bucket {
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = { reported: this.#settings.capacity[kind], at: this.#now(), inFlight: 0, nextSlot: -Infinity, silent: false }));
    return b;
  }

  /**
   * Admits one request of `method` to `subscription`: milliseconds it must wait before it is sent
   * (0 while the bucket has more than the reserve). Every admit must be followed by one `settle`.
   */
  admit(subscription: string, method: string): number {
    const kind = requestClass(method);
    const b = this.#bucket(`${subscription.toLowerCase()}|${kind}`, kind);
    const now = this.#now();
    const rate = this.#settings.refillPerSecond[kind];
    const reserve = this.#settings.reserve?.[kind] ?? rate;
    const estimate = Math.min(this.#settings.capacity[kind], b.reported + ((now - b.at) / 1000) * rate) - b.inFlight;
    b.inFlight += 1;
    if (b.silent || estimate > reserve) return 0;
    const slot = Math.max(now, b.nextSlot);
    b.nextSlot = slot + 1000 / rate;
    return slot - now;
  }

  /** The answer to an admitted request: `remaining` as ARM reported it, undefined when it did not (or the request failed). */
  settle(subscription: string, method: string, remaining: number | undefined, answered = true): void {
    const kind = requestClass(method);
    const b = this.#bucket(`${subscription.toLowerCase()}|${kind}`, kind);
    b.inFlight = Math.max(0, b.inFlight - 1);
    if (remaining !== undefined) {
      b.reported = remaining;
      b.at = this.#now();
      b.silent = false;
    } else if (answered) {
      b.silent = true;
    }
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
      const delay = pacer.admit(subscription, method);
      let remaining: number | undefined;
      let answered = false;
      try {
        if (delay > 0) await sleep(delay, request.abortSignal as AbortSignal | undefined);
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
