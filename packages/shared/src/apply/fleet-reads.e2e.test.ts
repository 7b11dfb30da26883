// What a fleet costs in ARM reads, against the emulator: planning reads what the computes share
// once, and an attach is not read back when its operation already returned the compute.
import { describe, expect, test } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import { parse } from 'yaml';
import { SdkAzureGateway } from '../azure/sdk-gateway.ts';
import { applySpecs } from './apply.ts';

const SUB = '00000000-0000-0000-0000-0000000000aa';

const specs = (names: string[]) =>
  names.map((name, i) => ({
    file: `fleet/${name}.yaml`,
    text: `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: ${name}, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: ${SUB}, resourceGroup: fleet-rg, name: aks-${i} }
  extension: { training: true }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`,
  }));

describe('reads of a fleet in one workspace', () => {
  test('fresh create of 4 computes: one workspace read, one compute listing, one compute read each (the attach result)', async () => {
    const inputs = specs(['fleet-a', 'fleet-b', 'fleet-c', 'fleet-d']);
    const emulator = await startEmulator({ installTimeMs: 50, attachTimeMs: 50, retryAfterSeconds: 0, ...fixturesFromSpecs(inputs.map((i) => parse(i.text))) });
    try {
      trustEmulator(emulator);
      const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
      const gateway = new SdkAzureGateway(credential, { endpoint: emulator.url, pollIntervalMs: 20, retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 40 } });
      const r = await applySpecs(inputs, gateway, { resolveSecrets: true, env: {}, cwd: process.cwd(), allowDisruptive: false, concurrency: 8, pollIntervalMs: 20 });
      expect(r.results.map((x) => x.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
      const gets = emulator.requests().filter((q) => q.method === 'GET' && q.path.includes('/workspaces/'));
      const workspace = '/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace';
      expect(gets.filter((q) => q.path.endsWith(workspace))).toHaveLength(1);
      expect(gets.filter((q) => q.path.endsWith(`${workspace}/computes`))).toHaveLength(1);
      for (const name of ['fleet-a', 'fleet-b', 'fleet-c', 'fleet-d']) expect([name, gets.filter((q) => q.path.endsWith(`/computes/${name}`)).length]).toEqual([name, 1]);

      // Applying again changes nothing, and reads each compute from the listing.
      emulator.reset();
      const again = await applySpecs(inputs, gateway, { resolveSecrets: true, env: {}, cwd: process.cwd(), allowDisruptive: false, concurrency: 8, pollIntervalMs: 20 });
      expect(again.results.map((x) => x.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
      expect(emulator.requests().filter((q) => q.method === 'GET' && q.path.includes('/computes/'))).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});
