// End-to-end: the role assignments a user-assigned attach identity needs, planned, refused
// without consent, created with it, and idempotent, on the real SDKs against the ARM emulator
// (which fails an attach whose identity lacks them, as Azure documents).
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs } from '../src/apply/apply.ts';
import { planAll } from '../src/plan/plan-all.ts';
import { summarizePlan } from '../src/plan/plan-compute.ts';
import { renderPlanText } from '../src/render/plan.ts';
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
