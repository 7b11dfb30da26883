// parse → structure → rules, for a set of spec files validated together.
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { readRegularFile } from '../model/read-file.ts';
import { MAX_SECRET_FILE_BYTES } from '../secrets/resolve.ts';
import { sortDiagnostics } from '../diagnostics.ts';
import { RULES } from './rules/index.ts';
import type { ExtensionNodeSelector, Finding, Rule, RuleContext } from './rules/rule.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';
import type { ExtensionSettings } from '../settings/from-spec.ts';
import type { ClusterFacts } from '../model/facts.ts';
import { parseSpecText } from '../model/parse.ts';
import type { ParsedSpec } from '../model/parse.ts';
import { extensionNodeSelectors, isInstanceTypeFile, isManifestDocument, manifestContext } from './manifests.ts';
import { INVALID_VALUE_CODE, MISSING_FIELD_CODE, UNKNOWN_FIELD_CODE, checkStructure } from './structure.ts';
import validateSchema from '../model/schema-validator.generated.js';
import type { SpecInput } from '../model/load.ts';
import type { ComputeDocument } from '../model/types.ts';

export interface ValidateOptions {
  /** Live facts for a spec's cluster; facts-dependent rules run only where given. */
  facts?: (doc: ComputeDocument, where: { file: string; index: number }) => ClusterFacts | undefined;
  /** Reads a file by absolute path (PEM checks); defaults to the file system. */
  readFile?: (absolutePath: string) => string | undefined;
  /** The environment `{ env }` references and `certEnv`/`keyEnv` are read from (PEM checks); defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Read Kubernetes `InstanceType` manifest files (detected by content, see manifests.ts) with the
   * instance type rules, instead of reporting them as malformed specs (`aml-k8s validate`).
   */
  instanceTypeManifests?: boolean;
}

/** An InstanceType manifest document that was validated (with `instanceTypeManifests`). */
export interface ValidatedManifest {
  file: string;
  /** Index of the document in its file. */
  index: number;
  /** Names of the instance types it declares (empty for a fragment or an object of another kind). */
  instanceTypes: string[];
  diagnostics: Diagnostic[];
}

export interface ValidatedSpec {
  parsed: ParsedSpec;
  doc: ComputeDocument;
  settings: ExtensionSettings;
  /** True when the document passed the structural checks. */
  wellFormed: boolean;
  /**
   * True when the rules ran: on well-formed documents, and on documents whose structural errors
   * leave the shape the rules read intact (see `shapeIntact`).
   */
  checked: boolean;
  diagnostics: Diagnostic[];
}

export interface ValidationResult {
  specs: ValidatedSpec[];
  /** InstanceType manifest documents, when `instanceTypeManifests` was asked for. */
  manifests?: ValidatedManifest[];
  diagnostics: Diagnostic[];
}

/** Rule categories about the extension's settings, skipped for specs that do not manage an extension. */
const EXTENSION_CATEGORIES = new Set(['workloads', 'settings', 'inference', 'tls']);

/**
 * Schema keywords whose failure leaves every field of the type the rules expect: a string breaking
 * a pattern or a length, a list with a repeated item, an unknown field or key. A document with only
 * such errors is still checked by the rules, so that one bad value (a placeholder subscription ID)
 * does not hide independent errors (a missing router type). Wrong types, missing fields, enum
 * values and `oneOf` choices change what the rules would read, so they stop the rules.
 */
const SHAPE_KEEPING_KEYWORDS = new Set(['pattern', 'minLength', 'maxLength', 'format', 'uniqueItems', 'additionalProperties', 'propertyNames']);

function shapeIntact(doc: unknown): boolean {
  if (validateSchema(doc)) return true;
  return (validateSchema.errors ?? []).every((e) => SHAPE_KEEPING_KEYWORDS.has(e.keyword));
}

const within = (path: string, outer: string): boolean => path === outer || path.startsWith(`${outer}.`);

