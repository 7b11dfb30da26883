// Structural checks of a parsed spec against the published JSON Schema, turned into diagnostics
// that name the field, its line, the Azure setting it becomes, and the fix.
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics.ts';
import { closest } from './suggest.ts';
import type { ParsedSpec, SpecPath } from '../model/parse.ts';
import { COMPUTE_SCHEMA, PATTERN_HINTS } from '../model/schema.ts';
import validate from '../model/schema-validator.generated.js';

export const UNKNOWN_FIELD_CODE = 'AMLK002';
export const MISSING_FIELD_CODE = 'AMLK003';
export const INVALID_VALUE_CODE = 'AMLK004';

function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The sub-schema at a JSON pointer into the schema (only `#/...` refs used by ajv here). */
function schemaAt(schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = COMPUTE_SCHEMA;
  for (const seg of pointerToPath(schemaPath.replace(/^#/, ''))) {
    if (node == null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node as Record<string, unknown> | undefined;
}

function parentSchema(e: ErrorObject): Record<string, unknown> | undefined {
  return schemaAt(e.schemaPath.split('/').slice(0, -1).join('/'));
}

const dotted = (path: SpecPath): string => path.join('.');

/** A value as diagnostics quote it: JSON-escaped, so control characters and newlines stay visible and inert. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 120 ? `${v.slice(0, 120)}…` : v).replace(/[\u2028\u2029\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : String(v);
}

function tlsHint(value: unknown): string {
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  const got = keys.length ? ` It has ${keys.map((k) => `\`${k}\``).join(', ')}.` : '';
  return `tls must be exactly one of: { cname, secretName } (a Secret in the azureml namespace), { cname, certFile, keyFile } (PEM files), { cname, certEnv, keyEnv } (PEM in environment variables), or { insecure: true } (HTTP only).${got}`;
}

function valueAt(doc: unknown, path: SpecPath): unknown {
  let v: unknown = doc;
  for (const s of path) v = v != null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

export function checkStructure(spec: ParsedSpec): Diagnostic[] {
  if (validate(spec.doc)) return [];
  const errors = validate.errors ?? [];
  // Errors raised inside a oneOf branch are noise once the oneOf itself is reported.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath);
  const relevant = errors.filter((e) => e.keyword === 'oneOf' || !oneOfs.some((p) => e.schemaPath.startsWith(`${p}/`)));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of relevant) {
    const path = pointerToPath(e.instancePath);
    const at = (p: SpecPath, part: 'key' | 'value' = 'key') => ({ file: spec.file, ...spec.locate(p, part) });
    const schema = parentSchema(e);
    const setting = typeof schema?.['x-setting'] === 'string' ? (schema['x-setting'] as string) : undefined;
    let d: Diagnostic;
    const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
    if (e.keyword === 'propertyNames') continue; // reported by the failing keyword below, which names the key
    if (propertyName !== undefined) {
      const why = e.keyword === 'minLength' ? 'an empty key' : `the key ${describeValue(propertyName)}: ${PATTERN_HINTS[String(e.params.pattern)] ?? 'it is not a valid key'}`;
      d = { severity: 'error', code: INVALID_VALUE_CODE, ...at([...path, propertyName]), path: dotted(path), message: `${dotted(path)} has ${why}.` };
      const k = `${d.code}|${d.path}|${d.message}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push(d);
      }
      continue;
    }
    switch (e.keyword) {
      case 'additionalProperties': {
        const field = String(e.params.additionalProperty);
        const known = Object.keys((schema?.properties as object) ?? {});
        const guess = closest(field, known);
        const where = path.length ? dotted(path) : 'the top level';
        d = {
          severity: 'error', code: UNKNOWN_FIELD_CODE, ...at([...path, field]), path: dotted([...path, field]),
          message: `Unknown field "${field}" in ${where}.${guess ? ` Did you mean "${guess}"?` : ` Known fields: ${known.join(', ')}.`}`,
        };
        break;
      }
      case 'required': {
        const field = String(e.params.missingProperty);
        d = { severity: 'error', code: MISSING_FIELD_CODE, ...at(path), path: dotted([...path, field]), message: `${path.length ? dotted(path) : 'The document'} needs "${field}".` };
        const sub = (schema?.properties as Record<string, Record<string, unknown>> | undefined)?.[field];
        if (sub?.['x-setting']) d.setting = String(sub['x-setting']);
        break;
      }
      case 'oneOf': {
        const value = valueAt(spec.doc, path);
        const isTls = path[path.length - 1] === 'tls';
        d = {
          severity: 'error', code: INVALID_VALUE_CODE, ...at(path), path: dotted(path),
          message: isTls ? tlsHint(value) : `${dotted(path)} must be a reference { file: PATH } or { env: VARIABLE }; secret values are never written in a spec file.`,
        };
        if (isTls) d.setting = 'sslCname';
        break;
      }
      case 'enum':
      case 'const': {
        const allowed = (e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : [e.params.allowedValue]).map(String);
        const value = valueAt(spec.doc, path);
        const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
        d = {
          severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path),
          message: `${dotted(path)} is ${describeValue(value)}; it must be ${allowed.map((a) => `"${a}"`).join(' or ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        };
        break;
      }
      case 'type': {
        const value = valueAt(spec.doc, path);
        const expected = String(e.params.type);
        const quotedBool = expected === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value) ? ` Write ${value.toLowerCase()} without quotes.` : '';
        d = { severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path), message: `${dotted(path) || 'The document'} must be ${expected.replace(',', ' or ')}, not ${describeValue(value)}.${quotedBool}` };
        break;
      }
      case 'pattern': {
        const value = valueAt(spec.doc, path);
        const hint = PATTERN_HINTS[String(e.params.pattern)] ?? `it must match ${String(e.params.pattern)}`;
        d = {
          severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path),
          message: `${dotted(path)} is ${describeValue(value)}; ${hint}.`,
        };
        break;
      }
      case 'minProperties':
      case 'maxProperties': {
        // An object that holds exactly one of its fields (a volume source).
        const value = valueAt(spec.doc, path);
        const known = Object.keys((schema?.properties as object) ?? {});
        const has = value && typeof value === 'object' ? Object.keys(value) : [];
        d = {
          severity: 'error', code: INVALID_VALUE_CODE, ...at(path), path: dotted(path),
          message: `${dotted(path)} must hold exactly one of ${known.join(', ')}; it has ${has.length ? has.join(', ') : 'none'}.`,
        };
        break;
      }
      case 'uniqueItems':
        d = { severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path), message: `${dotted(path)} lists a value twice; list each once.` };
        break;
      case 'minLength':
        d = { severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path), message: `${dotted(path)} must not be empty.` };
        break;
      case 'maxLength':
        d = { severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path), message: `${dotted(path)} is longer than ${String(e.params.limit)} characters.` };
        break;
      default:
        d = { severity: 'error', code: INVALID_VALUE_CODE, ...at(path, 'value'), path: dotted(path), message: `${dotted(path)} ${e.message ?? 'is invalid'}.` };
    }
    if (setting && !d.setting) d.setting = setting;
    const key = `${d.code}|${d.path}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
