import { describe, expect, test } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { staleConnectionRetryPolicy } from './stale-connection.ts';

const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions/s/x', method: 'PUT', body: '{}' });
const ok: PipelineResponse = { status: 200, headers: createHttpHeaders(), request };

function failing(errors: RestError[]): SendRequest & { calls: number } {
  const send = Object.assign(async () => {
    send.calls++;
    const e = errors.shift();
    if (e) throw e;
    return ok;
  }, { calls: 0 });
  return send;
}

describe('a request that met a connection the server had just closed (EPIPE)', () => {
  test('is sent again, and succeeds', async () => {
    const next = failing([new RestError('write EPIPE', { code: 'EPIPE' })]);
    await expect(staleConnectionRetryPolicy().sendRequest(request, next)).resolves.toBe(ok);
    expect(next.calls).toBe(2);
  });

  test('gives up after its attempts; other errors pass through untouched', async () => {
    const epipe = failing([1, 2, 3].map(() => new RestError('write EPIPE', { code: 'EPIPE' })));
    await expect(staleConnectionRetryPolicy(3).sendRequest(request, epipe)).rejects.toMatchObject({ code: 'EPIPE' });
    expect(epipe.calls).toBe(3);
    const other = failing([new RestError('bad', { code: 'ENOTFOUND' })]);
    await expect(staleConnectionRetryPolicy().sendRequest(request, other)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(other.calls).toBe(1);
  });
});
