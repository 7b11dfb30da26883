import { describe, expect, test } from '@jest/globals';
import { OFFLINE_GATEWAY } from './offline-gateway.ts';
import type { AzureGateway, ComputeRef, ObservedCompute } from './gateway.ts';
import { AzureError } from './gateway.ts';
import { withSharedPlanningReads } from './shared-reads.ts';

const ref = (workspaceName: string, name: string): ComputeRef => ({ subscriptionId: 'sub', resourceGroup: 'rg', workspaceName, name });
const observed = (r: ComputeRef): ObservedCompute => ({ id: `/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/${r.workspaceName}/computes/${r.name}`, provisioningState: 'Succeeded', provisioningErrors: [], tags: {} });

/** A gateway over `computes` that counts its calls; `failLists` lists fail that many times first. */
function countingGateway(computes: ComputeRef[], failLists = 0): AzureGateway & { calls: string[] } {
  const calls: string[] = [];
  return {
    ...OFFLINE_GATEWAY,
    calls,
    getWorkspaceLocation: async (_s, _g, ws) => (calls.push(`location ${ws}`), 'eastus'),
    getCompute: async (r) => (calls.push(`get ${r.name}`), computes.some((c) => c.name === r.name) ? observed(r) : undefined),
    listComputes: async (_s, _g, ws) => {
      calls.push(`list ${ws}`);
      if (failLists-- > 0) throw new AzureError('busy', 'ServerBusy', 503);
      return computes.filter((c) => c.workspaceName === ws).map(observed);
    },
  };
}

describe('planning reads shared across a run', () => {
  const specs = [ref('ws-a', 'c1'), ref('ws-a', 'c2'), ref('ws-a', 'c3'), ref('ws-b', 'solo')];

  test("a workspace's location is read once, however many computes ask at the same time", async () => {
    const gw = countingGateway([]);
    const shared = withSharedPlanningReads(gw, specs);
    const locations = await Promise.all([1, 2, 3].map(() => shared.getWorkspaceLocation('sub', 'rg', 'ws-a')));
    await shared.getWorkspaceLocation('SUB', 'RG', 'WS-A');
    expect(locations).toEqual(['eastus', 'eastus', 'eastus']);
    expect(gw.calls).toEqual(['location ws-a']);
  });

  test('computes of a workspace two or more specs use come from one listing, each once; a second read goes to Azure', async () => {
    const gw = countingGateway([ref('ws-a', 'c1'), ref('ws-a', 'c3'), ref('ws-b', 'solo')]);
    const shared = withSharedPlanningReads(gw, specs);
    const [c1, c2, c3] = await Promise.all(['c1', 'c2', 'c3'].map((n) => shared.getCompute(ref('ws-a', n))));
    expect([c1?.id.endsWith('/c1'), c2, c3?.id.endsWith('/c3')]).toEqual([true, undefined, true]);
    expect(gw.calls).toEqual(['list ws-a']);
    await shared.getCompute(ref('ws-a', 'c1'));
    // A workspace only one spec uses: one GET costs what a listing would.
    await shared.getCompute(ref('ws-b', 'solo'));
    expect(gw.calls).toEqual(['list ws-a', 'get c1', 'get solo']);
  });

  test('a failed listing falls back to reading the compute, and is not remembered', async () => {
    const gw = countingGateway([ref('ws-a', 'c1'), ref('ws-a', 'c2')], 1);
    const shared = withSharedPlanningReads(gw, specs);
    expect((await shared.getCompute(ref('ws-a', 'c1')))?.id).toMatch(/\/c1$/);
    expect((await shared.getCompute(ref('ws-a', 'c2')))?.id).toMatch(/\/c2$/);
    expect(gw.calls).toEqual(['list ws-a', 'get c1', 'list ws-a']);
  });

  test('a prune listing and the planning reads share one listing', async () => {
    const gw = countingGateway([ref('ws-a', 'c1')]);
    const shared = withSharedPlanningReads(gw, specs);
    expect((await shared.listComputes('sub', 'rg', 'ws-a')).map((c) => c.id.split('/').pop())).toEqual(['c1']);
    expect((await shared.getCompute(ref('ws-a', 'c1')))?.id).toMatch(/\/c1$/);
    expect(gw.calls).toEqual(['list ws-a']);
  });

  test('every other call goes to the gateway itself (its private state included)', async () => {
    class Gateway {
      readonly #principal = 'principal-1';
      async getIdentityPrincipal(): Promise<string> {
        return this.#principal;
      }
    }
    const shared = withSharedPlanningReads(new Gateway() as unknown as AzureGateway, specs);
    expect(await shared.getIdentityPrincipal('identity')).toBe('principal-1');
  });
});
