// The core's folders depend on each other one way (docs/design.md, "Where code lives"). This test
// reads every source file of packages/shared/src, extracts what it imports (static, dynamic,
// type-only and re-exports) and fails on any import that breaks a rule, naming file, line and rule.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The units of the core, lowest first. A unit is a folder of src/, or a file named on its own.
 * Each unit imports only itself and the units listed before it.
 */
const LAYERS: readonly string[] = [
  'errors.ts', // AmlK8sError, the base of every error the core and its adapters throw on purpose
  'diagnostics.ts', // Diagnostic and its formatting: what every stage reports
  'model', // the spec file: types, JSON Schema and its generated validator, parse, load, facts, ARM resource IDs
  'settings', // the extension's setting catalog; spec ↔ configuration settings
  'secrets', // SecretValue, resolving secret references, hashing, fingerprints, redaction
  'identity', // the role assignments an attach needs
  'desire', // spec → desired state (ARM bodies, Kubernetes manifests)
  'formats/codes.ts', // rule codes the format readers report
  'formats/found-resource.ts', // resources read from Terraform, ARM/REST JSON, Bicep, az ml YAML: the shape rules see
  'formats/extension-settings.ts', // the settings maps of a found extension
  'validate', // parse → structure → rules (rules check what desire will produce, e.g. volume names)
  'formats', // Terraform, ARM/REST JSON, Bicep, az ml YAML read in place and checked by the rules
  'cluster', // the Kubernetes API of a cluster: interface, kubeconfig client, objects to apply
  'observe/actual-state.ts', // what Azure has, in the terms the planner compares (the gateway returns these)
  'azure', // the Azure gateway: interface, SDK implementation, credentials, failures, targets
  'observe', // reading the actual state through the gateway
  'plan', // desired × actual → plan
  'apply', // executing a plan
  'render', // plans, diagnostics and desired state as text, Markdown, JSON, ARM, az, YAML
  'import', // az command lines → spec
  'core.ts', // entry: everything that never talks to Azure
  'index.ts', // entry: the full public API
];

/** Packages whose code talks to Azure or Kubernetes: core.ts must not load them. */
const CLIENT_PACKAGES = /^(@azure\/|@kubernetes\/)/;

interface SourceFile {
  /** Path below src/, with `/`. */
  path: string;
  text: string;
}

interface ImportRef {
  specifier: string;
  line: number;
  /** `import type` / `export type`: erased when compiled, loads nothing. */
  typeOnly: boolean;
  dynamic: boolean;
}

interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

