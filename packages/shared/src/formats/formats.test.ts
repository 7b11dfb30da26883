import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.ts';
import { isExpression, valueAt } from './found-resource.ts';
import { fileFormat, readFormat } from './read.ts';
import { validateConfigFiles, validateFiles } from './validate-files.ts';

const fixture = (name: string): { file: string; text: string } => ({ file: name, text: readFileSync(new URL(`../../test/fixtures/formats/${name}`, import.meta.url), 'utf8') });

async function diagnosticsOf(name: string): Promise<Diagnostic[]> {
  return (await validateConfigFiles([fixture(name)])).diagnostics;
}

const at = (ds: Diagnostic[], code: string): string[] => ds.filter((d) => d.code === code).map((d) => `${d.line}:${d.column}`);

describe('format detection', () => {
  test.each([
    ['main.tf', 'terraform', 'resource "x" "y" {}'],
    ['main.bicep', 'bicep', "param x string"],
    ['template.json', 'arm', '{ "resources": [{ "type": "Microsoft.KubernetesConfiguration/extensions" }] }'],
    ['body.json', 'arm', '{ "properties": { "computeType": "Kubernetes" } }'],
    ['package.json', undefined, '{ "name": "x", "version": "1.0.0" }'],
    ['compute.yml', 'azml', 'name: k8s\ntype: kubernetes\nnamespace: default\n'],
    ['spec.yaml', 'spec', 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\n'],
    ['small.yaml', 'spec', 'apiVersion: amlarc.azureml.com/v1alpha1\nkind: InstanceType\n'],
  ])('%s is read as %s', (file, format, text) => {
    expect(fileFormat(file, text)).toBe(format);
  });
});

describe('Terraform', () => {
  test('reads the extension resources, an azapi compute with a jsonencode body and the legacy inference cluster', async () => {
    const { resources } = await readFormat('terraform', 'main.tf', fixture('main.tf').text);
    expect(resources.map((r) => r.declaredAs)).toEqual(['azurerm_kubernetes_cluster_extension.azureml', 'azurerm_arc_kubernetes_cluster_extension.arc', 'azapi_resource.compute', 'azurerm_machine_learning_inference_cluster.legacy']);
    const [aks, arc, compute] = resources;
    expect(aks!.cluster.type).toBe('aks');
    expect(arc!.cluster.type).toBe('arc');
    expect(valueAt(aks!.body, ['properties', 'configurationSettings', 'enableTraining'])).toBe('True');
    expect(compute!.apiVersion).toBe('2021-01-01');
    expect(valueAt(compute!.body, ['properties', 'properties', 'namespace'])).toBe('ML_Jobs');
    const expression = valueAt(arc!.body, ['properties', 'configurationSettings', 'enableTraining']);
    expect(isExpression(expression) && expression.text).toBe('var.enable_training');
  });

  test('reports spec rules and template rules at the key or value in the .tf file', async () => {
    const ds = await diagnosticsOf('main.tf');
    expect(at(ds, 'AMLK114')).toEqual(['21:5']);
    expect(at(ds, 'AMLK113')).toEqual(['22:34']);
    expect(at(ds, 'AMLK194')).toEqual(['35:5']);
    expect(at(ds, 'AMLK197')).toEqual(['57:21']);
    expect(at(ds, 'AMLK151')).toEqual(['60:21']);
    expect(at(ds, 'AMLK163')).toEqual(['64:34']);
    expect(ds.find((d) => d.code === 'AMLK198')?.message).toContain('azurerm_kubernetes_cluster_extension.azureml');
    expect(ds.find((d) => d.code === 'AMLK114')?.setting).toBe('inferenceLoadBalancerHA');
  });

  test('expressions are unknown, never errors: rules that need them say they could not check', async () => {
    const ds = await diagnosticsOf('main.tf');
    const arcLines = (d: Diagnostic): boolean => d.line >= 39 && d.line <= 49;
    expect(ds.filter((d) => arcLines(d) && d.severity === 'error')).toEqual([]);
    expect(ds.find((d) => arcLines(d) && d.code === 'AMLK191')?.message).toMatch(/AMLK100 .*var\.enable_training/);
    // domain = "${var.location}.cloudapp.azure.com" is an interpolation: not a bare location.
    expect(ds.filter((d) => d.code === 'AMLK193')).toEqual([]);
  });

  test('a syntax error is one error at its line', async () => {
    const ds = (await validateConfigFiles([{ file: 'bad.tf', text: 'resource "azapi_resource" "x" {\n  name = "a"\n' }])).diagnostics;
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'AMLK190', severity: 'error', file: 'bad.tf', line: 1 });
  });
});

