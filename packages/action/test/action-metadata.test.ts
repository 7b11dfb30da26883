// action.yml must load the way GitHub loads it: strict YAML, valid against SchemaStore's github-action
// schema (vendored under fixtures/schemastore, see its README), on the node24 runtime with an entry that
// exists. It must also agree with the code and the docs: the inputs the code reads and the outputs it sets
// are the ones action.yml declares, docs/action.md lists them all, and every failure reason is documented.
// Everything is read from the files, so the test follows the inputs, outputs and reasons as they change.
import { describe, expect, test } from '@jest/globals';
import { Ajv, type ErrorObject } from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { REPO } from './run-cli.ts';

const ACTION_YML = 'action.yml';
const DOC = 'docs/action.md';
const ACTION_SRC = 'packages/action/src/action';
const FAILURE_TS = `${ACTION_SRC}/failure.ts`;
const SCHEMA = 'packages/action/test/fixtures/schemastore/github-action.json';

const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, Json>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses YAML with the yaml package's strictest settings; every error and every warning counts as a problem. */
function loadStrict(text: string): { value: unknown; problems: string[] } {
  const doc = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${e.name} ${e.code}: ${e.message}`);
  return { value: problems.length ? undefined : doc.toJS(), problems };
}

function loadAction(): Obj {
  const { value, problems } = loadStrict(read(ACTION_YML));
  expect(problems).toEqual([]);
  if (!isObj(value)) throw new Error(`${ACTION_YML} is not a mapping at the top level`);
  return value;
}

/** Fails listing, under each heading, the names that are missing there; passes when every list is empty. */
function expectNone(problems: Record<string, string[]>): void {
  expect(problems).toEqual(Object.fromEntries(Object.keys(problems).map((k) => [k, []])));
}

const missing = (names: Iterable<string>, from: Set<string>): string[] => [...new Set(names)].filter((n) => !from.has(n)).sort();
const keysOf = (v: Json | undefined): string[] => (isObj(v) ? Object.keys(v) : []);

// ---- JSON Schema (SchemaStore) ------------------------------------------------------------------------------

function schemaValidator() {
  const schema = JSON.parse(read(SCHEMA)) as Obj;
  // The vendored schema is draft-07, which the default Ajv class implements. Third-party schemas use keywords
  // and shapes Ajv's strict mode objects to, so strict mode is off; the schema itself is still checked
  // against the draft-07 meta-schema when it is compiled.
  expect(schema.$schema).toMatch(/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return { schema, validate };
}

const formatErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)} [schema ${e.schemaPath}]`);

