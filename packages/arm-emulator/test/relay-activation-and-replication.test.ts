// Two delays Azure has and the emulator models: a Relay namespace is usable only once its
// (long-running) creation has finished, and a new user-assigned identity is unknown to the
// directory for a while, so role assignments naming it answer PrincipalNotFound.
import { afterEach, describe, expect, test } from '@jest/globals';
import { startEmulator, trustEmulator, type Emulator, type EmulatorOptions } from '../src/index.ts';
import { resolveConfig } from '../src/config.ts';
import { RG, SUB, aksId, arm, armToken } from './helpers.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(options: EmulatorOptions): Promise<{ e: Emulator; token: string }> {
  emulator = await startEmulator({ installTimeMs: 0, attachTimeMs: 0, retryAfterSeconds: 0, ...options });
  trustEmulator(emulator);
  return { e: emulator, token: await armToken(emulator) };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Relay namespace activation', () => {
  const RELAY = 'api-version=2021-11-01';
  const ns = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Relay/namespaces/activating-ns`;

  test('defaults to a tenth of the install time', () => {
    expect(resolveConfig({}).relayActivationTimeMs).toBe(200);
    expect(resolveConfig({ installTimeMs: 300 }).relayActivationTimeMs).toBe(30);
    expect(resolveConfig({ installTimeMs: 300, relayActivationTimeMs: 5 }).relayActivationTimeMs).toBe(5);
    expect(() => resolveConfig({ relayActivationTimeMs: -1 })).toThrow(RangeError);
  });

  test('201 Created, entities refused until Active, re-PUT does not restart the activation', async () => {
    const { e, token } = await start({ relayActivationTimeMs: 400 });
    const created = await arm(e, 'PUT', `${ns}?${RELAY}`, { location: 'eastus', sku: { name: 'Standard', tier: 'Standard' } }, token);
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({ provisioningState: 'Created', status: 'Activating' });
    expect((await arm(e, 'GET', `${ns}?${RELAY}`, undefined, token)).body.properties).toMatchObject({ provisioningState: 'Created', status: 'Activating' });

    const early = await arm(e, 'PUT', `${ns}/hybridConnections/hc-1?${RELAY}`, { properties: { requiresClientAuthorization: true } }, token);
    expect(early.status).toBe(404);
    expect(early.body.error).toEqual({ code: 'NotFound', message: `The namespace activating-ns in subscription ${SUB} is not active, its current state is Created.` });
    expect((await arm(e, 'GET', `${ns}/hybridConnections/hc-1?${RELAY}`, undefined, token)).body.error.code).toBe('NotFound');

    const again = await arm(e, 'PUT', `${ns}?${RELAY}`, { location: 'eastus' }, token);
    expect([again.status, again.body.properties.provisioningState]).toEqual([200, 'Created']);
    const record = e.state().relay.namespaces[0]!;
    expect(record.activeAt - Date.parse(record.createdAt)).toBeGreaterThanOrEqual(399);

    await delay(Math.max(0, record.activeAt - Date.now()) + 20);
    expect((await arm(e, 'GET', `${ns}?${RELAY}`, undefined, token)).body.properties).toMatchObject({ provisioningState: 'Succeeded', status: 'Active' });
    const hc = await arm(e, 'PUT', `${ns}/hybridConnections/hc-1?${RELAY}`, { properties: { requiresClientAuthorization: true } }, token);
    expect(hc.status).toBe(200);
    const rule = await arm(e, 'PUT', `${ns}/hybridConnections/hc-1/authorizationRules/azureml_rw?${RELAY}`, { properties: { rights: ['Listen', 'Send', 'Manage'] } }, token);
    expect(rule.status).toBe(200);
  });

  test('the slowFactor fault stretches the activation like other operations', async () => {
    const { e, token } = await start({ relayActivationTimeMs: 100, faults: { slowFactor: 3 } });
    await arm(e, 'PUT', `${ns}?${RELAY}`, { location: 'eastus' }, token);
    const record = e.state().relay.namespaces[0]!;
    expect(record.activeAt - Date.parse(record.createdAt)).toBeGreaterThanOrEqual(299);
  });
});

describe('role assignments: any role, and the directory replication delay', () => {
  const AUTH = 'api-version=2022-04-01';
  const scope = aksId('aks-1');
  const identity = { subscriptionId: SUB, resourceGroup: RG, name: 'new-identity', principalId: 'a1b2c3d4-0000-4000-8000-00000000000a' };
  const reader = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
  let n = 0;
  const assign = (e: Emulator, token: string, properties: Record<string, unknown>) =>
    arm(e, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/7e7e7e7e-0000-4000-8000-${String(++n).padStart(12, '0')}?${AUTH}`, { properties }, token);
  const clusters: EmulatorOptions['clusters'] = [{ subscriptionId: SUB, resourceGroup: RG, name: 'aks-1', type: 'aks' }];

  test('any well-formed role definition ID is accepted (subscription and tenant forms); a malformed one is not', async () => {
    const { e, token } = await start({ clusters });
    const principalId = 'b0b0b0b0-0000-4000-8000-000000000001';
    // Storage Blob Data Reader: not one of the roles the emulator describes.
    const sub = await assign(e, token, { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`, principalId });
    expect(sub.status).toBe(201);
    const tenant = await assign(e, token, { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d', principalId });
    expect(tenant.status).toBe(201);
    for (const roleDefinitionId of ['Reader', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/not-a-guid`, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`]) {
      const bad = await assign(e, token, { roleDefinitionId, principalId });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'InvalidRoleDefinitionId']);
    }
    // Definitions themselves: only the built-ins aml-k8s grants are described.
    expect((await arm(e, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1?${AUTH}`, undefined, token)).status).toBe(404);
  });

  test('PrincipalNotFound, worded as Azure, until a new identity has replicated; principalType skips the lookup', async () => {
    const { e, token } = await start({ clusters, identities: [identity], principalReplicationDelayMs: 500 });
    const early = await assign(e, token, { roleDefinitionId: reader, principalId: identity.principalId });
    expect(early.status).toBe(400);
    expect(early.body.error).toEqual({
      code: 'PrincipalNotFound',
      message: `Principal a1b2c3d400004000800000000000000a does not exist in the directory ${e.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    });
    // Azure's documented mitigation: stating the principal type spares the lookup.
    expect((await assign(e, token, { roleDefinitionId: reader, principalId: identity.principalId, principalType: 'ServicePrincipal' })).status).toBe(201);
    // Principals the emulator does not hold are not looked up.
    expect((await assign(e, token, { roleDefinitionId: reader, principalId: 'c0c0c0c0-0000-4000-8000-000000000001' })).status).toBe(201);

    await delay(520);
    const contributor = reader.replace('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'b24988ac-6180-42a0-ab88-20f7382dd24c');
    expect((await assign(e, token, { roleDefinitionId: contributor, principalId: identity.principalId })).status).toBe(201);
  });

  test('an identity created through ARM starts its own delay; principalTypeSkipsLookup: false makes principalType no help', async () => {
    const { e, token } = await start({ clusters, principalReplicationDelayMs: 400, principalTypeSkipsLookup: false });
    const created = await arm(e, 'PUT', `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/made-now?api-version=2023-01-31`, { location: 'eastus' }, token);
    expect(created.status).toBe(201);
    const principalId = created.body.properties.principalId as string;
    const early = await assign(e, token, { roleDefinitionId: reader, principalId, principalType: 'ServicePrincipal' });
    expect([early.status, early.body.error.code]).toEqual([400, 'PrincipalNotFound']);
    expect(e.state().roleAssignments).toHaveLength(0);
    await delay(420);
    expect((await assign(e, token, { roleDefinitionId: reader, principalId, principalType: 'ServicePrincipal' })).status).toBe(201);
  });
});