/**
 * Whether a structural error already covers a rule's finding: the finding is about the field the
 * error names (or something inside it), or, for an unknown or missing field, about the object
 * that should hold it. Its message then already says what to fix.
 */
function covers(error: Diagnostic, finding: string): boolean {
  if (error.path === undefined || !STRUCTURE_CODES.has(error.code)) return false;
  if (within(finding, error.path)) return true;
  return error.code !== INVALID_VALUE_CODE && finding === error.path.slice(0, Math.max(0, error.path.lastIndexOf('.')));
}

/** Adds a rule's finding unless a structural error of the document covers it. */
function addFinding(spec: ValidatedSpec, d: Diagnostic): void {
  if (!spec.wellFormed && d.path !== undefined && spec.diagnostics.some((e) => covers(e, d.path!))) return;
  spec.diagnostics.push(d);
}

/** A rule's findings on documents with structural errors: a rule that fails on their odd values is skipped. */
function guarded<T>(run: () => T[]): T[] {
  try {
    return run();
  } catch {
    return [];
  }
}

const findings = (spec: ValidatedSpec, run: () => Finding[]): Finding[] => (spec.wellFormed ? run() : guarded(run));

/** Regular files of a bounded size only: a FIFO or /dev/zero named by a spec never hangs validation. */
function readFromDisk(path: string): string | undefined {
  try {
    return readRegularFile(path, MAX_SECRET_FILE_BYTES);
  } catch {
    return undefined;
  }
}

function toDiagnostic(rule: Rule, spec: ParsedSpec, settings: ExtensionSettings, f: Finding): Diagnostic {
  const path = f.path ?? (f.setting ? settings.origins[f.setting]?.[0] : undefined) ?? ['spec', 'extension'];
  const pos = spec.locate(path, f.atValue ? 'value' : 'key');
  const d: Diagnostic = { severity: f.severity ?? rule.severity, code: rule.code, message: f.message, file: spec.file, line: pos.line, column: pos.column, path: path.join('.') };
  if (f.setting) d.setting = f.setting;
  return d;
}

/**
 * Only the rules that need live cluster facts, on specs validated before: what apply checks once it
 * has read the clusters, without parsing and validating everything again.
 */
export function checkFacts(specs: readonly ValidatedSpec[], facts: (spec: ValidatedSpec) => ClusterFacts | undefined, options: Pick<ValidateOptions, 'readFile' | 'env'> = {}): Diagnostic[] {
  const read = options.readFile ?? readFromDisk;
  const readEnv = envReader(options.env);
  const out: Diagnostic[] = [];
  for (const s of specs) {
    const known = s.wellFormed ? facts(s) : undefined;
    if (!known) continue;
    const ctx: RuleContext = { spec: s.parsed, doc: s.doc, settings: s.settings, facts: known, readFile: (p) => read(resolve(dirname(s.parsed.file), p)), readEnv };
    for (const rule of RULES) {
      if (!rule.needsFacts || !rule.check) continue;
      if (!s.doc.spec.extension && EXTENSION_CATEGORIES.has(rule.category)) continue;
      for (const f of rule.check(ctx)) out.push(toDiagnostic(rule, s.parsed, s.settings, f));
    }
  }
  return sortDiagnostics(out);
}

/** Reads variables by name, only names a shell would expand as one variable. */
function envReader(env: Readonly<Record<string, string | undefined>> = process.env): (name: string) => string | undefined {
  return (name) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
}

const NO_SETTINGS: ExtensionSettings = { plain: {}, protected: {}, origins: {} };
const STRUCTURE_CODES = new Set([UNKNOWN_FIELD_CODE, MISSING_FIELD_CODE, INVALID_VALUE_CODE]);

function settingsOf(doc: ComputeDocument, wellFormed: boolean): ExtensionSettings {
  if (wellFormed) return settingsFromSpec(doc);
  try {
    return settingsFromSpec(doc);
  } catch {
    return NO_SETTINGS;
  }
}

