// What planning a fleet costs in ARM reads, against the emulator. planSpecSet is the one planning
// function the CLI's plan, the Action's plan and drift modes and apply all call: it reads a
// workspace's location once and lists the computes of a shared workspace once.
import { describe, expect, test } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { parse } from 'yaml';
import { SdkAzureGateway } from '../azure/sdk-gateway.ts';
import { withSharedPlanningReads } from '../azure/shared-reads.ts';
import { applySpecs } from '../apply/apply.ts';
import { validateSpecs } from '../validate/validate.ts';
import { planAll } from './plan-all.ts';
import { planSpecSet } from './plan-spec-set.ts';

const SUB = '00000000-0000-0000-0000-0000000000ab';
const N = 6;
const NAMES = Array.from({ length: N }, (_, i) => `plan-fleet-${String.fromCharCode(97 + i)}`);
const WORKSPACE = '/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace';

const inputs = NAMES.map((name, i) => ({
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

const options = { resolveSecrets: true, env: {}, cwd: process.cwd(), concurrency: 8 } as const;

function gatewayFor(emulator: Emulator): SdkAzureGateway {
  trustEmulator(emulator);
  const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
  return new SdkAzureGateway(credential, { endpoint: emulator.url, pollIntervalMs: 20, retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 40 } });
}

/** The workspace reads of the requests since the last reset: location, listings, and per-compute GETs. */
function workspaceReads(emulator: Emulator): { location: number; listings: number; computeGets: number } {
  const gets = emulator.requests().filter((q) => q.method === 'GET' && q.path.includes('/workspaces/'));
  return {
    location: gets.filter((q) => q.path.endsWith(WORKSPACE)).length,
    listings: gets.filter((q) => q.path.endsWith(`${WORKSPACE}/computes`)).length,
    computeGets: gets.filter((q) => /\/computes\/[^/]+$/.test(q.path)).length,
  };
}

describe(`planning ${N} computes in one workspace`, () => {
  test('planSpecSet reads the workspace once and lists its computes once, where reading per compute costs N of each', async () => {
    const emulator = await startEmulator({ installTimeMs: 50, attachTimeMs: 50, retryAfterSeconds: 0, ...fixturesFromSpecs(inputs.map((i) => parse(i.text))) });
    try {
      const gateway = gatewayFor(emulator);
      const validated = validateSpecs(inputs);
      expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(validated.specs).toHaveLength(N);

      // Baseline: the same specs planned compute by compute, with no reads shared.
      emulator.reset();
      const unshared = await planAll(validated.specs, gateway, options);
      const perCompute = workspaceReads(emulator);
      expect(perCompute).toEqual({ location: N, listings: 0, computeGets: N });

      // Fresh: nothing attached yet.
      emulator.reset();
      const fresh = await planSpecSet(validated.specs, gateway, options);
      expect(workspaceReads(emulator)).toEqual({ location: 1, listings: 1, computeGets: 0 });
      expect(fresh.plan.computes.map((c) => c.changes.map((ch) => `${ch.target} ${ch.action}`))).toEqual(unshared.map((p) => p.plan.changes.map((ch) => `${ch.target} ${ch.action}`)));
      expect(fresh.plan.summary.create).toBeGreaterThanOrEqual(2 * N);

      // Attached: each compute comes from the one listing, and carries the workspace location.
      await applySpecs(validated, gateway, { ...options, allowDisruptive: false, pollIntervalMs: 20 });
      emulator.reset();
      const attached = await planSpecSet(validated.specs, gateway, options);
      expect(attached.plan.computes.map((c) => c.blocked ?? null)).toEqual(NAMES.map(() => null));
      expect(attached.plan.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
      expect(workspaceReads(emulator)).toEqual({ location: 0, listings: 1, computeGets: 0 });

      // A gateway that shares its reads already is not wrapped twice (which would serve second reads from the listing).
      const shared = withSharedPlanningReads(gateway, []);
      expect(withSharedPlanningReads(shared, [])).toBe(shared);
    } finally {
      await emulator.stop();
    }
  });
});
