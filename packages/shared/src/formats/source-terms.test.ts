import { describe, expect, test } from '@jest/globals';
import { COMPUTE_TYPE, EXTENSION_TYPE } from './found-resource.ts';
import type { FoundResource, SourceFormat } from './found-resource.ts';
import { inSourceTerms } from './source-terms.ts';
import { validateConfigFiles } from './validate-files.ts';

function extension(format: SourceFormat, declaredAs = 'resource aml'): FoundResource {
  return { format, file: 'f', type: EXTENSION_TYPE, declaredAs, body: { properties: { extensionType: 'microsoft.azureml.kubernetes', configurationSettings: {} } }, cluster: {}, position: () => ({ line: 1, column: 1 }) };
}

function compute(format: SourceFormat): FoundResource {
  return { format, file: 'f', type: COMPUTE_TYPE, declaredAs: 'compute', body: { properties: { computeType: 'Kubernetes' } }, cluster: {}, position: () => ({ line: 1, column: 1 }) };
}

const NEITHER = 'Neither training nor inference is enabled. Set `training: true` or add an `inference:` block.';

describe('fixes in the terms of the source', () => {
  test('a setting fix becomes the configuration setting key and the value Azure reads, per format', () => {
    expect(inSourceTerms(NEITHER, extension('terraform', 'azurerm_kubernetes_cluster_extension.aml'))).toBe('Neither training nor inference is enabled. Set `enableTraining = "True"` in `configuration_settings` or add `enableInference = "True"` in `configuration_settings`.');
    expect(inSourceTerms(NEITHER, extension('terraform', 'azapi_resource.aml'))).toContain('`enableTraining = "True"` in `body.properties.configurationSettings`');
    expect(inSourceTerms(NEITHER, extension('arm'))).toContain('`"enableTraining": "True"` in `properties.configurationSettings`');
    expect(inSourceTerms(NEITHER, extension('bicep'))).toContain("`enableTraining: 'True'` in `properties.configurationSettings`");
  });

  test('a block of fields maps field by field; where the block was named is dropped, PEM files become base64 protected settings', () => {
    const r = extension('terraform', 'azurerm_kubernetes_cluster_extension.aml');
    expect(inSourceTerms('Add `cname: <host name in the certificate>` to `tls`.', r)).toBe('Add `sslCname = "<host name in the certificate>"` in `configuration_settings`.');
    expect(inSourceTerms('Add `routerServiceType: LoadBalancer` (or NodePort) to the inference block.', r)).toBe('Add `inferenceRouterServiceType = "LoadBalancer"` in `configuration_settings` (or NodePort).');
    expect(inSourceTerms('Add `tls: { insecure: true }` for HTTP.', r)).toBe('Add `allowInsecureConnections = "True"` in `configuration_settings` for HTTP.');
    expect(inSourceTerms('e.g. `tls: { cname, certFile }`.', r)).toBe('e.g. `sslCname = "..."` in `configuration_settings`, `"scoringFe.sslCert" = <base64 of the PEM text>` in `configuration_protected_settings`.');
  });

  test('properties of the resource take the source\'s attribute names; what the source has no place for stays as written', () => {
    expect(inSourceTerms('Add `autoUpgradeMinorVersion: false`.', extension('arm'))).toBe('Add `properties.autoUpgradeMinorVersion` set to `false`.');
    expect(inSourceTerms('Add `autoUpgradeMinorVersion: false`.', extension('terraform', 'azurerm_kubernetes_cluster_extension.aml'))).toBe('Add `autoUpgradeMinorVersion: false`.');
    expect(inSourceTerms('Remove `ids` or change the type.', compute('arm'))).toBe('Remove `identity.userAssignedIdentities` or change the type.');
    expect(inSourceTerms('Remove `ids` or change the type.', compute('azml'))).toBe('Remove `identity.user_assigned_identities` or change the type.');
    const untouched = 'Use `cluster.type: arc`, run `openssl pkey -in key.pem`, write `True`.';
    expect(inSourceTerms(untouched, extension('arm'))).toBe(untouched);
  });

  test('the rules\' messages on a Terraform file carry the rewritten fix', async () => {
    const text = 'resource "azurerm_kubernetes_cluster_extension" "aml" {\n  name           = "azureml"\n  cluster_id     = "x"\n  extension_type = "microsoft.azureml.kubernetes"\n  configuration_settings = {\n    enableTraining = "False"\n  }\n}\n';
    const found = await validateConfigFiles([{ file: 'main.tf', text }]);
    const neither = found.diagnostics.find((d) => d.code === 'AMLK100');
    expect(neither?.message).toContain('Set `enableTraining = "True"` in `configuration_settings`');
    expect(neither?.message).not.toContain('training: true');
  });
});