describe('ARM templates and REST bodies', () => {
  test('reads JSON with comments and trailing commas, nested child resources and their workspace', async () => {
    const { resources, diagnostics } = await readFormat('arm', 'template.json', fixture('template.json').text);
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => [r.type, r.declaredAs])).toEqual([
      ['Microsoft.KubernetesConfiguration/extensions', 'resources[0]'],
      ['Microsoft.MachineLearningServices/workspaces/computes', 'resources[1].resources[0]'],
    ]);
    expect(resources[0]!.cluster.type).toBe('arc');
    expect(resources[1]!.workspace).toBe('ml-workspace');
    expect(isExpression(valueAt(resources[0]!.body, ['properties', 'configurationSettings', 'cluster_name']))).toBe(true);
  });

  test('reports at the key or value in the template', async () => {
    const ds = await diagnosticsOf('template.json');
    expect(at(ds, 'AMLK193')).toEqual(['25:21', '26:23', '29:34']);
    expect(at(ds, 'AMLK195')).toEqual(['32:11']);
    expect(at(ds, 'AMLK199')).toEqual(['21:11']);
    expect(at(ds, 'AMLK150')).toEqual(['44:19']);
    // The identity ID is a key in ARM: the report points at it.
    expect(at(ds, 'AMLK153')).toEqual(['47:41']);
    expect(ds.find((d) => d.code === 'AMLK191')?.message).toMatch(/AMLK102 .*parameters\('routerType'\)/);
    expect(ds.filter((d) => d.code === 'AMLK102')).toEqual([]);
  });

  test('a REST body is read as the resource its properties describe', async () => {
    const ds = await diagnosticsOf('extension-body.json');
    expect(at(ds, 'AMLK100')).toEqual(['6:32']);
    expect(at(ds, 'AMLK117')).toEqual(['5:5']);
  });

  test('invalid JSON is one error at the first problem', async () => {
    const ds = (await validateConfigFiles([{ file: 'body.json', text: '{ "properties": { "extensionType": "x" "scope": {} } }' }])).diagnostics;
    expect(ds).toEqual([expect.objectContaining({ code: 'AMLK190', line: 1, column: 40 })]);
  });
});

describe('Bicep', () => {
  test('reads resource declarations, conditions, existing resources and scopes', async () => {
    const { resources } = await readFormat('bicep', 'main.bicep', fixture('main.bicep').text);
    expect(resources.map((r) => r.declaredAs)).toEqual(['resource azureml', 'resource compute']);
    expect(resources[0]!.cluster).toEqual({ type: 'aks', ref: 'aks.id' });
    expect(resources[1]!.cluster).toEqual({ type: 'aks', ref: 'aks.id' });
    expect(resources[1]!.workspace).toBe('ml-workspace');
    expect(isExpression(valueAt(resources[0]!.body, ['properties', 'configurationSettings', 'domain']))).toBe(true);
    expect(valueAt(resources[0]!.body, ['properties', 'configurationSettings', 'relayserver.enabled'])).toBe('true');
  });

  test('reports at the key or value in the .bicep file', async () => {
    const ds = await diagnosticsOf('main.bicep');
    expect(at(ds, 'AMLK118')).toEqual(['19:9']);
    expect(at(ds, 'AMLK193')).toEqual(['34:30']);
    expect(at(ds, 'AMLK162')).toEqual(['56:51', '57:67']);
    expect(at(ds, 'AMLK199')).toEqual(['27:7']);
    expect(ds.filter((d) => d.code === 'AMLK192')).toEqual([]);
  });

  test('an unterminated string is a syntax error at its line', async () => {
    const ds = (await validateConfigFiles([{ file: 'bad.bicep', text: "resource x 'Microsoft.KubernetesConfiguration/extensions@2023-05-01' = {\n  name: 'azureml\n}\n" }])).diagnostics;
    expect(ds).toEqual([expect.objectContaining({ code: 'AMLK190', line: 2, column: 9 })]);
  });
});

describe('az ml compute YAML', () => {
  test('a Kubernetes compute is checked as an attach', async () => {
    const ds = await diagnosticsOf('compute.yml');
    expect(ds.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['AMLK151 5:12']);
  });

  test('legacy instance_types get a migration message and the instance type rules', async () => {
    const ds = await diagnosticsOf('legacy-compute.yml');
    expect(at(ds, 'AMLK189')).toEqual(['6:1']);
    expect(at(ds, 'AMLK161')).toEqual(['13:17', '16:17']);
  });
});

