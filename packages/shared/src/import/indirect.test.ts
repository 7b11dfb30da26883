// az commands a script runs indirectly: command substitutions, PowerShell strings run by
// Invoke-Expression, `& az`, `$x = az ...`, and eval.
import { describe, expect, test } from '@jest/globals';
import { importAz } from './az.ts';
import { detectDialect } from './shell.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const ARGS = `--name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name aks1 --resource-group ml-rg --subscription ${SUB} --scope cluster`;

const clusters = (text: string) => importAz(text).documents.map((d) => `${d.spec.cluster.resourceGroup}/${d.spec.cluster.name}`);

describe('command substitutions', () => {
  test('$(...) assigned to a variable, over continued lines, located where it is written', () => {
    const text = `RG=ml-rg\nEXT=$(az k8s-extension create ${ARGS.replace('ml-rg', '$RG')} \\\n  --config enableTraining=True oops)`;
    const r = importAz(text);
    expect(r.documents.map((d) => d.spec.extension)).toEqual([{ name: 'azureml', training: true }]);
    expect(r.documents[0]!.spec.cluster.resourceGroup).toBe('ml-rg');
    expect(r.diagnostics.find((d) => d.code === 'AMLK-IMPORT-BAD-SETTING')).toMatchObject({ severity: 'error', line: 3, column: text.split('\n')[2]!.indexOf('oops') + 1 });
  });

  test('backquotes, and a substitution inside a double-quoted word', () => {
    expect(clusters(`OUT=\`az k8s-extension create ${ARGS} --config enableTraining=True\``)).toEqual(['ml-rg/aks1']);
    expect(clusters(`echo "created: $(az k8s-extension create ${ARGS} --config enableTraining=True)"`)).toEqual(['ml-rg/aks1']);
  });

  test('a substitution runs before the command it is in: the attach joins the extension', () => {
    const attach = `az ml compute attach --type Kubernetes --name gpu-compute -w ml-ws -g ml-rg --resource-id /subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/aks1`;
    const r = importAz(`ID=$(az k8s-extension create ${ARGS} --config enableTraining=True --query id -o tsv)\n${attach}`);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.spec.attach?.workspace.name).toBe('ml-ws');
  });

  test('variables set for the command only', () => {
    expect(clusters(`AZURE_CORE_OUTPUT=none AZURE_CORE_ONLY_SHOW_ERRORS=true az k8s-extension create ${ARGS} --config enableTraining=True`)).toEqual(['ml-rg/aks1']);
  });

  test('text without az is not read again, and other commands in substitutions are ignored', () => {
    expect(importAz('X=$(echo $(date))\nY=$(az account show --query id -o tsv)').documents).toEqual([]);
  });
});

describe('PowerShell', () => {
  test('the dialect shows from PowerShell syntax, not only from backtick continuations', () => {
    expect(detectDialect('$rg = "ml-rg"\naz group show -n $rg')).toBe('powershell');
    expect(detectDialect('Invoke-Expression "az version"')).toBe('powershell');
    expect(detectDialect('RG=ml-rg\naz group show -n $RG')).toBe('bash');
  });

  test('Invoke-Expression with the command in a string, its variables read from the script', () => {
    const text = `$rg = "ml-rg"\nInvoke-Expression "az k8s-extension create ${ARGS.replace('ml-rg', '$rg')} --config enableTraining=True oops"`;
    const r = importAz(text);
    expect(r.documents[0]!.spec.cluster.resourceGroup).toBe('ml-rg');
    expect(r.diagnostics.find((d) => d.code === 'AMLK-IMPORT-BAD-SETTING')).toMatchObject({ line: 2, column: text.split('\n')[1]!.indexOf('oops') + 1 });
  });

  test('iex -Command, and Invoke-Expression of a variable holding the command', () => {
    expect(clusters(`iex -Command "az k8s-extension create ${ARGS} --config enableTraining=True"`)).toEqual(['ml-rg/aks1']);
    expect(clusters(`$cmd = "az k8s-extension create ${ARGS} --config enableTraining=True"\nInvoke-Expression $cmd`)).toEqual(['ml-rg/aks1']);
  });

  test('backtick-escaped quotes inside the string', () => {
    const r = importAz(`Invoke-Expression "az k8s-extension create ${ARGS} --config enableTraining=True \`"nodeSelector.pool=ml gpu\`""`);
    expect(r.documents[0]!.spec.extension!.nodeSelector).toEqual({ pool: 'ml gpu' });
  });

  test('& az with backtick continuations, and $x = az ... (the output assigned)', () => {
    const text = `& az k8s-extension create ${ARGS} \`\n  --config enableTraining=True\n$ext = az k8s-extension update --name azureml --cluster-type managedClusters --cluster-name aks1 --resource-group ml-rg --subscription ${SUB} --config installPromOp=False`;
    const r = importAz(text);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.spec.extension).toEqual({ name: 'azureml', training: true, components: { prometheusOperator: false } });
    expect(r.sourceLines).toEqual([[1, 3]]);
  });

  test('bash eval, and a variable holding the command line', () => {
    expect(clusters(`eval "az k8s-extension create ${ARGS} --config enableTraining=True"`)).toEqual(['ml-rg/aks1']);
    expect(clusters(`CREATE="az k8s-extension create ${ARGS}"
$CREATE --config enableTraining=True`)).toEqual(['ml-rg/aks1']);
  });
});
