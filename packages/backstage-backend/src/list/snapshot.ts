// The snapshot the list routes answer from, kept in memory and renewed when the status store
// changes. Asking the store whether it changed is one small query (the last refresh), shared by
// every request in flight at that moment; reading all statuses happens once per change. A
// snapshot older than `maxAgeMs` is renewed in the background too (statuses written by something
// other than a recorded refresh), while requests keep being answered from the one at hand.
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { ComputeIndex } from './compute-index.ts';

/** Where snapshots come from: the status store, or anything with the same two reads. */
export interface SnapshotSource {
  /** Changes whenever the statuses may have changed (cheap: asked on every request). */
  version(): Promise<string>;
  /** Every status and the time of the last refresh. */
  load(): Promise<{ items: ComputeStatus[]; refreshedAt?: string }>;
}

/** The reads of the status store this needs (`StatusStore` has them). */
export interface StatusReads {
  list(): Promise<ComputeStatus[]>;
  lastRefresh(): Promise<{ startedAt: string; finishedAt: string } | undefined>;
}

export function storeSnapshotSource(store: StatusReads): SnapshotSource {
  return {
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
  now?: () => number;
}

export class SnapshotCache {
  readonly #source: SnapshotSource;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #current: { index: ComputeIndex; version: string; loadedAt: number } | undefined;
  #checking: Promise<ComputeIndex> | undefined;
  #renewing: Promise<void> | undefined;

  constructor(source: SnapshotSource, options: SnapshotCacheOptions = {}) {
    this.#source = source;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The current snapshot: the store is asked whether it changed, once for all concurrent callers. */
  get(): Promise<ComputeIndex> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #check(): Promise<ComputeIndex> {
    const version = await this.#source.version();
    const current = this.#current;
    if (current && current.version === version) {
      if (this.#now() - current.loadedAt > this.#maxAgeMs) this.#renewInBackground(version);
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
    const { items, refreshedAt } = await this.#source.load();
    const index = new ComputeIndex(items, refreshedAt);
    this.#current = { index, version, loadedAt: this.#now() };
    return index;
  }
}
