// Answers of the list routes, built once per snapshot: the ETag, the JSON bytes and their gzip
// encoding, by what the answer depends on (route, query, visibility). Many users ask for the same
// pages (the first one, unfiltered), and each is hashed, serialized and compressed once instead of
// per request; a new snapshot starts afresh.
import { gzipSync } from 'node:zlib';
import type { ComputeIndex } from './compute-index.ts';

/** Bodies smaller than this are sent as they are (as the compression middleware does). */
const GZIP_MIN_BYTES = 1024;

export class Answer {
  readonly etag: string;
  readonly #build: () => unknown;
  #json: Buffer | undefined;
  #gzip: Buffer | null | undefined;

  constructor(etag: string, build: () => unknown) {
    this.etag = etag;
    this.#build = build;
  }

  get json(): Buffer {
    return (this.#json ??= Buffer.from(JSON.stringify(this.#build())));
  }

  /** The body gzip-encoded; `null` when too small to be worth it. */
  get gzip(): Buffer | null {
    if (this.#gzip === undefined) this.#gzip = this.json.length < GZIP_MIN_BYTES ? null : gzipSync(this.json);
    return this.#gzip;
  }
}

export class AnswerCache {
  readonly #maxEntries: number;
  #index: ComputeIndex | undefined;
  readonly #answers = new Map<string, Answer>();

  constructor(maxEntries = 256) {
    this.#maxEntries = maxEntries;
  }

  /** The answer `key` names in `index`, made with `etag()` and (when its body is asked for) `build()`. */
  get(index: ComputeIndex, key: string, etag: () => string, build: () => unknown): Answer {
    if (index !== this.#index) {
      this.#answers.clear();
      this.#index = index;
    }
    let answer = this.#answers.get(key);
    if (!answer) {
      if (this.#answers.size >= this.#maxEntries) this.#answers.delete(this.#answers.keys().next().value!);
      answer = new Answer(etag(), build);
      this.#answers.set(key, answer);
    }
    return answer;
  }
}
