// Terraform and Bicep renderers against hostile text: settings keys and values, names, namespaces,
// descriptions and instance types full of HCL and Bicep syntax (`${`, `%{`, quotes, backslashes,
// comments, line breaks) must come back unchanged through the format's parser and reader, and the
// output must declare exactly the intended resources. Protected values never appear.
import { describe, expect, test } from '@jest/globals';
import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { desire } from '../desire/desire.ts';
import { readBicep } from '../formats/bicep.ts';
import { readTerraform } from '../formats/terraform.ts';
import { importFound } from '../formats/to-spec/import-found.ts';
import { unescapeHcl } from '../formats/to-spec/values.ts';
import type { ComputeDocument } from '../model/types.ts';
import { armRequests } from './arm.ts';
import { bicepFiles } from './bicep.ts';
import { renderTerraform } from './terraform.ts';

const FRAGMENTS = ['${', '$${', '%{', '%%{', '}', '"', "'", '\\', '\\"', "\\'", '#', '//', '/*', '*/', '<<EOF', '\t', ' ', '$', '%', '{', 'var.x', '[', ']', 'é', '🙂', ':', ',', '\u0001'];
const hostile = (opts: { newline: boolean }) =>
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS, ...(opts.newline ? ['\n', '\r\n'] : [])), fc.string({ unit: 'grapheme-ascii', maxLength: 3 })), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join(''))
    // `=` would let a value look like a connection string, which import moves to protected on purpose.
    .filter((s) => !s.includes('=') && s.trim().length > 0);
const nameLike = hostile({ newline: false }).filter((s) => !s.includes('/'));

function specWith(v: { key: string; value: string; description: string; namespace: string; typeName: string; label: string; arc: boolean }): ComputeDocument {
  return {
    apiVersion: 'aml-k8s/v1',
    kind: 'KubernetesCompute',
    metadata: { name: 'hostile' },
    spec: {
      cluster: { type: v.arc ? 'arc' : 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'cluster-rg', name: 'cluster-1' },
      extension: { training: true, settings: { [`custom.${v.key}`]: v.value }, protectedSettings: { 'custom.secret': { env: 'HOSTILE_SECRET' } } },
      attach: { workspace: { resourceGroup: 'ml-rg', name: 'ws' }, namespace: v.namespace, description: v.description, identity: { type: 'SystemAssigned' } },
      instanceTypes: { [v.typeName]: { nodeSelector: { [v.label]: v.value }, resources: { requests: { cpu: '1' }, limits: { cpu: '2' } } } },
    },
  };
}

const SECRET = 'top-secret-value-0042';
const stateOf = (doc: ComputeDocument) => desire(doc, { specDir: '.', resolveSecrets: true, env: { HOSTILE_SECRET: SECRET } });
const requests = (doc: ComputeDocument) => armRequests(desire(doc, { specDir: '.' })).map((r) => ({ path: r.path, apiVersion: r.apiVersion, body: r.body }));

const values = fc.record({ key: nameLike, value: hostile({ newline: false }), description: hostile({ newline: true }), namespace: hostile({ newline: true }), typeName: nameLike, label: nameLike, arc: fc.boolean() });

describe('render --as terraform with hostile strings', () => {
  test.each(['azapi', 'azurerm'] as const)('%s: parses, declares the two resources and reads back to the same requests', async (flavour) => {
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        const doc = specWith(v);
        const text = renderTerraform([{ doc, state: stateOf(doc) }], { flavour });
        expect(text).not.toContain(SECRET);
        const json = (await parse('main.tf', text)) as { resource: Record<string, Record<string, unknown>>; variable: Record<string, [{ sensitive: boolean }]> };
        const addresses = Object.entries(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
        const extensionType = flavour === 'azapi' ? 'azapi_resource' : v.arc ? 'azurerm_arc_kubernetes_cluster_extension' : 'azurerm_kubernetes_cluster_extension';
        expect(addresses.sort()).toEqual(['azapi_resource.hostile_compute', `${extensionType}.hostile_extension`].sort());
        expect(Object.values(json.variable).every(([v]) => v.sensitive)).toBe(true);
        const read = await readTerraform('main.tf', text);
        const imported = importFound({ resources: read.resources });
        expect(imported.documents).toHaveLength(1);
        expect(requests(imported.documents[0]!)).toEqual(requests(doc));
      }),
      { numRuns: 40 },
    );
  });
});

describe('render --as bicep with hostile strings', () => {
  test('reads back to the same requests, with the secret a @secure() parameter', () => {
    fc.assert(
      fc.property(values, (v) => {
        const doc = specWith(v);
        const files = bicepFiles({ doc, state: stateOf(doc) });
        const scopes = new Map(files.map((f) => [f.name, { subscriptionId: f.subscriptionId, resourceGroup: f.resourceGroup }]));
        const resources = files.flatMap((f) => {
          expect(f.text).not.toContain(SECRET);
          const read = readBicep(f.name, f.text);
          expect(read.diagnostics).toEqual([]);
          return read.resources;
        });
        expect(resources.map((r) => r.type)).toEqual(['Microsoft.KubernetesConfiguration/extensions', 'Microsoft.MachineLearningServices/workspaces/computes']);
        expect(files[0]!.text).toMatch(/@secure\(\)\n@description\('[^\n]*'\)\nparam hostileCustomSecret string/);
        const imported = importFound({ resources }, { deployment: (r) => scopes.get(r.file) });
        expect(requests(imported.documents[0]!)).toEqual(requests(doc));
      }),
      { numRuns: 60 },
    );
  });
});

test('a hostile secret file path only ever appears inside an escaped description', async () => {
  await fc.assert(
    fc.asyncProperty(hostile({ newline: true }), async (path) => {
      const doc = specWith({ key: 'k', value: 'v', description: 'd', namespace: 'n', typeName: 't', label: 'l', arc: false });
      doc.spec.extension!.protectedSettings = { 'custom.file': { file: path } };
      const state = desire(doc, { specDir: '.' });
      const json = (await parse('main.tf', renderTerraform([{ doc, state }]))) as { variable: Record<string, [{ description: string }]> };
      // hcl2json writes JSON-syntax Terraform, which keeps `$${` and `%%{` escaped.
      expect(Object.values(json.variable).map(([v]) => unescapeHcl(v.description))).toEqual([`Protected setting custom.file: the content of the file ${path} in the spec.`]);
      for (const file of bicepFiles({ doc, state })) expect(readBicep(file.name, file.text).diagnostics).toEqual([]);
    }),
    { numRuns: 40 },
  );
});
