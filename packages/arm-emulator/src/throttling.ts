// ARM's request throttling (the token-bucket model): each subscription has a bucket of reads, one of
// writes (PUT, PATCH, POST) and one of deletes. A request takes a token; tokens refill at a steady
// rate up to the bucket's size; an empty bucket answers 429 TooManyRequests with Retry-After.
// Every response reports what is left in `x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}`.
//
// Azure keeps the buckets per subscription *and region* of the ARM instance serving the request;
// a client in one place reaches one region, so the emulator keeps one set per subscription.
// Tenant-level requests (no subscription in the path, e.g. Resource Graph) are not throttled here.

/** One bucket: how many tokens it holds when full, and how many it regains per second. */
export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export type RequestClass = 'reads' | 'writes' | 'deletes';

export type ThrottlingSettings = Record<RequestClass, BucketSpec>;

/** Azure's documented subscription limits (per region): reads 250 + 25/s, writes and deletes 200 + 10/s. */
export const AZURE_THROTTLING: ThrottlingSettings = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

export const REMAINING_HEADER: Record<RequestClass, string> = {
  reads: 'x-ms-ratelimit-remaining-subscription-reads',
  writes: 'x-ms-ratelimit-remaining-subscription-writes',
  deletes: 'x-ms-ratelimit-remaining-subscription-deletes',
};

export function requestClass(method: string): RequestClass {
  const m = method.toUpperCase();
  if (m === 'DELETE') return 'deletes';
  if (m === 'PUT' || m === 'PATCH' || m === 'POST') return 'writes';
  return 'reads';
}

/** Settings with Azure's numbers where `partial` says nothing; throws RangeError on bad numbers. */
export function resolveThrottling(partial: Partial<Record<RequestClass, Partial<BucketSpec>>> = {}): ThrottlingSettings {
  const out = {} as ThrottlingSettings;
  for (const kind of ['reads', 'writes', 'deletes'] as const) {
    const spec = { ...AZURE_THROTTLING[kind], ...(partial[kind] ?? {}) };
    if (!Number.isFinite(spec.capacity) || spec.capacity < 1) throw new RangeError(`throttling.${kind}.capacity must be at least 1, got ${spec.capacity}`);
    if (!Number.isFinite(spec.refillPerSecond) || spec.refillPerSecond <= 0) throw new RangeError(`throttling.${kind}.refillPerSecond must be positive, got ${spec.refillPerSecond}`);
    out[kind] = spec;
  }
  return out;
}

/**
 * `off`, or comma-separated `CLASS=CAPACITY/REFILL` items (e.g. `reads=50/25,writes=20/10`), the
 * classes left out keeping Azure's numbers. The `--throttling` option of the emulator's CLI.
 */
export function parseThrottling(text: string): ThrottlingSettings | false {
  if (text.trim().toLowerCase() === 'off') return false;
  const partial: Partial<ThrottlingSettings> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(reads|writes|deletes)=(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(item);
    if (!m) throw new TypeError(`--throttling expects 'off' or items like reads=250/25, got '${item}'`);
    partial[m[1] as RequestClass] = { capacity: Number(m[2]), refillPerSecond: Number(m[3]) };
  }
  return resolveThrottling(partial);
}

/** A token bucket on a millisecond clock; starts full. */
export class TokenBucket {
  readonly spec: BucketSpec;
  #tokens: number;
  #at: number;

  constructor(spec: BucketSpec, now: number) {
    this.spec = spec;
    this.#tokens = spec.capacity;
    this.#at = now;
  }

  #refill(now: number): void {
    if (now > this.#at) {
      this.#tokens = Math.min(this.spec.capacity, this.#tokens + ((now - this.#at) / 1000) * this.spec.refillPerSecond);
      this.#at = now;
    }
  }

  /** Whole tokens left at `now`. */
  remaining(now: number): number {
    this.#refill(now);
    return Math.floor(this.#tokens);
  }

  /** Whole seconds until a token is there (0 when one is). */
  secondsUntilToken(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.spec.refillPerSecond);
  }

  /** Takes a token if there is one. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export type ThrottleDecision = { allowed: true } | { allowed: false; kind: RequestClass; retryAfterSeconds: number };

/** The buckets of every subscription seen so far. */
export class SubscriptionThrottle {
  readonly settings: ThrottlingSettings;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(settings: ThrottlingSettings) {
    this.settings = settings;
  }

  #bucket(subscription: string, kind: RequestClass, now: number): TokenBucket {
    const key = `${subscription.toLowerCase()}|${kind}`;
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = new TokenBucket(this.settings[kind], now)));
    return b;
  }

  /** Takes a token for a request, or says how long to wait (the request then costs nothing). */
  admit(subscription: string, method: string, now: number): ThrottleDecision {
    const kind = requestClass(method);
    const bucket = this.#bucket(subscription, kind, now);
    if (bucket.take(now)) return { allowed: true };
    return { allowed: false, kind, retryAfterSeconds: bucket.secondsUntilToken(now) };
  }

  /** The header ARM sends with a response to `method`: what that bucket holds now. */
  header(subscription: string, method: string, now: number): [string, string] {
    const kind = requestClass(method);
    return [REMAINING_HEADER[kind], String(this.#bucket(subscription, kind, now).remaining(now))];
  }

  /** Every bucket full again. */
  reset(): void {
    this.#buckets.clear();
  }
}
