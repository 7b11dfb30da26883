// Variables the text does not assign are values still to fill in: kept as written with a warning,
// never an error, and counted as filled in when the imported spec is validated.
import { describe, expect, test } from '@jest/globals';
import { importAz, importAzToYaml } from './az.ts';
import { withPlaceholdersFilled } from './placeholders-filled.ts';
import { validateImported } from './validate-imported.ts';

const EXT = 'az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --scope cluster --config enableTraining=True';
const ATTACH = 'az ml compute attach --type Kubernetes --name gpu-compute --workspace-name $WORKSPACE --resource-group $WS_RG';

function judged(text: string) {
  const imported = importAzToYaml(text, { file: 'setup.sh' });
  return { imported, errors: [...imported.diagnostics, ...validateImported(imported, 'imported.yaml')].filter((d) => d.severity === 'error') };
}

describe('unassigned variables', () => {
  test.each([
    ['cluster name, resource group and subscription', `${EXT} --cluster-type managedClusters --cluster-name $CLUSTER --resource-group \${RG} --subscription $SUBSCRIPTION_ID`],
    ['a cluster type', `${EXT} --cluster-type $CLUSTER_TYPE --cluster-name aks1 --resource-group rg --subscription $SUB`],
    ['a scope', `${EXT.replace('--scope cluster', '--scope $SCOPE')} --cluster-type managedClusters --cluster-name aks1 --resource-group rg`],
    ['PowerShell variables', `${EXT} --cluster-type managedClusters --cluster-name $env:CLUSTER --resource-group $rg --subscription $sub`],
    ['a whole resource ID', `${ATTACH} --resource-id $CLUSTER_ID`],
    ['a resource ID made of variables', `${ATTACH} --resource-id /subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CLUSTER`],
    ['an identity type', `${ATTACH} --resource-id $CLUSTER_ID --identity-type $IDENTITY`],
    ['a setting value', `${EXT} --cluster-type managedClusters --cluster-name aks1 --resource-group rg --config enableInference=True inferenceRouterServiceType=$ROUTER allowInsecureConnections=True`],
  ])('%s: warnings, no error, in the import or its validation', (_what, text) => {
    const { imported, errors } = judged(text);
    expect(imported.documents).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(imported.diagnostics.some((d) => d.severity === 'warning' && d.code === 'AMLK-IMPORT-VARIABLE')).toBe(true);
  });

  test('a finding about a setting held in a variable is a warning that says so', () => {
    const imported = importAzToYaml(`${EXT} --cluster-type managedClusters --cluster-name aks1 --resource-group rg --config enableInference=True inferenceRouterServiceType=$ROUTER allowInsecureConnections=True`);
    expect(validateImported(imported, 'imported.yaml')).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'AMLK102', setting: 'inferenceRouterServiceType', message: expect.stringContaining('is a variable this text does not assign') }));
  });

  test('a variable resource ID attaches the one cluster the text installs on', () => {
    const r = importAz(`${EXT} --cluster-type connectedClusters --cluster-name arc1 --resource-group rg\n${ATTACH} --resource-id "$CLUSTER_ID"`);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.spec).toMatchObject({ cluster: { type: 'arc', name: 'arc1' }, attach: { workspace: { name: '$WORKSPACE' } } });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', code: 'AMLK-IMPORT-VARIABLE', line: 2 }));
  });

  test('a variable extension type is taken for Azure ML when the settings are', () => {
    const base = '--cluster-type managedClusters --cluster-name aks1 --resource-group rg';
    const azureml = importAz(`az k8s-extension create --name azureml --extension-type $EXT_TYPE ${base} --config enableTraining=True`);
    expect(azureml.documents).toHaveLength(1);
    expect(azureml.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'AMLK-IMPORT-VARIABLE' }));
    expect(importAz(`az k8s-extension create --name flux --extension-type $EXT_TYPE ${base} --config foo=bar`).documents).toEqual([]);
  });

  test('the validation stand-ins: a GUID for subscriptions, a name for the rest', () => {
    const filled = withPlaceholdersFilled('subscriptionId: $SUB\nname: ${CLUSTER_NAME}\nrg: $env:RG\nid: /subscriptions/${SUB}/resourceGroups/x\nother: $(az aks show -n x)\nkept: plain');
    expect(filled).toBe('subscriptionId: 00000000-0000-0000-0000-000000000000\nname: cluster-name\nrg: rg\nid: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x\nother: az-aks-show-n-x\nkept: plain');
  });
});
