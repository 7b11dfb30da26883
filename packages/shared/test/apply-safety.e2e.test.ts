// End-to-end safety of apply: disruptive changes need consent and then do the right thing;
// throttling, server errors, failed operations, expiring tokens and interruptions all converge.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs, ApplyRefused } from '../src/apply/apply.ts';
import type { SpecInput } from '../src/model/load.ts';
import { applyOptions, edit, emulatorFor, example, exampleInputs, gatewayFor, writes } from './e2e-support.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});


async function installed(inputs: SpecInput[]): Promise<Emulator> {
  const e = await emulatorFor(inputs);
  const r = await applySpecs(inputs, gatewayFor(e), applyOptions());
  expect(r.results.every((x) => x.outcome === 'applied')).toBe(true);
  e.reset();
  return e;
}

describe('disruptive changes', () => {
  test('removing a node selector is refused without consent, and with it the extension is re-installed and the compute re-attached', async () => {
    const inputs = example('node-selectors');
    emulator = await installed(inputs);
    const changed = edit(inputs, /\n\s+workload: ml/, '');
    await expect(applySpecs(changed, gatewayFor(emulator), applyOptions())).rejects.toThrow(/disruptive[\s\S]*nodeSelector\.workload/);
    expect(writes(emulator)).toBe(0);
    const r = await applySpecs(changed, gatewayFor(emulator), applyOptions({ allowDisruptive: true }));
    expect(r.results[0]).toMatchObject({ outcome: 'applied' });
    const methods = emulator.requests().filter((q) => q.method !== 'GET' && !/token/.test(q.path)).map((q) => `${q.method} ${q.path.includes('/computes/') ? 'compute' : q.path.includes('/extensions/') ? 'extension' : q.path}`);
    expect(methods).toEqual(['DELETE compute', 'DELETE extension', 'PUT extension', 'PUT compute']);
    const ext = emulator.state().extensions[0]!;
    expect(Object.keys(ext.configurationSettings).filter((k) => k.startsWith('nodeSelector.'))).toEqual(['nodeSelector.kubernetes.azure.com/agentpool']);
  });

  test('turning training off is refused without consent and patched with it', async () => {
    const inputs = example('aks-proof-of-concept');
    emulator = await installed(inputs);
    const changed = edit(inputs, 'training: true', 'training: false');
    await expect(applySpecs(changed, gatewayFor(emulator), applyOptions())).rejects.toBeInstanceOf(ApplyRefused);
    await expect(applySpecs(changed, gatewayFor(emulator), applyOptions())).rejects.toMatchObject({ code: 'disruptive-without-consent' });
    const r = await applySpecs(changed, gatewayFor(emulator), applyOptions({ allowDisruptive: true }));
    expect(r.results[0]).toMatchObject({ outcome: 'applied' });
    expect(emulator.state().extensions[0]!.configurationSettings.enableTraining).toBe('False');
    expect(emulator.requests().filter((q) => q.method === 'PATCH')).toHaveLength(1);
  });

  test('changing the compute namespace detaches and attaches again', async () => {
    const inputs = example('arc-training-only');
    emulator = await installed(inputs);
    const changed = edit(inputs, 'namespace: ml-training', 'namespace: ml-jobs');
    await expect(applySpecs(changed, gatewayFor(emulator), applyOptions())).rejects.toThrow(/namespace ml-training → ml-jobs/);
    const r = await applySpecs(changed, gatewayFor(emulator), applyOptions({ allowDisruptive: true }));
    expect(r.results[0]).toMatchObject({ outcome: 'applied' });
    const writesDone = emulator.requests().filter((q) => q.method !== 'GET' && /computes/.test(q.path)).map((q) => q.method);
    expect(writesDone).toEqual(['DELETE', 'PUT']);
    expect(emulator.state().computes[0]!.kubernetesProperties.namespace).toBe('ml-jobs');
    expect(emulator.state().extensions).toHaveLength(1);
  });
});

describe('resilience', () => {
  test('30% 429s, 10% 500s and one failed operation: converges (the failed one after a re-run) to the desired state', async () => {
    // Every example, the user-assigned identity of the Arc GPU one included (its roles granted by apply).
    const inputs = exampleInputs();
    emulator = await emulatorFor(inputs, { faults: { throttleProbability: 0.3, throttleRetryAfterSeconds: 0, serverErrorProbability: 0.1, failNextOperations: 1 } });
    const gateway = gatewayFor(emulator);
    const first = await applySpecs(inputs, gateway, applyOptions({ createRoleAssignments: true }));
    const failed = first.results.filter((r) => r.outcome === 'failed');
    expect(failed).toHaveLength(1);
    expect(first.results.filter((r) => r.outcome === 'applied')).toHaveLength(inputs.length - 1);
    expect(emulator.requests().some((q) => q.status === 429)).toBe(true);
    expect(emulator.requests().some((q) => q.status >= 500)).toBe(true);
    const second = await applySpecs(inputs, gateway, applyOptions({ createRoleAssignments: true }));
    expect(second.results.map((r) => r.outcome).filter((o) => o !== 'unchanged')).toEqual(['applied']);
    emulator.setFaults({ throttleProbability: 0, serverErrorProbability: 0 });
    const third = await applySpecs(inputs, gateway, applyOptions({ createRoleAssignments: true }));
    expect(third.results.every((r) => r.outcome === 'unchanged')).toBe(true);
    const state = emulator.state();
    expect(state.extensions.every((e) => e.provisioningState === 'Succeeded')).toBe(true);
    expect(state.computes).toHaveLength(inputs.length);
  });

  test('tokens expiring during an install are refreshed without failing the apply', async () => {
    const inputs = example('aks-proof-of-concept');
    emulator = await emulatorFor(inputs, { tokenLifetimeSeconds: 1, installTimeMs: 3500 });
    const r = await applySpecs(inputs, gatewayFor(emulator), applyOptions());
    expect(r.results[0]).toMatchObject({ outcome: 'applied' });
    expect(emulator.state().tokens.issued).toBeGreaterThan(1);
    expect(emulator.requests().filter((q) => q.status === 401)).toEqual([]);
  });

  test('interrupted during the install, a re-run waits for it and converges: no duplicate attach, no lost protected setting', async () => {
    const inputs = example('aks-production-https-pem');
    emulator = await emulatorFor(inputs, { installTimeMs: 1500 });
    const controller = new AbortController();
    const running = applySpecs(inputs, gatewayFor(emulator), applyOptions({ signal: controller.signal, onEvent: (e) => e.kind === 'progress' && e.progress.operation === 'install' && e.progress.state !== 'started' && controller.abort() }));
    const first = await running;
    expect(first.results[0]).toMatchObject({ outcome: 'interrupted' });
    expect(emulator.state().extensions[0]!.provisioningState).not.toBe('Succeeded');
    const second = await applySpecs(inputs, gatewayFor(emulator), applyOptions());
    expect(second.results[0]).toMatchObject({ outcome: 'applied' });
    const state = emulator.state();
    expect(state.computes).toHaveLength(1);
    expect(emulator.requests().filter((q) => q.method === 'PUT' && /computes/.test(q.path))).toHaveLength(1);
    expect(emulator.requests().filter((q) => q.method === 'PUT' && /extensions/.test(q.path))).toHaveLength(1);
    expect(Object.keys(state.extensions[0]!.configurationProtectedSettings).sort()).toEqual(['scoringFe.sslCert', 'scoringFe.sslKey', 'sslCertPemFile', 'sslKeyPemFile']);
  });
});
