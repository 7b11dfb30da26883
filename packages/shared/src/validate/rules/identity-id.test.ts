// AMLK153 with hostile identity IDs: only Azure's characters and lengths in the resource group and
// the identity name, so nothing odd reaches an ARM URL, an az line or a role assignment scope.
import { expect, test } from '@jest/globals';
import { validateSpecs } from '../validate.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const id = (rg: string, name: string): string => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

const spec = (value: string): string => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: train }
spec:
  cluster: { type: aks, subscriptionId: ${SUB}, resourceGroup: rg, name: aks }
  extension: { training: true }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
    identity: { type: UserAssigned, ids: [${JSON.stringify(value)}] }
`;

const amlk153 = (value: string) => validateSpecs([{ file: 's.yaml', text: spec(value) }]).diagnostics.filter((d) => d.code === 'AMLK153' && d.severity === 'error');

test.each([
  ['a space in the resource group', id('ml rg', 'ml-id')],
  ['"$" in the resource group', id('ml$rg', 'ml-id')],
  ['command substitution in the resource group', id('$(id)', 'ml-id')],
  ['a resource group ending in "."', id('ml-rg.', 'ml-id')],
  ['a resource group of 91 characters', id('r'.repeat(91), 'ml-id')],
  ['a space in the name', id('ml-rg', 'ml id')],
  ['"$" in the name', id('ml-rg', 'ml$id')],
  ['a name starting with "-"', id('ml-rg', '-ml-id')],
  ['a name starting with "_"', id('ml-rg', '_ml-id')],
  ['a name of 2 characters', id('ml-rg', 'id')],
  ['a name of 129 characters', id('ml-rg', 'n'.repeat(129))],
  ['a "." in the name', id('ml-rg', 'ml.id')],
  ['a query string', `${id('ml-rg', 'ml-id')}?api-version=1`],
  ['a subscription that is no GUID', id('ml-rg', 'ml-id').replace(SUB, 'zzzzzzzz-0000-0000-0000-000000000001')],
])('refuses %s, without suggesting a "corrected" ID', (_what, value) => {
  const found = amlk153(value);
  expect(found).toHaveLength(1);
  expect(found[0]!.message).not.toContain('Did you mean');
  expect(found[0]!.message).toContain('the name has 3 to 128 letters, digits, "-" and "_"');
});

test.each([
  ['the usual shape', id('ml-rg', 'ml-id')],
  ['parentheses, dots and underscores in the group', id('ML_(prod).rg', 'ml_id-1')],
  ['a 90-character group and a 128-character name', id('r'.repeat(90), `a${'b'.repeat(127)}`)],
  ['a 3-character name starting with a digit', id('rg', '1ab')],
])('accepts %s', (_what, value) => {
  expect(amlk153(value)).toEqual([]);
});