/** Every module specifier a file names, with the line it is on. */
function importsOf(path: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: ImportRef[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean, dynamic: boolean): void => {
    out.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.importClause?.isTypeOnly === true, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      // A computed specifier cannot be checked: it is reported as such.
      add(node, arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed>', false, true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The unit a path below src/ belongs to: the most specific entry of LAYERS that holds it. */
function unitOf(path: string, layers: readonly string[] = LAYERS): string | undefined {
  return layers.filter((u) => path === u || path.startsWith(`${u}/`)).sort((a, b) => b.length - a.length)[0];
}

interface Edge {
  file: string;
  line: number;
  specifier: string;
  typeOnly: boolean;
  dynamic: boolean;
  fromUnit: string | undefined;
  /** Resolved path below src/ of a relative import. */
  to?: string;
  toUnit?: string | undefined;
}

interface Rule {
  text: string;
  broken: (e: Edge) => boolean;
}

const isRelative = (s: string): boolean => s.startsWith('./') || s.startsWith('../');
const folder = (unit: string | undefined): string => (unit === undefined ? '?' : unit.endsWith('.ts') ? unit : `${unit}/`);

const RULES: readonly Rule[] = [
  { text: 'azure/ never imports plan/ or apply/', broken: (e) => e.fromUnit === 'azure' && (e.toUnit === 'plan' || e.toUnit === 'apply') },
  { text: 'plan/ never imports apply/', broken: (e) => e.fromUnit === 'plan' && e.toUnit === 'apply' },
  {
    text: 'model/ imports only errors.ts, diagnostics.ts, itself and third-party packages',
    broken: (e) => e.fromUnit === 'model' && e.to !== undefined && e.toUnit !== 'model' && e.toUnit !== 'diagnostics.ts' && e.toUnit !== 'errors.ts',
  },
  { text: 'render/ never imports import/', broken: (e) => e.fromUnit === 'render' && e.toUnit === 'import' },
  { text: 'the core imports no other workspace package (@aml-k8s/*) at runtime', broken: (e) => !e.typeOnly && e.specifier.startsWith('@aml-k8s/') },
  { text: 'the core imports nothing outside packages/shared/src (tools/ and test/ import the core, never the reverse)', broken: (e) => e.to !== undefined && e.to.startsWith('../') },
  { text: 'every import names its module literally (a computed import() cannot be checked)', broken: (e) => e.specifier === '<computed>' },
  { text: 'every file belongs to a unit of LAYERS (add a new folder to LAYERS and to docs/design.md)', broken: (e) => e.fromUnit === undefined || (e.to !== undefined && !e.to.startsWith('../') && e.toUnit === undefined) },
];

function layerRule(e: Edge, layers: readonly string[]): string | undefined {
  if (e.fromUnit === undefined || e.toUnit === undefined || e.toUnit === e.fromUnit) return undefined;
  if (layers.indexOf(e.toUnit) < layers.indexOf(e.fromUnit)) return undefined;
  return `layers: a unit imports only the units before it in LAYERS, and ${folder(e.toUnit)} comes after ${folder(e.fromUnit)}`;
}

function edgesOf(files: readonly SourceFile[], layers: readonly string[]): Edge[] {
  return files.flatMap((f) =>
    importsOf(f.path, f.text).map((i): Edge => {
      const edge: Edge = { file: f.path, line: i.line, specifier: i.specifier, typeOnly: i.typeOnly, dynamic: i.dynamic, fromUnit: unitOf(f.path, layers) };
      if (isRelative(i.specifier)) {
        edge.to = posix.normalize(posix.join(posix.dirname(f.path), i.specifier));
        edge.toUnit = unitOf(edge.to, layers);
      }
      return edge;
    }),
  );
}

/**
 * core.ts must load neither the Azure SDK nor a Kubernetes client: follows the imports that load
 * code (not `import type`) from core.ts and reports each one that reaches such a package.
 */
function coreLoadsNoClients(edges: readonly Edge[]): Violation[] {
  const byFile = new Map<string, Edge[]>();
  for (const e of edges) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out: Violation[] = [];
  const seen = new Set<string>();
  const path = new Map<string, string>([['core.ts', 'core.ts']]);
  const queue = byFile.has('core.ts') ? ['core.ts'] : [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const e of byFile.get(file) ?? []) {
      if (e.typeOnly) continue;
      if (e.to !== undefined) {
        const to = e.to.replace(/\.js$/, '.ts');
        const next = byFile.has(e.to) ? e.to : to;
        if (!path.has(next)) path.set(next, `${path.get(file)} → ${next}`);
        queue.push(next);
      } else if (CLIENT_PACKAGES.test(e.specifier)) {
        out.push({ file: e.file, line: e.line, specifier: e.specifier, rule: `core.ts loads no Azure SDK or Kubernetes client (import type is fine); reached by ${path.get(file)}` });
      }
    }
  }
  return out;
}

/** Every broken rule, per import. */
function checkDependencies(files: readonly SourceFile[], layers: readonly string[] = LAYERS): Violation[] {
  const edges = edgesOf(files, layers);
  const out: Violation[] = [];
  for (const e of edges) {
    const broken = RULES.filter((r) => r.broken(e)).map((r) => r.text);
    const layered = layerRule(e, layers);
    for (const rule of layered ? [...broken, layered] : broken) out.push({ file: e.file, line: e.line, specifier: e.specifier, rule });
  }
  for (const f of files) {
    if (unitOf(f.path, layers) === undefined && !edges.some((e) => e.file === f.path)) out.push({ file: f.path, line: 1, specifier: '', rule: RULES[RULES.length - 1]!.text });
  }
  return [...out, ...coreLoadsNoClients(edges)];
}

const describeViolation = (v: Violation): string => `packages/shared/src/${v.file}:${v.line}: imports '${v.specifier}': ${v.rule}`;

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string, out: SourceFile[] = []): SourceFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push({ path: relative(SRC, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
  }
  return out;
}

test('every import of the core follows the dependency rules', () => {
  const files = sources(SRC);
  expect(files.length).toBeGreaterThan(50);
  expect(checkDependencies(files).map(describeViolation)).toEqual([]);
});

test('every folder of src/ is a unit of LAYERS', () => {
  const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
});

describe('the rules catch violations', () => {
  const check = (path: string, text: string, extra: SourceFile[] = []): string[] => checkDependencies([{ path, text }, ...extra]).map(describeViolation);

  test('azure/ importing plan/, even a type, on its line', () => {
    expect(check('azure/fake.ts', "// a comment\nimport type { Plan } from '../plan/types.ts';\n")).toEqual([
      "packages/shared/src/azure/fake.ts:2: imports '../plan/types.ts': azure/ never imports plan/ or apply/",
      "packages/shared/src/azure/fake.ts:2: imports '../plan/types.ts': layers: a unit imports only the units before it in LAYERS, and plan/ comes after azure/",
    ]);
  });

  test('plan/ importing apply/ with a dynamic import()', () => {
    expect(check('plan/fake.ts', "export async function f() {\n  const { applySpecs } = await import('../apply/apply.ts');\n  return applySpecs;\n}\n")).toEqual([
      "packages/shared/src/plan/fake.ts:2: imports '../apply/apply.ts': plan/ never imports apply/",
      "packages/shared/src/plan/fake.ts:2: imports '../apply/apply.ts': layers: a unit imports only the units before it in LAYERS, and apply/ comes after plan/",
    ]);
  });

  test('model/ importing settings/, through a re-export', () => {
    expect(check('model/fake.ts', "import { parse } from 'yaml';\nimport { Diagnostic } from '../diagnostics.ts';\nexport { knownSetting } from '../settings/catalog.ts';\n")).toEqual([
      "packages/shared/src/model/fake.ts:3: imports '../settings/catalog.ts': model/ imports only errors.ts, diagnostics.ts, itself and third-party packages",
      "packages/shared/src/model/fake.ts:3: imports '../settings/catalog.ts': layers: a unit imports only the units before it in LAYERS, and settings/ comes after model/",
    ]);
  });

  test('render/ importing import/', () => {
    expect(check('render/fake.ts', "import {\n  AZUREML_EXTENSION_TYPE,\n} from '../import/extension-command.ts';\n")).toEqual([
      "packages/shared/src/render/fake.ts:1: imports '../import/extension-command.ts': render/ never imports import/",
      "packages/shared/src/render/fake.ts:1: imports '../import/extension-command.ts': layers: a unit imports only the units before it in LAYERS, and import/ comes after render/",
    ]);
  });

  test('a workspace package at runtime; as a type only, it is allowed', () => {
    expect(check('plan/fake.ts', "import type { Emulator } from '@aml-k8s/arm-emulator';\nimport { startEmulator } from '@aml-k8s/arm-emulator';\n")).toEqual([
      "packages/shared/src/plan/fake.ts:2: imports '@aml-k8s/arm-emulator': the core imports no other workspace package (@aml-k8s/*) at runtime",
    ]);
  });

  test('a file outside src/, a computed import() and a folder in no layer', () => {
    expect(check('desire/fake.ts', "import { x } from '../../tools/rules-doc.ts';\nconst m = await import(name);\n")).toEqual([
      "packages/shared/src/desire/fake.ts:1: imports '../../tools/rules-doc.ts': the core imports nothing outside packages/shared/src (tools/ and test/ import the core, never the reverse)",
      "packages/shared/src/desire/fake.ts:2: imports '<computed>': every import names its module literally (a computed import() cannot be checked)",
    ]);
    expect(check('widgets/fake.ts', "import { hasErrors } from '../diagnostics.ts';\n")).toEqual([
      "packages/shared/src/widgets/fake.ts:1: imports '../diagnostics.ts': every file belongs to a unit of LAYERS (add a new folder to LAYERS and to docs/design.md)",
    ]);
  });

  test('the actual-state types are the one part of observe/ that azure/ may import', () => {
    expect(check('azure/fake.ts', "import type { ExtensionObservation } from '../observe/actual-state.ts';\n")).toEqual([]);
    expect(check('azure/fake.ts', "import type { Observation } from '../observe/observe.ts';\n")).toEqual([
      "packages/shared/src/azure/fake.ts:1: imports '../observe/observe.ts': layers: a unit imports only the units before it in LAYERS, and observe/ comes after azure/",
    ]);
  });

  test('core.ts reaching the Azure SDK through a file it loads', () => {
    const files = [
      { path: 'desire/fake.ts', text: "import type { Extension } from '@azure/arm-kubernetesconfiguration';\nimport { DefaultAzureCredential } from '@azure/identity';\n" },
    ];
    expect(check('core.ts', "export * from './desire/fake.ts';\n", files)).toEqual([
      "packages/shared/src/desire/fake.ts:2: imports '@azure/identity': core.ts loads no Azure SDK or Kubernetes client (import type is fine); reached by core.ts → desire/fake.ts",
    ]);
  });

  test('words that only look like imports are not imports', () => {
    expect(importsOf('x.ts', "// import { a } from '../apply/apply.ts';\nconst s = \"export * from '../plan/types.ts'\";\n")).toEqual([]);
  });
});
