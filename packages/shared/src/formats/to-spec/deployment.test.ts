// Where a template file is deployed: read from its `az deployment group create` comment, overridden by the user's options.
import { describe, expect, test } from '@jest/globals';
import { fileDeployment, isResourceGroupName, isSubscriptionId } from './deployment.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const OTHER_SUB = '00000000-0000-0000-0000-000000000002';

describe('fileDeployment', () => {
  test('reads the command render --as bicep writes at the top of each file', () => {
    const text = `// main.bicep: extension azureml on cluster aks.\n// Deploy to resource group rg of subscription ${SUB}:\n//   az deployment group create --subscription ${SUB} --resource-group rg --template-file main.bicep\n\nresource x 'y@1' = {}\n`;
    const r = fileDeployment('infra/main.bicep', text);
    expect(r.scope).toEqual({ subscriptionId: SUB, resourceGroup: 'rg' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'info', code: 'AMLK-IMPORT-DEPLOYMENT-SCOPE', file: 'infra/main.bicep', line: 3 })]);
  });

  test('short options, = forms, quotes and continuation lines', () => {
    expect(fileDeployment('t.json', `{\n  // az deployment group create \\\n  //   -g "my.rg(1)" \\\n  //   --subscription=${SUB} -f ./t.json\n  "resources": []\n}\n`).scope).toEqual({ subscriptionId: SUB, resourceGroup: 'my.rg(1)' });
    expect(fileDeployment('t.bicep', '// az deployment group create -g rg -f t.bicep\n').scope).toEqual({ resourceGroup: 'rg' });
  });

  test('the options win field by field, and alone make the scope', () => {
    const text = `// az deployment group create --subscription ${SUB} -g rg -f t.bicep\n`;
    const r = fileDeployment('t.bicep', text, { resourceGroup: 'other' });
    expect(r.scope).toEqual({ subscriptionId: SUB, resourceGroup: 'other' });
    expect(r.diagnostics[0]!.message).toContain('except the resource group other given on the command line');
    expect(fileDeployment('t.bicep', 'param x string\n', { subscriptionId: OTHER_SUB, resourceGroup: 'g' })).toEqual({ scope: { subscriptionId: OTHER_SUB, resourceGroup: 'g' }, diagnostics: [] });
    expect(fileDeployment('t.bicep', 'param x string\n')).toEqual({ scope: undefined, diagnostics: [] });
  });

  test('commands for other files, with shell variables or placeholders, or disagreeing, are not taken', () => {
    const stream = `// az deployment group create -g a -f one.bicep\n// az deployment group create -g b -f two.bicep\n`;
    const all = fileDeployment('all.bicep', stream);
    expect(all.scope).toBeUndefined();
    expect(all.diagnostics[0]!.message).toContain('deploy other files (one.bicep, two.bicep)');
    // Standard input has no name to check the template file against.
    expect(fileDeployment('(stdin)', '// az deployment group create -g a -f one.bicep\n').scope).toEqual({ resourceGroup: 'a' });
    expect(fileDeployment('t.bicep', '// az deployment group create -g $RG -f t.bicep\n').scope).toBeUndefined();
    expect(fileDeployment('t.bicep', '// az deployment group create -g rg --subscription <sub>\n').scope).toBeUndefined();
    const twice = fileDeployment('t.bicep', '// az deployment group create -g a\n// az deployment group create -g b\n');
    expect(twice.scope).toBeUndefined();
    expect(twice.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 2 })]);
    // The same deployment named twice is one.
    expect(fileDeployment('t.bicep', '// az deployment group create -g a\n// az deployment group create -g A\n').scope).toEqual({ resourceGroup: 'a' });
    // Not a comment: code, or a string.
    expect(fileDeployment('t.bicep', "var s = 'az deployment group create -g a'\n").scope).toBeUndefined();
  });
});

test('subscription IDs and resource group names follow Azure rules', () => {
  expect(isSubscriptionId(SUB)).toBe(true);
  expect(isSubscriptionId('not-a-guid')).toBe(false);
  for (const ok of ['a', 'my_rg-1.(x)', 'x'.repeat(90)]) expect(isResourceGroupName(ok)).toBe(true);
  for (const bad of ['', 'ends.', 'x'.repeat(91), 'a b', 'a/b', '$RG']) expect(isResourceGroupName(bad)).toBe(false);
});
