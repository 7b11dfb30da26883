// Property-based: mutated specs never crash the validator, and every diagnostic is located.
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { applyOverlay, BASE_EXAMPLE } from '../src/validate/rules/examples.ts';
import { RULES } from '../src/validate/rules/index.ts';
import { validateSpecs } from '../src/validate/validate.ts';
import { parseSpecText } from '../src/model/parse.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
const exampleDocs: unknown[] = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(examplesDir + f, 'utf8')));
const seeds: unknown[] = [
  BASE_EXAMPLE,
  ...exampleDocs,
  ...RULES.flatMap((r) => [...r.examples.pass, ...r.examples.fail]).filter((e) => !('@text' in e.overlay)).map((e) => applyOverlay(BASE_EXAMPLE, e.overlay)),
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? {} : value;
  const copy: unknown = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const interestingStrings = fc.constantFrom('', ' ', 'True', 'Ture', 'false', 'LoadBalancer', 'nodeport', 'azure', '-----BEGIN PRIVATE KEY-----', '../../etc/passwd', 'ä', '1e3', '500m', '4GB', 'a/b', '${X}', '<your-cluster>');
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  interestingStrings,
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('file', 'env', 'cname', 'insecure', 'cpu', 'nvidia.com/gpu')), fc.oneof(interestingStrings, fc.integer(), fc.boolean()), { maxKeys: 3 }) as fc.Arbitrary<Json>,
);

const structuralMutation = fc
  .tuple(fc.constantFrom(...seeds), fc.nat(), anyValue, fc.boolean(), fc.nat(3))
  .map(([seed, pick, value, remove, times]) => {
    let doc = seed;
    for (let i = 0; i <= times; i++) {
      const ps = paths(doc);
      doc = setAt(doc, ps[(pick + i * 7) % ps.length]!, value, remove && i % 2 === 0);
    }
    return stringify(doc);
  });

const textMutation = fc
  .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(4), fc.string({ maxLength: 4 }))
  .map(([seed, at, cut, insert]) => {
    const text = stringify(seed);
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  });

test('1,000+ mutated specs: no exception, every diagnostic has file, line and column', () => {
  fc.assert(
    fc.property(fc.oneof(structuralMutation, textMutation), (text) => {
      const { diagnostics } = validateSpecs([{ file: 'fuzz.yaml', text }], { readFile: () => undefined });
      for (const d of diagnostics) {
        expect(d.file).toBe('fuzz.yaml');
        expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
        expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
        expect(d.code).toMatch(/^AMLK\d{3}$/);
        expect(d.message.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: 1500, seed: 20261123 },
  );
});

test('the fast path of the spec parser reads mutated specs as the position-keeping parser does', async () => {
  const { parseAllDocuments } = await import('yaml');
  let compared = 0;
  fc.assert(
    fc.property(fc.oneof(structuralMutation, textMutation), (text) => {
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0 || d.contents == null)) return;
      compared++;
      expect(parseSpecText(text, 'fuzz.yaml').specs.map((s) => s.doc)).toEqual(docs.map((d) => d.toJS()));
    }),
    { numRuns: 1000, seed: 7 },
  );
  expect(compared).toBeGreaterThan(500);
});

test('a null key reads the same on both paths', () => {
  for (const text of ['a: 1\n:\n  b: 2\n', 'a: 1\nnull: 2\n', '~: 1\n']) {
    expect(Object.keys(parseSpecText(text, 'x.yaml').specs[0]!.doc as object)).toContain('');
  }
});
