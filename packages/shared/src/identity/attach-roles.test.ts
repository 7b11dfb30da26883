import { describe, expect, test } from '@jest/globals';
import { validateSpecs } from '../validate/validate.ts';
import { attachRoleRequirements, azRoleAssignmentCommand, coversScope, relayNamespaceOf, roleAssignmentName } from './attach-roles.ts';

const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/k8s-rg/providers/Microsoft.Kubernetes/connectedClusters/arc-1';
const IDENTITY = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id';
const RELAY = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/k8s-rg/providers/Microsoft.Relay/namespaces/arc1relay';

describe('attach role requirements', () => {
  test('AKS: Reader, Kubernetes Extension Contributor and Cluster Admin on the cluster', () => {
    const reqs = attachRoleRequirements({ identityId: IDENTITY, clusterId: CLUSTER.replace('Microsoft.Kubernetes/connectedClusters', 'Microsoft.ContainerService/managedClusters'), clusterType: 'aks', relayNamespaceId: RELAY });
    expect(reqs.map((r) => r.role)).toEqual(['Reader', 'Kubernetes Extension Contributor', 'Azure Kubernetes Service Cluster Admin Role']);
  });

  test('Arc: and Azure Relay Owner on the Relay namespace', () => {
    const reqs = attachRoleRequirements({ identityId: IDENTITY, clusterId: CLUSTER, clusterType: 'arc', relayNamespaceId: RELAY, relayCreatedByApply: true });
    expect(reqs.map((r) => [r.role, r.scope, r.roleDefinitionGuid, r.scopeCreatedByApply ?? false])).toEqual([
      ['Reader', CLUSTER, 'acdd72a7-3385-48ef-bd42-f606fba81ae7', false],
      ['Kubernetes Extension Contributor', CLUSTER, '85cb6faf-e071-4c9b-8136-154b5a04f717', false],
      ['Azure Kubernetes Service Cluster Admin Role', CLUSTER, '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8', false],
      ['Azure Relay Owner', RELAY, '2787bf04-f1f5-4bfe-8383-c8a24483ee38', true],
    ]);
    expect(relayNamespaceOf(`${RELAY}/hybridConnections/arc-1`)).toBe(RELAY);
    expect(relayNamespaceOf('/subscriptions/x')).toBeUndefined();
  });

  test('assignment names are GUIDs, the same on every run, different per scope, role and principal', () => {
    const a = roleAssignmentName(CLUSTER, 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'p1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(roleAssignmentName(CLUSTER.toUpperCase(), 'ACDD72A7-3385-48EF-BD42-F606FBA81AE7', 'P1')).toBe(a);
    expect(new Set([a, roleAssignmentName(RELAY, 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'p1'), roleAssignmentName(CLUSTER, '85cb6faf-e071-4c9b-8136-154b5a04f717', 'p1'), roleAssignmentName(CLUSTER, 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'p2')]).size).toBe(4);
  });

  test('an assignment on a resource group or subscription covers the resources below it', () => {
    expect(coversScope('/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/K8S-RG', CLUSTER)).toBe(true);
    expect(coversScope('/subscriptions/00000000-0000-0000-0000-000000000002', CLUSTER)).toBe(true);
    expect(coversScope(CLUSTER, CLUSTER)).toBe(true);
    expect(coversScope('/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/k8s', CLUSTER)).toBe(false);
    expect(coversScope(`${CLUSTER}/providers/x/y/z`, CLUSTER)).toBe(false);
  });

  test('az lines quote role names with spaces; without a principal they look the identity up', () => {
    const [reader, , admin] = attachRoleRequirements({ identityId: IDENTITY, clusterId: CLUSTER, clusterType: 'arc' });
    expect(azRoleAssignmentCommand(reader!, 'p-1')).toBe(`az role assignment create --assignee-object-id p-1 --assignee-principal-type ServicePrincipal --role Reader --scope ${CLUSTER}`);
    expect(azRoleAssignmentCommand(admin!, undefined)).toBe(
      `az role assignment create --assignee-object-id "$(az identity show --ids ${IDENTITY} --query principalId -o tsv)" --assignee-principal-type ServicePrincipal --role "Azure Kubernetes Service Cluster Admin Role" --scope ${CLUSTER}`,
    );
  });
});

describe('malformed identity IDs (AMLK153) suggest the corrected ID', () => {
  const spec = (id: string) => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: train }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: aks }
  extension: { training: true }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
    identity: { type: UserAssigned, ids: ["${id}"] }
`;
  const messages = (id: string) => validateSpecs([{ file: 's.yaml', text: spec(id) }]).diagnostics.filter((d) => d.code === 'AMLK153').map((d) => [d.line, d.message]);

  test.each([
    ['a missing leading "/"', IDENTITY.slice(1)],
    ['a wrong provider and type', IDENTITY.replace('Microsoft.ManagedIdentity/userAssignedIdentities', 'Microsoft.ManagedIdentities/userAssignedIdentity')],
  ])('%s', (_what, id) => {
    expect(messages(id)).toEqual([[9, `"${id}" is not a user-assigned identity resource ID. Did you mean "${IDENTITY}"?`]]);
  });

  test('a client ID is explained with the expected shape', () => {
    expect(messages('4a8b2c6d-1e3f-4a5b-8c7d-9e0f1a2b3c4d')[0]![1]).toContain('Expected /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>.');
  });
});
