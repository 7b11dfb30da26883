// Round trip of every example spec through the az form: spec → render --as az → import az gives a
// spec that sends Azure the same requests and creates the same instance types.
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desire } from '../desire/desire.ts';
import { instanceTypeManifests } from '../desire/instance-types.ts';
import { importAz } from '../import/az.ts';
import { parseSpecText } from '../model/parse.ts';
import type { ComputeDocument } from '../model/types.ts';
import { armRequests } from './arm.ts';
import { renderAzCommands } from './az.ts';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const FACTS = { id: 'x', type: 'aks' as const, location: 'westeurope', nodeCount: 3 };

/**
 * The requests aml-k8s would send for a spec. The compute's description comes from the spec's
 * metadata, which `az ml compute attach` has no flag for (the rendered script says so in a
 * comment), so it is left out of the comparison.
 */
function requests(doc: ComputeDocument) {
  const state = desire(doc, { specDir: EXAMPLES, workspaceLocation: 'westeurope', facts: { ...FACTS, type: doc.spec.cluster.type } });
  return armRequests(state).map((r) => {
    const properties = (r.body as { properties?: Record<string, unknown> }).properties;
    if (properties && 'computeType' in properties) delete properties.description;
    return { method: r.method, path: r.path, apiVersion: r.apiVersion, body: r.body };
  });
}

const kubectlObjects = (doc: ComputeDocument) => instanceTypeManifests(doc.spec.instanceTypes ?? {}, doc.spec.attach?.computeName ?? doc.metadata.name);

describe.each(files)('%s: render --as az, then import az', (file) => {
  const parsed = parseSpecText(readFileSync(join(EXAMPLES, file), 'utf8'), file);
  test.each(parsed.specs.map((s) => [s.doc.metadata.name, s.doc] as const))('%s: same ARM requests, same instance types', (_name, doc) => {
    const script = renderAzCommands(doc);
    const imported = importAz(script);
    expect(imported.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(imported.documents).toHaveLength(1);
    const back = imported.documents[0]!;
    expect(requests(back)).toEqual(requests(doc));
    expect(kubectlObjects(back)).toEqual(kubectlObjects(doc));
    if (doc.spec.instanceTypes) expect(script).toMatch(/^kubectl apply -f - <<'INSTANCE_TYPES'$/m);
  });
});

test('the examples include instance types, so the round trip covers them', () => {
  const withTypes = files.filter((f) => parseSpecText(readFileSync(join(EXAMPLES, f), 'utf8'), f).specs.some((s) => s.doc.spec?.instanceTypes));
  expect(withTypes.length).toBeGreaterThan(0);
});
