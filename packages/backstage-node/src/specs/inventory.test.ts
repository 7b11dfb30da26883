import { describe, expect, test } from '@jest/globals';
import { inventoryOf } from './inventory.ts';

const spec = (name: string, state = 'present'): string => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: ${name} }
spec:
  state: ${state}
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: aks-${name} }
  extension: { training: true }
  attach: { workspace: { resourceGroup: rg, name: ws } }
`;

const file = (location: string, text: string) => ({ location, locationType: 'file' as const, text });

describe('inventoryOf', () => {
  test('well-formed specs, one per name; other YAML documents are ignored quietly', () => {
    const inv = inventoryOf([
      file('/a.yaml', `${spec('alpha')}---\n${spec('beta')}`),
      file('/catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: x }\n'),
      file('/dup.yaml', spec('Alpha')),
      file('/broken.yaml', 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata: { name: broken }\nspec: { cluster: 3 }\n'),
      file('/syntax.yaml', 'a: [1,\n'),
      file('/gone.yaml', spec('gone', 'absent')),
    ]);
    expect(inv.problems.filter((p) => p.location === '/a.yaml')).toEqual([]);
    expect(inv.entries.map((e) => [e.name, e.location])).toEqual([['alpha', '/a.yaml'], ['beta', '/a.yaml']]);
    expect(inv.problems.map((p) => p.location)).toEqual(['/dup.yaml', '/broken.yaml', '/syntax.yaml']);
    expect(inv.problems[0]!.message).toMatch(/already declared in \/a\.yaml/);
  });

  test('keep: each entry becomes what the caller keeps, with the same checks and problems', () => {
    const inv = inventoryOf([file('/a.yaml', spec('alpha')), file('/dup.yaml', spec('ALPHA')), file('/b.yaml', spec('beta'))], (e) => `${e.name}@${e.doc.spec.cluster.name}`);
    expect(inv.entries).toEqual(['alpha@aks-alpha', 'beta@aks-beta']);
    expect(inv.problems.map((p) => p.location)).toEqual(['/dup.yaml']);
  });
});
