// End-to-end: the role assignments a user-assigned attach identity needs, planned, refused
// without consent, created with it, and idempotent, on the real SDKs against the ARM emulator
// (which fails an attach whose identity lacks them, as Azure documents).
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs } from '../src/apply/apply.ts';
import { planAll } from '../src/plan/plan-all.ts';
import { summarizePlan } from '../src/plan/plan-compute.ts';
import { renderPlanText } from '../src/render/plan.ts';
import { progressPrinter } from '../src/render/progress.ts';
import { REPLICATION_WAIT_STATE } from '../src/azure/sdk-gateway.ts';
import type { ApplyEvent } from '../src/apply/types.ts';
import { validateSpecs } from '../src/validate/validate.ts';
import type { SpecInput } from '../src/model/load.ts';
import { applyOptions, emulatorFor, exampleInputs, gatewayFor, writes } from './e2e-support.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const IDENTITY = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-compute-identity';
const arcGpu = (): SpecInput[] => exampleInputs().filter((i) => i.file.includes('arc-production-nodeport-gpu'));
const aksWithIdentity = (): SpecInput[] =>
  exampleInputs()
    .filter((i) => i.file.includes('aks-proof-of-concept'))
    .map((i) => ({ ...i, text: i.text.replace(/\n    identity:\n      type: SystemAssigned\n/, `\n    identity: { type: UserAssigned, ids: [${IDENTITY}] }\n`) }));

async function plan(inputs: SpecInput[], e: Emulator) {
  const specs = validateSpecs(inputs).specs;
  const planned = await planAll(specs, gatewayFor(e), { ...applyOptions(), concurrency: 4 });
  return summarizePlan(planned.map((p) => p.plan));
}

const principalOf = (e: Emulator): string => e.state().identities.find((i) => i.id.toLowerCase() === IDENTITY.toLowerCase())!.principalId;

