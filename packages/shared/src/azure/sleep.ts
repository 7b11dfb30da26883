// The one abortable wait between polls (apply's waits for a compute, the gateway's for an
// extension). Internal: not exported from the package entries.
import { AzureError } from './gateway.ts';

/** What an Azure call or a wait between polls throws when the caller's signal aborts it. */
export const interrupted = (): AzureError => new AzureError('interrupted', 'Aborted');

/** Waits `ms` between polls; rejects with `interrupted()` as soon as `signal` aborts (at once if it has). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(interrupted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(interrupted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
