// The snapshot the list routes answer from, kept in memory and renewed when the status store
// changes. Writes made in this process are known at once (the store counts them); writes of other
// backend instances are found by asking the store whether it changed (one small query, the last
// refresh) at most once per `checkIntervalMs`, not once per request: under load a query per request
// cost more than the rest of the answer. Reading all statuses happens once per change. A snapshot
// older than `maxAgeMs` is renewed in the background too (statuses written by another instance
// without a recorded refresh), while requests keep being answered from the one at hand.
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { ComputeIndex } from './compute-index.ts';

/** Where snapshots come from: the status store, or anything with the same two reads. */
export interface SnapshotSource {
  /** Changes whenever the statuses may have changed (cheap: asked on every request). */
  version(): Promise<string>;
  /** Every status and the time of the last refresh. */
  load(): Promise<{ items: ComputeStatus[]; refreshedAt?: string }>;
  /** Changes at once when this process writes (free to ask); without it, only `version` tells. */
  localVersion?(): number;
}

/** The reads of the status store this needs (`StatusStore` has them). */
export interface StatusReads {
  list(): Promise<ComputeStatus[]>;
  lastRefresh(): Promise<{ startedAt: string; finishedAt: string } | undefined>;
  readonly localWrites?: number;
}

export function storeSnapshotSource(store: StatusReads): SnapshotSource {
  return {
    ...(store.localWrites === undefined ? {} : { localVersion: () => store.localWrites! }),
    async version() {
      const last = await store.lastRefresh();
      return last ? `${last.startedAt}/${last.finishedAt}` : 'none';
    },
    async load() {
      const [items, last] = await Promise.all([store.list(), store.lastRefresh()]);
      return last ? { items, refreshedAt: last.finishedAt } : { items };
    },
  };
}

export interface SnapshotCacheOptions {
  /** Renew a snapshot this old in the background even if the version did not change. Default 30 s. */
  maxAgeMs?: number;
  /** Ask the source's `version` at most this often (writes in this process are seen at once). Default 1 s. */
  checkIntervalMs?: number;
  now?: () => number;
}

export class SnapshotCache {
  readonly #source: SnapshotSource;
  readonly #maxAgeMs: number;
  readonly #checkIntervalMs: number;
  readonly #now: () => number;
  #current: { index: ComputeIndex; version: string; loadedAt: number; checkedAt: number; localVersion: number | undefined } | undefined;
  #checking: Promise<ComputeIndex> | undefined;
  #renewing: Promise<void> | undefined;

  constructor(source: SnapshotSource, options: SnapshotCacheOptions = {}) {
    this.#source = source;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
    this.#checkIntervalMs = options.checkIntervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The current snapshot. The source is asked whether it changed when this process wrote since, or
   * when the last check is `checkIntervalMs` old; once for all concurrent callers.
   */
  get(): Promise<ComputeIndex> {
    const current = this.#current;
    if (current && !this.#checking && current.localVersion === this.#source.localVersion?.() && this.#now() - current.checkedAt < this.#checkIntervalMs) {
      return Promise.resolve(current.index);
    }
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #check(): Promise<ComputeIndex> {
    const localVersion = this.#source.localVersion?.();
    const version = await this.#source.version();
    const current = this.#current;
    if (current && current.version === version && current.localVersion === localVersion) {
      current.checkedAt = this.#now();
      if (current.checkedAt - current.loadedAt > this.#maxAgeMs) this.#renewInBackground(version);
      return current.index;
    }
    return this.#load(version);
  }

  #renewInBackground(version: string): void {
    this.#renewing ??= this.#load(version)
      .then(() => undefined, () => undefined)
      .finally(() => {
        this.#renewing = undefined;
      });
  }

  async #load(version: string): Promise<ComputeIndex> {
    const localVersion = this.#source.localVersion?.();
    const { items, refreshedAt } = await this.#source.load();
    const index = new ComputeIndex(items, refreshedAt);
    const now = this.#now();
    this.#current = { index, version, loadedAt: now, checkedAt: now, localVersion };
    return index;
  }
}