// ---- Names the code uses ------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir))
    .flatMap((name) => {
      const path = `${dir}/${name}`;
      if (statSync(join(REPO, path)).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

const IDENT = '[A-Za-z_$][\\w$]*';
// `function f(name: string` or `const f = (name: string` (type parameters and `async` allowed).
const DEFINITION = new RegExp(
  `(?:function\\s+(${IDENT})\\s*(?:<[^>(]*>)?\\s*\\(|(?:const|let)\\s+(${IDENT})\\s*=\\s*(?:async\\s*)?(?:<[^>(]*>)?\\s*\\()\\s*(${IDENT})\\s*:\\s*string\\s*[,)]`,
  'g',
);
const escapeIdent = (s: string): string => s.replace(/[$]/g, '\\$');

/**
 * Functions that take a name and pass it on to one of `seeds` (or to such a function), found by regex: a
 * definition whose first parameter is a string and whose text, up to the next definition, calls a known
 * function with that parameter. Repeated until nothing new turns up.
 */
function wrappers(texts: string[], seeds: string[]): string[] {
  const known = new Set(seeds);
  for (let grew = true; grew; ) {
    grew = false;
    for (const text of texts) {
      const defs = [...text.matchAll(DEFINITION)];
      defs.forEach((d, i) => {
        const name = d[1] ?? d[2];
        const param = d[3];
        if (!name || !param || known.has(name)) return;
        const body = text.slice(d.index, defs[i + 1]?.index ?? text.length);
        const passesOn = new RegExp(`(?<![\\w$.])(?:${[...known].map(escapeIdent).join('|')})\\(\\s*${escapeIdent(param)}\\s*[,)]`);
        if (passesOn.test(body.slice(d[0].length))) {
          known.add(name);
          grew = true;
        }
      });
    }
  }
  return [...known];
}

interface Use {
  name: string;
  where: string;
}

/** Literal first arguments of calls to `fns` in the source files under `dir`, with file:line. */
function literalCalls(dir: string, seeds: string[]): Use[] {
  const files = sourceFiles(dir).map((path) => ({ path, text: read(path) }));
  const fns = wrappers(
    files.map((f) => f.text),
    seeds,
  );
  const call = new RegExp(`(?<![\\w$])(?:${fns.map(escapeIdent).join('|')})\\(\\s*(['"\`])([^'"\`$\\\\]+)\\1`, 'g');
  return files.flatMap(({ path, text }) =>
    [...text.matchAll(call)].map((m) => ({ name: m[2] ?? '', where: `${path}:${text.slice(0, m.index).split('\n').length}` })),
  );
}

const withPlaces = (names: string[], uses: Use[]): string[] =>
  names.map((n) => `${n} (${[...new Set(uses.filter((u) => u.name === n).map((u) => u.where))].join(', ')})`);

// Input readers of @actions/core, plus the helpers inputs.ts reads inputs through; helpers added later that
// pass their name argument on to one of these are found by `wrappers`.
const codeInputs = (): Use[] => literalCalls(ACTION_SRC, ['getInput', 'getBooleanInput', 'getMultilineInput', 'bool', 'optional', 'choice']);
const codeOutputs = (): Use[] => literalCalls(ACTION_SRC, ['setOutput']);

const strings = (text: string): string[] => [...text.matchAll(/'([^']*)'|"([^"]*)"/g)].map((r) => r[1] ?? r[2] ?? '');

/** The text of `const NAME = { ... }` or `const NAME = [ ... ]`, up to the closing bracket at line start. */
function constLiteral(text: string, name: string, open: '{' | '['): string {
  const close = open === '{' ? '}' : ']';
  const m = new RegExp(`const\\s+${escapeIdent(name)}\\s*(?::[^=]+)?=\\s*\\${open}([\\s\\S]*?)\\n\\s*\\${close}`).exec(text);
  if (!m?.[1]) throw new Error(`${FAILURE_TS}: FailureReason refers to ${name}, but no \`const ${name} = ${open} ... ${close}\` was found`);
  return m[1];
}

/**
 * The values of `export type FailureReason` in failure.ts, which may be written as a union of string literals,
 * as `keyof typeof OBJECT` (the object's keys) or as `(typeof ARRAY)[number]` (the array's strings).
 */
function failureReasons(): string[] {
  const text = read(FAILURE_TS);
  const m = /export\s+type\s+FailureReason\s*=([^;]*);/.exec(text);
  const type = m?.[1]?.trim();
  if (!type) throw new Error(`no \`export type FailureReason = ...;\` in ${FAILURE_TS}`);
  const keyOf = new RegExp(`^keyof\\s+typeof\\s+(${IDENT})$`).exec(type);
  if (keyOf?.[1]) {
    const body = constLiteral(text, keyOf[1], '{');
    return [...body.matchAll(new RegExp(`^\\s*(?:'([^']+)'|"([^"]+)"|(${IDENT}))\\s*:`, 'gm'))].map((k) => k[1] ?? k[2] ?? k[3] ?? '');
  }
  const element = new RegExp(`^\\(?\\s*typeof\\s+(${IDENT})\\s*\\)?\\s*\\[\\s*number\\s*\\]$`).exec(type);
  if (element?.[1]) return strings(constLiteral(text, element[1], '['));
  const values = strings(type);
  if (!values.length) throw new Error(`${FAILURE_TS}: cannot read the values of \`FailureReason = ${type}\``);
  return values;
}

// ---- docs/action.md -----------------------------------------------------------------------------------------

/** The names in the first column of the table(s) in a `## heading` section (every `code` name in that cell). */
function docTableNames(heading: string): Set<string> {
  const lines = read(DOC).split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`${DOC} has no "## ${heading}" section`);
  const end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
  const names = new Set<string>();
  for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
    if (!line.trim().startsWith('|') || /^\s*\|[\s:|-]+\|\s*$/.test(line)) continue;
    const first = line.trim().slice(1).split('|')[0] ?? '';
    for (const m of first.matchAll(/`([^`]+)`/g)) if (m[1]) names.add(m[1].trim());
  }
  return names;
}

const mentions = (text: string, word: string): boolean => new RegExp(`(?<![\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(text);

// ---- Tests --------------------------------------------------------------------------------------------------

describe('action.yml loads as GitHub loads it', () => {
  test('it is strict YAML: no errors, no warnings, no duplicate keys', () => {
    const { problems } = loadStrict(read(ACTION_YML));
    expect(problems).toEqual([]);
  });

  test('the strict parse rejects known-bad YAML (so the test above can fail)', () => {
    // A plain (unquoted) scalar with ": " in it is a nested mapping, which YAML does not allow there.
    const colon = 'inputs:\n  client-id:\n    description: Client ID (the job needs `permissions: id-token: write`).\n';
    expect(loadStrict(colon).problems.join('\n')).toMatch(/Nested mappings are not allowed/);
    const duplicate = 'inputs:\n  mode:\n    description: a\n  mode:\n    description: b\n';
    expect(loadStrict(duplicate).problems.join('\n')).toMatch(/unique/i);
    // The same text quoted is fine.
    expect(loadStrict('inputs:\n  client-id:\n    description: "needs `permissions: id-token: write`"\n').problems).toEqual([]);
  });

  test("it is valid against SchemaStore's github-action schema", () => {
    const { validate } = schemaValidator();
    const action = loadAction();
    validate(action);
    expect(formatErrors(validate.errors)).toEqual([]);
  });

  test('the vendored schema knows node24 and rejects a broken action.yml', () => {
    const { schema, validate } = schemaValidator();
    const defs = schema.definitions;
    const js = isObj(defs) ? defs['runs-javascript'] : undefined;
    const props = isObj(js) ? js.properties : undefined;
    const using = isObj(props) ? props.using : undefined;
    expect(isObj(using) ? using.enum : undefined).toContain('node24');

    const action = loadAction();
    const runs = isObj(action.runs) ? action.runs : {};
    expect(validate({ ...action, runs: { ...runs, using: 'node99' } })).toBe(false);
    expect(validate({ ...action, inputs: { ...(isObj(action.inputs) ? action.inputs : {}), typo: { description: 'x', requried: true } } })).toBe(false);
    expect(validate({ ...action, outputs: { ...(isObj(action.outputs) ? action.outputs : {}), nodesc: {} } })).toBe(false);
  });

  test('runs on node24, from an entry file that exists', () => {
    const runs = loadAction().runs;
    expect(isObj(runs)).toBe(true);
    if (!isObj(runs)) return;
    expect(runs.using).toBe('node24');
    expect(typeof runs.main).toBe('string');
    const main = String(runs.main);
    expect({ main, exists: existsSync(join(REPO, main)) && statSync(join(REPO, main)).isFile() }).toEqual({ main, exists: true });
  });
});

describe('action.yml, the code and docs/action.md agree', () => {
  test(`the inputs read in ${ACTION_SRC} are the inputs action.yml declares`, () => {
    const uses = codeInputs();
    expect(uses.length).toBeGreaterThan(0);
    const declared = new Set(keysOf(loadAction().inputs));
    const used = new Set(uses.map((u) => u.name));
    expectNone({
      [`read in ${ACTION_SRC} but not declared under inputs: in ${ACTION_YML}`]: withPlaces(missing(used, declared), uses),
      [`declared under inputs: in ${ACTION_YML} but never read in ${ACTION_SRC}`]: missing(declared, used),
    });
  });

  test(`the outputs set in ${ACTION_SRC} are the outputs action.yml declares`, () => {
    const uses = codeOutputs();
    expect(uses.length).toBeGreaterThan(0);
    const declared = new Set(keysOf(loadAction().outputs));
    const set = new Set(uses.map((u) => u.name));
    expectNone({
      [`set in ${ACTION_SRC} but not declared under outputs: in ${ACTION_YML}`]: withPlaces(missing(set, declared), uses),
      [`declared under outputs: in ${ACTION_YML} but never set in ${ACTION_SRC}`]: missing(declared, set),
    });
  });

  test(`${DOC} lists every input and output in its tables`, () => {
    const action = loadAction();
    const inputs = keysOf(action.inputs);
    const outputs = keysOf(action.outputs);
    const docInputs = docTableNames('Inputs');
    const docOutputs = docTableNames('Outputs');
    expectNone({
      [`inputs in ${ACTION_YML} missing from the "## Inputs" table of ${DOC}`]: missing(inputs, docInputs),
      [`inputs in the "## Inputs" table of ${DOC} that ${ACTION_YML} does not declare`]: missing(docInputs, new Set(inputs)),
      [`outputs in ${ACTION_YML} missing from the "## Outputs" table of ${DOC}`]: missing(outputs, docOutputs),
      [`outputs in the "## Outputs" table of ${DOC} that ${ACTION_YML} does not declare`]: missing(docOutputs, new Set(outputs)),
    });
  });

  test(`every FailureReason in ${FAILURE_TS} is documented`, () => {
    const reasons = failureReasons();
    expect(reasons.length).toBeGreaterThan(0);
    const outputs = loadAction().outputs;
    const output = isObj(outputs) ? outputs['failure-reason'] : undefined;
    const description = isObj(output) && typeof output.description === 'string' ? output.description : '';
    const doc = read(DOC);
    expectNone({
      [`FailureReason values not mentioned in the failure-reason output description in ${ACTION_YML}`]: reasons.filter((r) => !mentions(description, r)),
      [`FailureReason values not mentioned (as \`code\`) in ${DOC}`]: reasons.filter((r) => !doc.includes(`\`${r}\``)),
    });
  });
});
