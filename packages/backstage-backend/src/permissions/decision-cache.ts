// Permission decisions of the routes, kept a few seconds per caller. The overview asks for a
// page, the summary and the next pages in quick succession, and with a permission backend each
// decision is an HTTP round trip: under load that cost more than the answer. A caller is its
// principal and its token's expiry, so a new token (new ownership claims) is asked for afresh; a
// changed policy takes effect within `ttlMs`.
import type { BackstageCredentials } from '@backstage/backend-plugin-api';

export interface DecisionCacheOptions {
  /** How long a decision is reused; 0 asks every time. */
  ttlMs: number;
  /** Callers kept at most (the oldest dropped first). Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

/** Who asks, as a cache key: principal, access restrictions and token expiry. */
export function callerKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string; accessRestrictions?: unknown };
  let who: string | undefined;
  if (p.type === 'user') who = p.userEntityRef;
  else if (p.type === 'service') who = p.subject;
  return JSON.stringify([p.type, who ?? null, p.accessRestrictions ?? null, credentials.expiresAt?.getTime() ?? null]);
}

export class DecisionCache<T> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: Promise<T>; expiresAt: number }>();

  constructor(options: DecisionCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** The decision for `key`: kept if younger than the TTL, else `decide()` (once for concurrent callers; failures are not kept). */
  get(key: string, decide: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return decide();
    const now = this.#now();
    const kept = this.#entries.get(key);
    if (kept && kept.expiresAt > now) return kept.value;
    if (kept) this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    const value = decide();
    const entry = { value, expiresAt: now + this.#ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }
}
