// scrypt off the event loop: crypto.scrypt runs on libuv's thread pool, so a fleet's slow KDFs
// (protected-settings records and plan fingerprints) no longer stall every other I/O while they run.
import { scrypt } from 'node:crypto';
import type { BinaryLike, ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';

let slots: LimitFunction | undefined;

/**
 * The thread pool also serves file reads and DNS lookups (4 threads unless UV_THREADPOOL_SIZE says
 * otherwise): slow KDFs take at most half of it, so they never hold all of it.
 */
function kdfSlots(): LimitFunction {
  return (slots ??= pLimit(Math.max(1, Math.floor((Number(process.env.UV_THREADPOOL_SIZE) || 4) / 2))));
}

/** crypto.scrypt as a promise: the same key as scryptSync with the same arguments, computed on the thread pool. */
export function scryptAsync(password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return kdfSlots()(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );
}
