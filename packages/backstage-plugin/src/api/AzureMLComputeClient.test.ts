import { describe, expect, it } from '@jest/globals';
import { ResponseError } from '@backstage/errors';
import { failed } from '../testing/fixtures';
import { AzureMLComputeClient } from './AzureMLComputeClient';

function clientWith(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const discovered: string[] = [];
  const client = new AzureMLComputeClient({
    discoveryApi: {
      getBaseUrl: async (pluginId) => {
        discovered.push(pluginId);
        return `https://backstage.example.com/api/${pluginId}`;
      },
    },
    fetchApi: {
      fetch: async (input, init) => {
        const url = String(input);
        calls.push({ url, init });
        return respond(url, init);
      },
    },
  });
  return { client, calls, discovered };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('AzureMLComputeClient', () => {
  it('lists computes from the backend plugin found through discovery, with the fetch API', async () => {
    const { client, calls, discovered } = clientWith(() => json({ items: [failed], total: 1, offset: 0, limit: 50, refreshedAt: '2026-11-23T10:16:00.000Z' }));
    const list = await client.listComputes();
    expect(list.items.map((s) => s.name)).toEqual([failed.name]);
    expect(discovered).toEqual(['azureml-compute']);
    expect(calls[0]!.url).toBe('https://backstage.example.com/api/azureml-compute/computes');
  });

  it('sends paging, filters and search as query parameters, escaped, leaving out empty ones', async () => {
    const { client, calls } = clientWith(() => json({ items: [], total: 0, offset: 40, limit: 20 }));
    await client.listComputes({ limit: 20, offset: 40, owner: 'group:default/ml platform', state: 'Failed', q: '', workspace: undefined });
    expect(calls[0]!.url).toBe('https://backstage.example.com/api/azureml-compute/computes?limit=20&offset=40&owner=group%3Adefault%2Fml%20platform&state=Failed');
  });

  it('reads the summary', async () => {
    const { client, calls } = clientWith(() => json({ total: 0, byHealth: {}, facets: {} }));
    await client.getSummary();
    expect(calls[0]!.url).toBe('https://backstage.example.com/api/azureml-compute/summary');
  });

  it('reads one compute by its spec name, escaped', async () => {
    const { client, calls } = clientWith(() => json({ status: failed, history: [] }));
    const detail = await client.getCompute('gpu east/1');
    expect(detail.status.extension.error?.code).toBe('E40002');
    expect(calls[0]!.url).toBe('https://backstage.example.com/api/azureml-compute/computes/gpu%20east%2F1');
  });

  it('turns an HTTP error into a ResponseError with the status and the server message', async () => {
    const { client } = clientWith(() => json({ error: { name: 'NotFoundError', message: 'No compute named ghost' }, response: { statusCode: 404 } }, 404));
    const error = await client.getCompute('ghost').catch((e: unknown) => e);
    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).statusCode).toBe(404);
    expect((error as ResponseError).cause.message).toBe('No compute named ghost');
  });

  it('reports a non-JSON error body too', async () => {
    const { client } = clientWith(() => new Response('upstream timed out', { status: 502, statusText: 'Bad Gateway' }));
    const error = await client.listComputes().catch((e: unknown) => e);
    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).statusCode).toBe(502);
  });
});
