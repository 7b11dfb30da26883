// What planning a fleet costs in ARM reads, against the emulator. planSpecSet is the one planning
// function the CLI's plan, the Action's plan and drift modes and apply all call: it reads a
// workspace's location once and lists the computes of a shared workspace once.
import { describe, expect, test } from '@jest/globals';
import { withSharedPlanningReads } from '../azure/shared-reads.ts';
import { applySpecs } from '../apply/apply.ts';
import { validateSpecs } from '../validate/validate.ts';
import { planAll } from './plan-all.ts';
import { planSpecSet } from './plan-spec-set.ts';
import { emulatorFor, gatewayFor, oneWorkspaceFleet, workspaceReads } from '../../test/e2e-support.ts';

const SUB = '00000000-0000-0000-0000-0000000000ab';
const N = 6;
const NAMES = Array.from({ length: N }, (_, i) => `plan-fleet-${String.fromCharCode(97 + i)}`);
const inputs = oneWorkspaceFleet(SUB, NAMES);

const options = { resolveSecrets: true, env: {}, cwd: process.cwd(), concurrency: 8 } as const;

describe(`planning ${N} computes in one workspace`, () => {
  test('planSpecSet reads the workspace once and lists its computes once, where reading per compute costs N of each', async () => {
    const emulator = await emulatorFor(inputs, { installTimeMs: 50, attachTimeMs: 50 });
    try {
      const gateway = gatewayFor(emulator);
      const validated = validateSpecs(inputs);
      expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(validated.specs).toHaveLength(N);

      // Baseline: the same specs planned compute by compute, with no reads shared.
      emulator.reset();
      const unshared = await planAll(validated.specs, gateway, options);
      const perCompute = workspaceReads(emulator);
      expect(perCompute).toEqual({ location: N, listings: 0, computesRead: NAMES });

      // Fresh: nothing attached yet.
      emulator.reset();
      const fresh = await planSpecSet(validated.specs, gateway, options);
      expect(workspaceReads(emulator)).toEqual({ location: 1, listings: 1, computesRead: [] });
      expect(fresh.plan.computes.map((c) => c.changes.map((ch) => `${ch.target} ${ch.action}`))).toEqual(unshared.map((p) => p.plan.changes.map((ch) => `${ch.target} ${ch.action}`)));
      expect(fresh.plan.summary.create).toBeGreaterThanOrEqual(2 * N);

      // Attached: each compute comes from the one listing, and carries the workspace location.
      await applySpecs(validated, gateway, { ...options, allowDisruptive: false, pollIntervalMs: 20 });
      emulator.reset();
      const attached = await planSpecSet(validated.specs, gateway, options);
      expect(attached.plan.computes.map((c) => c.blocked ?? null)).toEqual(NAMES.map(() => null));
      expect(attached.plan.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
      expect(workspaceReads(emulator)).toEqual({ location: 0, listings: 1, computesRead: [] });

      // A gateway that shares its reads already is not wrapped twice (which would serve second reads from the listing).
      const shared = withSharedPlanningReads(gateway, []);
      expect(withSharedPlanningReads(shared, [])).toBe(shared);
    } finally {
      await emulator.stop();
    }
  });
});
