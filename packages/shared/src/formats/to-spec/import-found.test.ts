// Import from hand-written Terraform, Bicep, ARM, az ml YAML and InstanceType manifests: what
// becomes a placeholder, what is kept, what a spec cannot say, each reported at its line.
import { describe, expect, test } from '@jest/globals';
import { readAzmlYaml } from '../azml-yaml.ts';
import { readBicep } from '../bicep.ts';
import { readJson } from '../json.ts';
import { readTerraform } from '../terraform.ts';
import { importFound } from './import-found.ts';
import { readInstanceTypeManifests } from './manifests.ts';

const CLUSTER_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ws';

const codes = (ds: { code: string; severity: string; line: number }[]) => ds.map((d) => `${d.line} ${d.severity} ${d.code}`);

describe('import terraform', () => {
  const tf = [
    'resource "azurerm_kubernetes_cluster_extension" "aml" {',
    '  name           = "azureml"',
    `  cluster_id     = "${CLUSTER_ID}"`,
    '  extension_type = "microsoft.azureml.kubernetes"',
    '  configuration_settings = {',
    '    enableTraining        = "True"',
    '    "sslCname"            = var.cname',
    '    "custom.unknownKey"   = "kept"',
    '    "literal"             = "$${not_a_template}"',
    '  }',
    '  configuration_protected_settings = {',
    '    "relayServerConnectionString" = var.relay',
    '    "serviceBusConnectionString"  = "Endpoint=sb://x/;SharedAccessKey=abc"',
    '  }',
    '}',
    '',
    'resource "azapi_resource" "compute" {',
    '  type      = "Microsoft.MachineLearningServices/workspaces/computes@2022-10-01"',
    '  name      = "Train_1"',
    `  parent_id = "${WORKSPACE_ID}"`,
    '  body = {',
    '    properties = {',
    '      computeType      = "Kubernetes"',
    `      resourceId       = "${CLUSTER_ID}"`,
    '      disableLocalAuth = true',
    '      properties = {',
    '        namespace           = "team-a"',
    '        defaultInstanceType = "small"',
    '        instanceTypes       = { small = { resources = { limits = { cpu = "1" } } } }',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');

  test('one spec: the extension and the compute that attaches its cluster', async () => {
    const read = await readTerraform('main.tf', tf);
    const { documents, diagnostics } = importFound({ resources: read.resources });
    expect(documents).toHaveLength(1);
    const doc = documents[0]!;
    expect(doc.metadata.name).toBe('train-1');
    expect(doc.spec.cluster).toEqual({ type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', name: 'aks-1' });
    expect(doc.spec.attach).toEqual({ computeName: 'Train_1', workspace: { subscriptionId: '00000000-0000-0000-0000-000000000009', resourceGroup: 'ml-rg', name: 'ws' }, namespace: 'team-a' });
    expect(doc.spec.instanceTypes).toEqual({ small: { resources: { limits: { cpu: '1' } } } });
    // An escaped `$${` is a literal, not an expression; unknown settings are kept as written.
    expect(doc.spec.extension?.settings).toEqual({ sslCname: '<var.cname>', 'custom.unknownKey': 'kept', literal: '${not_a_template}' });
    // Protected values are never copied: expressions and literals alike become environment variables.
    expect(doc.spec.extension?.protectedSettings).toEqual({ relayServerConnectionString: { env: 'RELAY' }, serviceBusConnectionString: { env: 'SERVICE_BUS_CONNECTION_STRING' } });
    expect(JSON.stringify(doc)).not.toContain('SharedAccessKey=abc');
    expect(codes(diagnostics)).toEqual(
      expect.arrayContaining(['7 warning AMLK-IMPORT-EXPRESSION', '12 warning AMLK-IMPORT-SECRET', '13 warning AMLK-IMPORT-SECRET', '25 warning AMLK-IMPORT-UNSUPPORTED', '28 warning AMLK-IMPORT-UNSUPPORTED']),
    );
    expect(diagnostics.find((d) => d.line === 25)?.message).toContain('disableLocalAuth');
    expect(diagnostics.find((d) => d.line === 28)?.message).toContain('defaultinstancetype');
  });

  test('a cluster given by reference becomes placeholders, with a warning at the resource', async () => {
    const read = await readTerraform('main.tf', tf.replace(`"${CLUSTER_ID}"`, 'azurerm_kubernetes_cluster.main.id'));
    const { documents, diagnostics } = importFound({ resources: read.resources });
    expect(documents[0]!.spec.cluster).toMatchObject({ subscriptionId: '<subscription-id>', name: '<azurerm_kubernetes_cluster.main.id>' });
    expect(diagnostics.some((d) => d.code === 'AMLK-IMPORT-EXPRESSION' && d.line === 1 && d.message.includes('azurerm_kubernetes_cluster.main.id'))).toBe(true);
  });

  test('a legacy AKS inference compute is reported, not imported', async () => {
    const read = await readTerraform('legacy.tf', `resource "azurerm_machine_learning_inference_cluster" "old" {\n  name = "old"\n  kubernetes_cluster_id = "${CLUSTER_ID}"\n}\n`);
    const { documents, diagnostics } = importFound({ resources: read.resources });
    expect(documents).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['AMLK-IMPORT-UNSUPPORTED', 'AMLK-IMPORT-NOTHING']));
  });
});

describe('import bicep', () => {
  const bicep = [
    "param relay string",
    "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {",
    "  name: 'aks-1'",
    '}',
    "resource aml 'Microsoft.KubernetesConfiguration/extensions@2023-05-01' = {",
    '  scope: aks',
    "  name: 'azureml'",
    '  properties: {',
    "    extensionType: 'microsoft.azureml.kubernetes'",
    "    releaseTrain: 'preview'",
    "    configurationSettings: { enableTraining: 'True', location: resourceGroup().location }",
    '    configurationProtectedSettings: { relayServerConnectionString: relay }',
    '  }',
    '}',
  ].join('\n');

  test('the resource group it is deployed to is a placeholder unless the deployment names it', () => {
    const read = readBicep('main.bicep', bicep);
    const alone = importFound({ resources: read.resources });
    expect(alone.documents[0]!.spec.cluster).toEqual({ type: 'aks', subscriptionId: '<subscription-id>', resourceGroup: '<cluster-resource-group>', name: 'aks-1' });
    expect(alone.diagnostics.some((d) => d.code === 'AMLK-IMPORT-DEPLOYMENT-SCOPE')).toBe(true);
    const deployed = importFound({ resources: read.resources }, { deployment: () => ({ subscriptionId: 'sub', resourceGroup: 'rg' }) });
    expect(deployed.documents[0]!.spec.cluster).toMatchObject({ subscriptionId: 'sub', resourceGroup: 'rg' });
    expect(deployed.diagnostics.some((d) => d.code === 'AMLK-IMPORT-DEPLOYMENT-SCOPE')).toBe(false);
  });

  test('the region read at deployment is left to aml-k8s; other fields are kept', () => {
    const { documents, diagnostics } = importFound({ resources: readBicep('main.bicep', bicep).resources });
    const ext = documents[0]!.spec.extension!;
    expect(ext).toEqual({ releaseTrain: 'preview', training: true, protectedSettings: { relayServerConnectionString: { env: 'RELAY' } } });
    expect(diagnostics.find((d) => d.setting === 'location')).toMatchObject({ severity: 'info', code: 'AMLK-IMPORT-DERIVED', line: 11 });
  });
});

describe('import arm, azml and manifests', () => {
  test('an ARM REST body of a compute, with no workspace in it', () => {
    const body = JSON.stringify({ properties: { computeType: 'Kubernetes', resourceId: CLUSTER_ID, properties: { namespace: 'default' } }, location: 'westeurope' }, null, 2);
    const { documents, diagnostics } = importFound({ resources: readJson('compute.json', body).resources });
    expect(documents[0]!.spec).toEqual({ cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', name: 'aks-1' }, attach: { computeName: '<compute-name>', workspace: { resourceGroup: '<workspace-resource-group>', name: '<workspace-name>' } } });
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['AMLK-IMPORT-DEPLOYMENT-SCOPE', 'AMLK-IMPORT-NO-EXTENSION', 'AMLK-IMPORT-DERIVED']));
  });

  test('an ARM template: the cluster named by an expression, the compute by workspace/name', () => {
    const template = JSON.stringify({
      resources: [
        { type: 'Microsoft.KubernetesConfiguration/extensions', apiVersion: '2023-05-01', name: 'azureml', scope: "[resourceId('Microsoft.ContainerService/managedClusters', parameters('cluster'))]", properties: { extensionType: 'microsoft.azureml.kubernetes', configurationSettings: { enableTraining: 'True' } } },
        { type: 'Microsoft.MachineLearningServices/workspaces/computes', apiVersion: '2022-10-01', name: 'ws/train', properties: { computeType: 'Kubernetes', resourceId: "[resourceId('Microsoft.ContainerService/managedClusters', parameters('cluster'))]" } },
      ],
    }, null, 2);
    const { documents, diagnostics } = importFound({ resources: readJson('template.json', template).resources });
    expect(documents).toHaveLength(1);
    expect(documents[0]!.spec.cluster).toMatchObject({ subscriptionId: '<subscription-id>', name: expect.stringMatching(/^<\[resourceId\('Microsoft\.ContainerService\/managedClusters', parameters/) });
    expect(documents[0]!.spec.attach?.workspace).toEqual({ resourceGroup: '<workspace-resource-group>', name: 'ws' });
    expect(diagnostics.filter((d) => d.code === 'AMLK-IMPORT-EXPRESSION').length).toBeGreaterThan(0);
  });

  test('az ml compute YAML with its identity', () => {
    const yaml = `$schema: https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json\nname: k8s-compute\ntype: kubernetes\nresource_id: ${CLUSTER_ID}\nnamespace: ml\nidentity:\n  type: system_assigned\n`;
    const { documents } = importFound({ resources: readAzmlYaml('compute.yml', yaml).resources });
    expect(documents[0]!.spec.attach).toMatchObject({ namespace: 'ml', identity: { type: 'SystemAssigned' } });
    expect(documents[0]!.metadata.name).toBe('k8s-compute');
  });

  test('InstanceType manifests join the one spec; alone they get placeholder coordinates', () => {
    const manifests = readInstanceTypeManifests('types.yaml', 'apiVersion: amlarc.azureml.com/v1alpha1\nkind: InstanceTypeList\nitems:\n  - metadata:\n      name: gpu\n    spec:\n      resources:\n        limits:\n          nvidia.com/gpu: 1\n  - metadata: {}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n');
    expect(manifests.types).toEqual({ gpu: { resources: { limits: { 'nvidia.com/gpu': 1 } } } });
    expect(manifests.diagnostics).toMatchObject([{ code: 'AMLK-IMPORT-INSTANCE-TYPES', line: 10 }]);
    const alone = importFound({ resources: [], instanceTypes: [{ file: 'types.yaml', types: manifests.types }] });
    expect(alone.documents[0]!.spec).toMatchObject({ cluster: { name: '<cluster-name>' }, instanceTypes: manifests.types });
  });
});