export function validateSpecs(inputs: readonly SpecInput[], options: ValidateOptions = {}): ValidationResult {
  const read = options.readFile ?? readFromDisk;
  const readEnv = envReader(options.env);
  const specs: ValidatedSpec[] = [];
  const manifests: ValidatedManifest[] = [];
  const manifestDocs: ParsedSpec[] = [];
  const loose: Diagnostic[] = [];
  for (const input of inputs) {
    const parsed = parseSpecText(input.text, input.file);
    loose.push(...parsed.diagnostics);
    const manifestFile = options.instanceTypeManifests === true && isInstanceTypeFile(parsed.specs);
    for (const spec of parsed.specs) {
      if (manifestFile && isManifestDocument(spec.doc)) {
        manifestDocs.push(spec);
        continue;
      }
      const structural = checkStructure(spec);
      const wellFormed = structural.length === 0;
      const checked = wellFormed || shapeIntact(spec.doc);
      specs.push({ parsed: spec, doc: spec.doc, settings: checked ? settingsOf(spec.doc, wellFormed) : NO_SETTINGS, wellFormed, checked, diagnostics: structural });
    }
  }
  manifests.push(...manifestDocs.map((m) => checkManifest(m, extensionNodeSelectors(specs))));
  const contexts: { spec: ValidatedSpec; ctx: RuleContext }[] = specs
    .filter((s) => s.checked)
    .map((s) => {
      const ctx: RuleContext = {
        spec: s.parsed,
        doc: s.doc,
        settings: s.settings,
        readFile: (p) => read(resolve(dirname(s.parsed.file), p)),
        readEnv,
      };
      const facts = options.facts?.(s.doc, { file: s.parsed.file, index: s.parsed.index });
      if (facts) ctx.facts = facts;
      return { spec: s, ctx };
    });
  for (const rule of RULES) {
    if (rule.check) {
      for (const { spec, ctx } of contexts) {
        if (rule.needsFacts && !ctx.facts) continue;
        if (!ctx.doc.spec.extension && EXTENSION_CATEGORIES.has(rule.category)) continue;
        for (const f of findings(spec, () => rule.check!(ctx))) addFinding(spec, toDiagnostic(rule, spec.parsed, spec.settings, f));
      }
    }
    if (rule.checkSet) {
      const all = contexts.map((c) => c.ctx);
      const set = contexts.every((c) => c.spec.wellFormed) ? rule.checkSet(all) : guarded(() => rule.checkSet!(all));
      for (const { index, finding } of set) {
        const { spec } = contexts[index]!;
        addFinding(spec, toDiagnostic(rule, spec.parsed, spec.settings, finding));
      }
    }
  }
  for (const s of specs) s.diagnostics = sortDiagnostics(s.diagnostics);
  const diagnostics = sortDiagnostics([...loose, ...specs.flatMap((s) => s.diagnostics), ...manifests.flatMap((m) => m.diagnostics)]);
  return options.instanceTypeManifests === true ? { specs, manifests, diagnostics } : { specs, diagnostics };
}

/** The rules' manifest checks on one document of an InstanceType manifest file. */
function checkManifest(spec: ParsedSpec, extensions: ExtensionNodeSelector[]): ValidatedManifest {
  const ctx = manifestContext(spec, extensions);
  const diagnostics: Diagnostic[] = [];
  for (const rule of RULES) {
    if (!rule.checkManifest) continue;
    for (const f of rule.checkManifest(ctx)) {
      const path = f.path ?? [];
      const pos = spec.locate(path, f.atValue ? 'value' : 'key');
      diagnostics.push({ severity: f.severity ?? rule.severity, code: rule.code, message: f.message, file: spec.file, line: pos.line, column: pos.column, path: path.join('.') });
    }
  }
  return { file: spec.file, index: spec.index, instanceTypes: ctx.types.filter((t) => !t.unnamed).map((t) => t.name), diagnostics: sortDiagnostics(diagnostics) };
}
