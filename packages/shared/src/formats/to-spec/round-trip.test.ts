// Round trip of every example spec through Terraform (both flavours) and Bicep: spec → render →
// the format's reader → import → a spec that sends Azure the same ARM requests and creates the
// same instance types.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desire } from '../../desire/desire.ts';
import { instanceTypeManifests } from '../../desire/instance-types.ts';
import { parseSpecText } from '../../model/parse.ts';
import type { ComputeDocument } from '../../model/types.ts';
import { armRequests } from '../../render/arm.ts';
import { bicepFiles } from '../../render/bicep.ts';
import { renderTerraform } from '../../render/terraform.ts';
import { readBicep } from '../bicep.ts';
import { readTerraform } from '../terraform.ts';
import { importFound } from './import-found.ts';
import type { FoundImportResult } from './import-found.ts';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '../../../../../examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const examples = files.flatMap((file) => parseSpecText(readFileSync(join(EXAMPLES, file), 'utf8'), file).specs.map((s) => [`${file}: ${s.doc.metadata.name}`, s.doc as ComputeDocument] as const));

/**
 * Rendered as `aml-k8s render` does (no cluster facts: the region settings are read from the cluster
 * at deployment), and as apply does (facts known: they are in the bodies).
 */
const CONTEXTS = [
  ['offline', {}],
  ['with cluster facts', { facts: { id: 'x', type: 'aks' as const, location: 'westeurope', nodeCount: 3 }, workspaceLocation: 'westeurope' }],
] as const;
let context: (typeof CONTEXTS)[number][1] = {};

const stateOf = (doc: ComputeDocument) => desire(doc, { specDir: EXAMPLES, ...context, ...('facts' in context ? { facts: { ...context.facts, type: doc.spec.cluster.type } } : {}) });

/** What aml-k8s would send for a spec: method, path, api-version and body of each request. */
function requests(doc: ComputeDocument) {
  return armRequests(stateOf(doc)).map((r) => ({ method: r.method, path: r.path, apiVersion: r.apiVersion, body: r.body }));
}

const instanceTypes = (doc: ComputeDocument) => instanceTypeManifests(doc.spec.instanceTypes ?? {}, doc.spec.attach?.computeName ?? doc.metadata.name);

function expectSameRequests(imported: FoundImportResult, doc: ComputeDocument): void {
  expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(imported.documents).toHaveLength(1);
  const back = imported.documents[0]!;
  expect(requests(back)).toEqual(requests(doc));
  // Same instance types, whatever order the reader lists them in.
  const sorted = (d: ComputeDocument) => Object.fromEntries(Object.entries(d.spec.instanceTypes ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  expect(instanceTypes({ ...back, spec: { ...back.spec, instanceTypes: sorted(back) } })).toEqual(instanceTypes({ ...doc, spec: { ...doc.spec, instanceTypes: sorted(doc) } }));
}

test('the examples cover Arc and AKS, TLS from PEM files, and instance types', () => {
  const docs = examples.map(([, d]) => d);
  expect(docs.some((d) => d.spec.cluster.type === 'arc')).toBe(true);
  expect(docs.some((d) => d.spec.cluster.type === 'aks')).toBe(true);
  expect(docs.some((d) => d.spec.instanceTypes)).toBe(true);
  expect(docs.some((d) => d.spec.extension?.inference?.tls && 'certFile' in d.spec.extension.inference.tls)).toBe(true);
});

describe.each(CONTEXTS)('%s', (_context, ctx) => {
  beforeAll(() => {
    context = ctx;
  });

  describe.each(['azapi', 'azurerm'] as const)('render --as terraform (%s), then import terraform', (flavour) => {
    test.each(examples)('%s: same ARM requests, same instance types', async (_name, doc) => {
      const text = renderTerraform([{ doc, state: stateOf(doc) }], { flavour });
      const read = await readTerraform('main.tf', text);
      expect(read.diagnostics).toEqual([]);
      expectSameRequests(importFound({ resources: read.resources }), doc);
    });
  });

  describe('render --as bicep, then import bicep', () => {
    test.each(examples)('%s: same ARM requests, same instance types', (_name, doc) => {
      const rendered = bicepFiles({ doc, state: stateOf(doc) });
      const scopes = new Map(rendered.map((f) => [f.name, { subscriptionId: f.subscriptionId, resourceGroup: f.resourceGroup }]));
      const resources = rendered.flatMap((f) => {
        const read = readBicep(f.name, f.text);
        expect(read.diagnostics).toEqual([]);
        return read.resources;
      });
      // A Bicep file does not name the resource group it is deployed to: the deployment says it.
      expectSameRequests(importFound({ resources }, { deployment: (r) => scopes.get(r.file) }), doc);
    });
  });
});

describe('all examples in one rendering', () => {
  beforeAll(() => {
    context = {};
  });

  test('one Terraform configuration gives every spec back, each with its own requests', async () => {
    const text = renderTerraform(examples.map(([, doc]) => ({ doc, state: stateOf(doc) })));
    const imported = importFound({ resources: (await readTerraform('main.tf', text)).resources });
    expect(imported.documents.map((d) => d.metadata.name)).toEqual(examples.map(([, d]) => d.metadata.name));
    imported.documents.forEach((back, i) => expect(requests(back)).toEqual(requests(examples[i]![1])));
  });

  test('a spec whose cluster and workspace share a resource group is one Bicep file, the compute depending on the extension', () => {
    const [, first] = examples[0]!;
    const doc: ComputeDocument = { ...first, spec: { ...first.spec, attach: { ...first.spec.attach!, workspace: { resourceGroup: first.spec.cluster.resourceGroup, name: 'ws' } } } };
    const rendered = bicepFiles({ doc, state: stateOf(doc) });
    expect(rendered).toHaveLength(1);
    expect(rendered[0]!.text).toMatch(/dependsOn: \[\n {4}\w+Extension\n {2}\]/);
    const read = readBicep(rendered[0]!.name, rendered[0]!.text);
    expect(read.diagnostics).toEqual([]);
    const scope = { subscriptionId: rendered[0]!.subscriptionId, resourceGroup: rendered[0]!.resourceGroup };
    expectSameRequests(importFound({ resources: read.resources }, { deployment: () => scope }), doc);
  });
});
