// End-to-end: the apply engine on the real Azure SDK and identity code, over HTTPS, against the
// ARM emulator.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs, ApplyRefused } from '../src/apply/apply.ts';
import { PROTECTED_HASH_KEY } from '../src/plan/diff-extension.ts';
import { applyOptions, edit, emulatorFor, example, exampleInputs, gatewayFor, reads, writes } from './e2e-support.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});


describe('apply', () => {
  test('creates every example from nothing; a second apply changes nothing and writes nothing', async () => {
    const inputs = exampleInputs();
    emulator = await emulatorFor(inputs);
    const gateway = gatewayFor(emulator);
    const first = await applySpecs(inputs, gateway, applyOptions({ createRoleAssignments: true }));
    expect(first.results.map((r) => [r.name, r.outcome, r.error?.message])).toEqual(first.results.map((r) => [r.name, 'applied', undefined]));
    const state = emulator.state();
    expect(state.computes).toHaveLength(inputs.length);
    for (const c of state.computes) expect(c.provisioningState).toBe('Succeeded');
    for (const e of state.extensions) expect(e.provisioningState).toBe('Succeeded');

    emulator.reset();
    const second = await applySpecs(inputs, gateway, applyOptions({ createRoleAssignments: true }));
    expect(second.results.map((r) => r.outcome)).toEqual(inputs.map(() => 'unchanged'));
    expect(second.plan.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(writes(emulator)).toBe(0);
    expect(reads(emulator)).toBeLessThanOrEqual(2 * inputs.length);
  });

  test('one changed plain setting: one PATCH carrying the whole protected set; protected state unchanged', async () => {
    const inputs = example('aks-production-https-pem');
    emulator = await emulatorFor(inputs);
    const gateway = gatewayFor(emulator);
    await applySpecs(inputs, gateway, applyOptions());
    const before = emulator.state().extensions[0]!;
    emulator.reset();
    const result = await applySpecs(edit(inputs, /\n  attach:/, '\n    components: { dcgmExporter: true }\n  attach:'), gateway, applyOptions());
    expect(result.results[0]).toMatchObject({ outcome: 'applied' });
    expect(emulator.requests().filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(emulator.requests().filter((r) => r.method === 'PUT')).toHaveLength(0);
    const after = emulator.state().extensions[0]!;
    expect(after.configurationSettings.installDcgmExporter).toBe('True');
    expect(after.configurationProtectedSettings).toEqual(before.configurationProtectedSettings);
    expect(Object.keys(after.configurationProtectedSettings).length).toBeGreaterThan(0);
    expect(after.configurationSettings[PROTECTED_HASH_KEY]).toMatch(/^v2:[0-9a-f]{32}:[0-9a-f]{64}$/);
  });

  test('refuses invalid specs before any request', async () => {
    const inputs = exampleInputs().slice(0, 1);
    emulator = await emulatorFor(inputs);
    emulator.reset();
    const refusal = applySpecs(edit(inputs, 'training: true', 'training: maybe'), gatewayFor(emulator), applyOptions());
    await expect(refusal).rejects.toBeInstanceOf(ApplyRefused);
    await expect(refusal).rejects.toMatchObject({ code: 'validation-errors' });
    expect(emulator.requests()).toEqual([]);
  });
});
