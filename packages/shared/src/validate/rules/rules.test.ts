import { beforeAll, describe, expect, test } from '@jest/globals';
import { generate } from 'selfsigned';
import { validateFiles } from '../../formats/validate-files.ts';
import { BASE_EXAMPLE, exampleFacts, exampleText } from './examples.ts';
import { RULES } from './index.ts';
import type { Rule, RuleExample } from './rule.ts';

const files: Record<string, string> = {};

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'ml.contoso.com' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'ml.contoso.com' }] }],
  });
  files['@demo-cert'] = pems.cert;
  files['@demo-key'] = pems.private;
});

async function run(example: RuleExample) {
  const text = exampleText(example.overlay);
  const inputs = [{ file: example.file ?? 'spec.yaml', text }, ...(example.others ?? []).map((o, i) => ({ file: `other-${i}.yaml`, text: exampleText(o) }))];
  const result = await validateFiles(inputs, {
    instanceTypeManifests: true,
    facts: (doc) => exampleFacts(example, doc.spec.cluster.type),
    env: Object.fromEntries(Object.entries(example.env ?? {}).map(([k, v]) => [k, files[v] ?? v])),
    readFile: (p) => {
      const name = p.split('/').pop()!;
      const content = example.files?.[name];
      return content === undefined ? undefined : (files[content] ?? content);
    },
  });
  return result.diagnostics;
}

test('codes are unique and every rule has passing and failing examples', () => {
  expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
  for (const r of RULES) {
    expect(r.examples.pass.length).toBeGreaterThan(0);
    expect(r.examples.fail.length).toBeGreaterThan(0);
    expect(r.doc.length).toBeGreaterThan(40);
    expect(r.source).toBeTruthy();
  }
});

test('the base example is clean', async () => {
  const ds = (await run({ title: 'base', overlay: {} })).filter((d) => d.severity !== 'info');
  expect(ds).toEqual([]);
  expect(BASE_EXAMPLE.kind).toBe('KubernetesCompute');
});

describe.each(RULES.map((r): [string, Rule] => [`${r.code} ${r.name}`, r]))('%s', (_name, rule) => {
  test.each(rule.examples.fail.map((e): [string, RuleExample] => [e.title, e]))('reports: %s', async (_t, example) => {
    const hits = (await run(example)).filter((d) => d.code === rule.code);
    expect(hits.length).toBeGreaterThan(0);
    for (const d of hits) {
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
      expect(d.message.length).toBeGreaterThan(20);
    }
  });
  test.each(rule.examples.pass.map((e): [string, RuleExample] => [e.title, e]))('accepts: %s', async (_t, example) => {
    expect((await run(example)).filter((d) => d.code === rule.code)).toEqual([]);
  });
});
