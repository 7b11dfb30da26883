// Which Terraform resource carries the extension, and what a spec to be removed renders as.
import { describe, expect, test } from '@jest/globals';
import { parse } from '@cdktf/hcl2json';
import { desire } from '../desire/desire.ts';
import type { ComputeDocument } from '../model/types.ts';
import { renderBicep } from './bicep.ts';
import { renderTerraform } from './terraform.ts';

const base: ComputeDocument = {
  apiVersion: 'aml-k8s/v1',
  kind: 'KubernetesCompute',
  metadata: { name: 'pinned' },
  spec: { cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', name: 'aks-1' }, extension: { training: true } },
};

async function resourcesOf(doc: ComputeDocument): Promise<Record<string, Record<string, [Record<string, unknown>]>>> {
  const text = renderTerraform([{ doc, state: desire(doc, { specDir: '.' }) }], { flavour: 'azurerm' });
  return ((await parse('main.tf', text)) as { resource?: Record<string, Record<string, [Record<string, unknown>]>> }).resource ?? {};
}

describe('render --as terraform-azurerm', () => {
  test('a pinned version (auto-upgrade off) is an azurerm extension with that version', async () => {
    const resources = await resourcesOf({ ...base, spec: { ...base.spec, extension: { training: true, version: '1.1.50', autoUpgradeMinorVersion: false } } });
    expect(resources.azurerm_kubernetes_cluster_extension?.pinned_extension?.[0]).toMatchObject({ version: '1.1.50', release_namespace: 'azureml' });
  });

  test('auto-upgrade off without a version cannot be said by azurerm: azapi_resource, with the reason', async () => {
    const doc: ComputeDocument = { ...base, spec: { ...base.spec, extension: { training: true, autoUpgradeMinorVersion: false } } };
    const resources = await resourcesOf(doc);
    expect(resources.azurerm_kubernetes_cluster_extension).toBeUndefined();
    expect(resources.azapi_resource?.pinned_extension?.[0]).toMatchObject({ type: 'Microsoft.KubernetesConfiguration/extensions@2023-05-01' });
    expect(renderTerraform([{ doc, state: desire(doc, { specDir: '.' }) }], { flavour: 'azurerm' })).toContain('# azapi_resource, because the azurerm extension resource cannot send this request: it turns auto-upgrade off only by pinning a version.');
  });
});

test('a spec with state: absent declares nothing', async () => {
  const doc: ComputeDocument = { ...base, spec: { ...base.spec, state: 'absent' } };
  const spec = { doc, state: desire(doc, { specDir: '.' }) };
  expect((await parse('main.tf', renderTerraform([spec]))) as Record<string, unknown>).not.toHaveProperty('resource');
  expect(renderBicep([spec])).not.toMatch(/^resource /m);
});