describe('role assignments for a user-assigned attach identity', () => {
  test('Arc: planned (three on the cluster, Relay Owner once apply has created the Relay), refused without consent, created with it, idempotent', async () => {
    const inputs = arcGpu();
    emulator = await emulatorFor(inputs);
    const first = await plan(inputs, emulator);
    const roles = first.computes[0]!.changes.filter((c) => c.target === 'roleAssignment');
    expect(roles.map((c) => [c.action, c.roleAssignment!.role, c.roleAssignment!.scope.split('/').pop(), c.roleAssignment!.scopeCreatedByApply ?? false])).toEqual([
      ['create', 'Reader', 'onprem-gpu-01', false],
      ['create', 'Kubernetes Extension Contributor', 'onprem-gpu-01', false],
      ['create', 'Azure Kubernetes Service Cluster Admin Role', 'onprem-gpu-01', false],
      ['create', 'Azure Relay Owner', expect.stringMatching(/^onpremgpu01/), true],
    ]);
    const principal = principalOf(emulator);
    expect(roles[0]!.roleAssignment!.command).toBe(`az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role Reader --scope /subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/onprem-k8s-rg/providers/Microsoft.Kubernetes/connectedClusters/onprem-gpu-01`);
    const text = renderPlanText(first);
    expect(text).toContain('+ role assignment Azure Kubernetes Service Cluster Admin Role on onprem-gpu-01 for identity ml-compute-identity: create');
    expect(text).toContain(`$ az role assignment create --assignee-object-id ${principal}`);
    expect(text).toContain('apply with --create-role-assignments');
    // The order apply follows: extension, role assignments, attach.
    expect(first.computes[0]!.changes.map((c) => c.target)).toEqual(['extension', 'roleAssignment', 'roleAssignment', 'roleAssignment', 'roleAssignment', 'compute']);

    emulator.reset();
    const refused = await applySpecs(inputs, gatewayFor(emulator), applyOptions());
    expect(refused.results[0]).toMatchObject({ outcome: 'refused', error: { code: 'RoleAssignmentsMissing', message: expect.stringContaining('lacks 3 role assignment(s)') } });
    expect(refused.results[0]!.error!.remedy).toContain(`az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role "Kubernetes Extension Contributor"`);
    expect(writes(emulator)).toBe(0);

    emulator.reset();
    const applied = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true }));
    expect([applied.results[0]!.outcome, applied.results[0]!.error]).toEqual(['applied', undefined]);
    const state = emulator.state();
    expect(state.computes[0]).toMatchObject({ provisioningState: 'Succeeded' });
    const granted = state.roleAssignments.filter((a) => a.principalId === principal);
    expect(granted.map((a) => a.scope.split('/').slice(-2).join('/')).sort()).toEqual(['connectedClusters/onprem-gpu-01', 'connectedClusters/onprem-gpu-01', 'connectedClusters/onprem-gpu-01', expect.stringMatching(/^namespaces\/onpremgpu01/)]);
    // The Relay Owner assignment names the Relay the install created.
    expect(granted.some((a) => a.scope === state.relay.namespaces[0]!.id)).toBe(true);
    // Granted before the attach: the creates come between the extension install and the compute PUT.
    const order = emulator.requests().filter((r) => r.method === 'PUT').map((r) => (r.path.includes('roleAssignments') ? 'role' : r.path.includes('/computes/') ? 'compute' : r.path.includes('/extensions/') ? 'extension' : 'relay'));
    expect(order.indexOf('compute')).toBeGreaterThan(order.lastIndexOf('role'));
    expect(order.indexOf('extension')).toBeLessThan(order.indexOf('role'));

    emulator.reset();
    const again = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true }));
    expect(again.results[0]).toMatchObject({ outcome: 'unchanged' });
    expect(writes(emulator)).toBe(0);
  });

  test('AKS: assignments that exist (Reader inherited from the resource group) are not created again', async () => {
    const inputs = aksWithIdentity();
    emulator = await emulatorFor(inputs);
    const principal = principalOf(emulator);
    await gatewayFor(emulator).createRoleAssignment({
      scope: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-poc-rg',
      name: '3f1a2b4c-0000-4000-8000-000000000001',
      roleDefinitionId: '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
      principalId: principal,
    });
    const planned = await plan(inputs, emulator);
    expect(planned.computes[0]!.changes.filter((c) => c.target === 'roleAssignment').map((c) => [c.roleAssignment!.role, c.action])).toEqual([
      ['Reader', 'noop'],
      ['Kubernetes Extension Contributor', 'create'],
      ['Azure Kubernetes Service Cluster Admin Role', 'create'],
    ]);
    const applied = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true }));
    expect(applied.results[0]).toMatchObject({ outcome: 'applied' });
    expect(emulator.state().roleAssignments.filter((a) => a.principalId === principal)).toHaveLength(3);
    // A re-run after the attach reads no role assignments: the compute is attached.
    emulator.reset();
    await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true }));
    expect(emulator.requests().filter((r) => r.path.includes('roleAssignments'))).toHaveLength(0);
  });

  test('an identity that does not exist blocks the plan with the command that creates it', async () => {
    const inputs = aksWithIdentity().map((i) => ({ ...i, text: i.text.replace('ml-compute-identity', 'missing-identity') }));
    emulator = await emulatorFor(inputs, { identities: [] });
    const planned = await plan(inputs, emulator);
    expect(planned.computes[0]!.blocked ?? '').toMatch(/user-assigned identity missing-identity was not found .*az identity create -g ml-rg -n missing-identity/);
  });
});