test('validateFiles validates specs as before next to other formats', async () => {
  const spec = 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata:\n  name: gpu\nspec:\n  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: aks }\n  extension:\n    training: false\n';
  const result = await validateFiles([{ file: 'spec.yaml', text: spec }, fixture('compute.yml'), { file: 'package.json', text: '{ "name": "x" }' }]);
  expect(result.specs).toHaveLength(1);
  expect(result.resources).toHaveLength(1);
  expect(result.configInputs.map((i) => i.file)).toEqual(['compute.yml']);
  expect(result.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(expect.arrayContaining(['spec.yaml AMLK100', 'compute.yml AMLK151']));
});

test('Bicep child resources declared inside their parent are read with the full type and workspace', async () => {
  const text = "resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' existing = {\n  name: 'ml-workspace'\n\n  resource compute 'computes' = {\n    name: 'k8s'\n    properties: {\n      computeType: 'Kubernetes'\n      properties: { namespace: 'Jobs' }\n    }\n  }\n}\n";
  const { resources, diagnostics } = await readFormat('bicep', 'nested.bicep', text);
  expect(diagnostics).toEqual([]);
  expect(resources.map((r) => [r.type, r.workspace, r.name])).toEqual([['Microsoft.MachineLearningServices/workspaces/computes', 'ml-workspace', 'k8s']]);
  expect(at((await validateConfigFiles([{ file: 'nested.bicep', text }])).diagnostics, 'AMLK151')).toEqual(['8:32']);
});

test('a protected value that is an expression is never quoted', async () => {
  const text = 'resource "azurerm_kubernetes_cluster_extension" "aml" {\n  name = "azureml"\n  extension_type = "microsoft.azureml.kubernetes"\n  configuration_settings = { installVolcano = "True" }\n  configuration_protected_settings = { enableTraining = "${var.training}-s3cr3t-text" }\n}\n';
  const ds = (await validateConfigFiles([{ file: 'ext.tf', text }])).diagnostics;
  expect(ds.find((d) => d.code === 'AMLK191')?.message).toMatch(/AMLK100 .*"enableTraining" is an expression \(a protected value, not shown\)/);
  expect(ds.filter((d) => d.code === 'AMLK100')).toEqual([]);
  expect(JSON.stringify(ds)).not.toContain('s3cr3t');
});

test('azapi_resource with an HCL object body: the extension and its positions', async () => {
  const text = [
    'resource "azapi_resource" "azureml" {',
    '  type      = "Microsoft.KubernetesConfiguration/extensions@2023-05-01"',
    '  name      = "azureml"',
    '  parent_id = azurerm_kubernetes_cluster.aks.id',
    '  body = {',
    '    properties = {',
    '      extensionType = "microsoft.azureml.kubernetes"',
    '      configurationSettings = {',
    '        enableTraining = "True"',
    '        "relayserver.enabled" = "true"',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  const { resources } = await readFormat('terraform', 'ext.tf', text);
  expect(resources).toHaveLength(1);
  expect(resources[0]).toMatchObject({ type: 'Microsoft.KubernetesConfiguration/extensions', apiVersion: '2023-05-01', name: 'azureml', cluster: { type: 'aks', ref: 'azurerm_kubernetes_cluster.aks.id' } });
  const ds = (await validateConfigFiles([{ file: 'ext.tf', text }])).diagnostics;
  expect(at(ds, 'AMLK193')).toEqual(['10:33']);
  expect(at(ds, 'AMLK192')).toEqual(['8:7']);
});

test('Terraform: escaped `$${` and `%%{` are literal text, in values and in keys; live interpolations stay unknown', async () => {
  const text = [
    'resource "azurerm_kubernetes_cluster_extension" "aml" {',
    '  name           = "azureml"',
    '  cluster_id     = azurerm_kubernetes_cluster.aks.id',
    '  extension_type = "Microsoft.AzureML.Kubernetes"',
    '  configuration_settings = {',
    '    "note$${x}" = "a $${literal} and %%{ this }"',
    '    live        = "prefix-${var.suffix}"',
    '  }',
    '}',
    '',
  ].join('\n');
  const { resources } = await readFormat('terraform', 'escapes.tf', text);
  const settings = valueAt(resources[0]!.body, ['properties', 'configurationSettings']) as Record<string, unknown>;
  expect(settings['note${x}']).toBe('a ${literal} and %{ this }');
  expect(isExpression(settings.live)).toBe(true);
});
