// What a fleet costs in ARM reads, against the emulator: planning reads what the computes share
// once, and an attach is not read back when its operation already returned the compute.
import { describe, expect, test } from '@jest/globals';
import { applySpecs } from './apply.ts';
import { emulatorFor, gatewayFor, oneWorkspaceFleet, workspaceReads } from '../../test/e2e-support.ts';

const SUB = '00000000-0000-0000-0000-0000000000aa';

describe('reads of a fleet in one workspace', () => {
  test('fresh create of 4 computes: one workspace read, one compute listing, one compute read each (the attach result)', async () => {
    const names = ['fleet-a', 'fleet-b', 'fleet-c', 'fleet-d'];
    const inputs = oneWorkspaceFleet(SUB, names);
    const emulator = await emulatorFor(inputs, { installTimeMs: 50, attachTimeMs: 50 });
    try {
      const gateway = gatewayFor(emulator);
      const r = await applySpecs(inputs, gateway, { resolveSecrets: true, env: {}, cwd: process.cwd(), allowDisruptive: false, concurrency: 8, pollIntervalMs: 20 });
      expect(r.results.map((x) => x.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
      const fresh = workspaceReads(emulator);
      expect({ ...fresh, computesRead: [...fresh.computesRead].sort() }).toEqual({ location: 1, listings: 1, computesRead: names });

      // Applying again changes nothing, and reads each compute from the listing.
      emulator.reset();
      const again = await applySpecs(inputs, gateway, { resolveSecrets: true, env: {}, cwd: process.cwd(), allowDisruptive: false, concurrency: 8, pollIntervalMs: 20 });
      expect(again.results.map((x) => x.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
      expect(workspaceReads(emulator).computesRead).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});
