// A request written to a kept-alive connection that the server closed at that moment fails with
// EPIPE: nothing reached the server. The SDK's retry policy takes ECONNRESET for transient but not
// EPIPE, so without this one such race (long waits between polls make it likelier) would fail an
// apply that nothing went wrong with. The request is sent again on a fresh connection.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export function staleConnectionRetryPolicy(attempts = 3): PipelinePolicy {
  return {
    name: 'staleConnectionRetryPolicy',
    async sendRequest(request, next) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(request);
        } catch (err) {
          if ((err as { code?: unknown })?.code !== 'EPIPE' || attempt >= attempts || request.abortSignal?.aborted) throw err;
        }
      }
    },
  };
}