describe('Azure delays apply waits for', () => {
  const roleWrites = (e: Emulator) => e.requests().filter((r) => r.method === 'PUT' && r.path.includes('/roleAssignments/'));
  const collect = (): { events: ApplyEvent[]; lines: string[]; onEvent: (e: ApplyEvent) => void } => {
    const events: ApplyEvent[] = [];
    const lines: string[] = [];
    const print = progressPrinter((line) => lines.push(line));
    return { events, lines, onEvent: (e) => (events.push(e), print(e)) };
  };

  test('a new identity Entra ID has not replicated yet: PrincipalNotFound is retried with progress, then the attach goes on', async () => {
    const inputs = aksWithIdentity();
    // principalTypeSkipsLookup: false: the lookup happens although apply states principalType, as
    // when Azure answers PrincipalNotFound anyway (the reference says it can, for minutes).
    emulator = await emulatorFor(inputs, { principalReplicationDelayMs: 2000, principalTypeSkipsLookup: false });
    const principal = principalOf(emulator);
    const replicatedAt = Date.parse(emulator.state().identities.find((i) => i.principalId === principal)!.createdAt) + 2000;
    const { events, lines, onEvent } = collect();
    const applied = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true, onEvent }));
    expect([applied.results[0]!.outcome, applied.results[0]!.error]).toEqual(['applied', undefined]);
    expect(emulator.state().computes[0]).toMatchObject({ provisioningState: 'Succeeded' });

    const writes = roleWrites(emulator);
    expect(writes.filter((r) => r.status === 400).length).toBeGreaterThan(0);
    expect(writes.filter((r) => r.status === 201)).toHaveLength(3);
    // Created only once the directory knew the principal.
    for (const w of writes.filter((r) => r.status === 201)) expect(Date.parse(w.time)).toBeGreaterThanOrEqual(replicatedAt - 5);
    const waits = events.filter((e) => e.kind === 'progress' && e.progress.operation === 'role-assignment' && e.progress.state === REPLICATION_WAIT_STATE);
    expect(waits.length).toBeGreaterThan(0);
    expect(lines.some((l) => /^role-assignment [0-9a-f-]{36}: waiting for the identity to replicate in Entra ID \(\d+s\)$/.test(l))).toBe(true);
  });

  test('with principalType stated (what apply sends) Azure skips the lookup: the delay costs nothing', async () => {
    const inputs = aksWithIdentity();
    emulator = await emulatorFor(inputs, { principalReplicationDelayMs: 60_000 });
    const applied = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true }));
    expect(applied.results[0]!.outcome).toBe('applied');
    expect(roleWrites(emulator).map((r) => r.status)).toEqual([201, 201, 201]);
  });

  test('gives up after the bound (AML_K8S_PRINCIPAL_REPLICATION_TIMEOUT_MS) and says why; nothing is attached', async () => {
    const inputs = aksWithIdentity();
    emulator = await emulatorFor(inputs, { principalReplicationDelayMs: 60_000, principalTypeSkipsLookup: false });
    const applied = await applySpecs(inputs, gatewayFor(emulator, { principalReplicationTimeoutMs: 150 }), applyOptions({ createRoleAssignments: true }));
    const r = applied.results[0]!;
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ code: 'PrincipalNotFound', message: expect.stringMatching(/^Entra ID still does not know principal [0-9a-f-]{36} after \d+ s of retries .*does not exist in the directory/) });
    expect(r.error!.remedy).toContain('AML_K8S_PRINCIPAL_REPLICATION_TIMEOUT_MS');
    expect(emulator.state().computes).toHaveLength(0);
    expect(roleWrites(emulator).every((w) => w.status === 400)).toBe(true);
  });

  test('Arc: the Relay namespace is waited for; its hybrid connection is created only once it is active', async () => {
    const inputs = arcGpu();
    emulator = await emulatorFor(inputs, { relayActivationTimeMs: 600 });
    const { events, onEvent } = collect();
    const applied = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true, onEvent }));
    expect([applied.results[0]!.outcome, applied.results[0]!.error]).toEqual(['applied', undefined]);

    const ns = emulator.state().relay.namespaces[0]!;
    expect(ns.activeAt - Date.parse(ns.createdAt)).toBeGreaterThanOrEqual(599);
    const relay = emulator.requests().filter((r) => r.path.includes('/Microsoft.Relay/'));
    const nsPut = relay.findIndex((r) => r.method === 'PUT' && r.path.endsWith(`/namespaces/${ns.name}`));
    const hcPut = relay.findIndex((r) => r.method === 'PUT' && /\/hybridConnections\/[^/]+$/.test(r.path));
    expect(relay[nsPut]!.status).toBe(201);
    expect(relay[hcPut]!.status).toBe(200);
    // Never refused: the gateway polled the namespace between the two PUTs, and created the hybrid connection after activation.
    expect(relay.filter((r) => r.status === 404 && r.method !== 'GET')).toEqual([]);
    expect(relay.slice(nsPut + 1, hcPut).filter((r) => r.method === 'GET' && r.path.endsWith(`/namespaces/${ns.name}`)).length).toBeGreaterThan(1);
    expect(Date.parse(relay[hcPut]!.time)).toBeGreaterThanOrEqual(ns.activeAt);
    const states = events.flatMap((e) => (e.kind === 'progress' && e.progress.operation === 'relay' ? [e.progress.state] : []));
    expect(states).toContain('Created (Activating)');
    expect(states.at(-1)).toBe('Succeeded');
  });
});
