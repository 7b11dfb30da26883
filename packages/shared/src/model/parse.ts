// YAML text → spec documents that remember where every node came from.
import { loadAll } from 'js-yaml';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { positionIndex } from './event-index.ts';
import type { PositionIndex } from './event-index.ts';
import type { ComputeDocument } from './types.ts';

export type SpecPath = readonly (string | number)[];

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedSpec {
  file: string;
  /** Index of the document in a multi-document file. */
  index: number;
  doc: ComputeDocument;
  /** Position of the key (or, for `value`, the value) at `path`, else of its nearest ancestor. */
  locate(path: SpecPath, part?: 'key' | 'value'): SourcePosition;
  /** Whether `path` is present in the source. */
  has(path: SpecPath): boolean;
}

export interface ParseResult {
  specs: ParsedSpec[];
  diagnostics: Diagnostic[];
}

export const YAML_SYNTAX_CODE = 'AMLK001';

function findPair(node: unknown, segment: string | number): { pair?: Pair<Node, Node>; item?: Node } {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
    return pair ? { pair: pair as Pair<Node, Node> } : {};
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item ? { item: item as Node } : {};
  }
  return {};
}

function locator(document: Document.Parsed, lines: LineCounter): Pick<ParsedSpec, 'locate' | 'has'> {
  const pos = (offset: number): SourcePosition => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const walk = (path: SpecPath): { found: boolean; offset: number; valueOffset: number } => {
    let node: unknown = document.contents;
    let offset = (document.contents as Node | null)?.range?.[0] ?? 0;
    let valueOffset = offset;
    for (const segment of path) {
      const { pair, item } = findPair(node, segment);
      if (pair) {
        offset = (pair.key as Node).range?.[0] ?? offset;
        valueOffset = pair.value?.range?.[0] ?? offset;
        node = pair.value;
      } else if (item) {
        offset = item.range?.[0] ?? offset;
        valueOffset = offset;
        node = item;
      } else {
        return { found: false, offset, valueOffset: offset };
      }
    }
    return { found: true, offset, valueOffset };
  };
  return {
    locate: (path, part = 'key') => {
      const r = walk(path);
      return pos(part === 'value' ? r.valueOffset : r.offset);
    },
    has: (path) => walk(path).found,
  };
}

/**
 * Parses a spec file. Valid YAML, the common case, is read by a fast parser; the slower
 * position-keeping parser runs only when something must be located (a diagnostic) or when the
 * fast parser rejects the text (to report the error at its line).
 */
export function parseSpecText(text: string, file: string): ParseResult {
  let values: unknown[];
  try {
    // Aliases (rare in specs, and a way to build exponentially large values) take the careful path.
    values = loadAll(text, { maxAliases: 0 });
  } catch {
    return parseWithPositions(text, file);
  }
  if (values.length === 0 || values.some((v) => v === null || v === undefined || hasNullKey(v))) return parseWithPositions(text, file);
  let index: PositionIndex | undefined;
  const positions = (): PositionIndex => (index ??= positionIndex(text));
  const specs: ParsedSpec[] = values.map((doc, i) => ({
    file,
    index: i,
    doc: doc as ComputeDocument,
    locate: (path, part) => positions().locate(i, path, part),
    has: (path) => positions().has(i, path),
  }));
  return { specs, diagnostics: [] };
}

/**
 * The fast parser turns a null key (`: x`, `null: x`, `~: x`) into the text "null", the careful one
 * into "": such documents take the careful path so that both read every file the same way.
 */
function hasNullKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasNullKey);
  for (const [k, v] of Object.entries(value)) if (k === 'null' || hasNullKey(v)) return true;
  return false;
}

function parseWithPositions(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const specs: ParsedSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const list = Array.isArray(documents) ? documents : [];
  if (list.length === 0) {
    diagnostics.push({ severity: 'error', code: YAML_SYNTAX_CODE, message: 'The file holds no YAML document. Start it with `apiVersion: aml-k8s/v1`.', file, line: 1, column: 1 });
  }
  list.forEach((document, index) => {
    const report = (severity: 'error' | 'warning', e: { pos: [number, number]; message: string }): void => {
      const p = lines.linePos(e.pos[0]);
      diagnostics.push({ severity, code: YAML_SYNTAX_CODE, message: `YAML: ${e.message.split('\n')[0]}`, file, line: p.line, column: p.col });
    };
    document.errors.forEach((e) => report('error', e));
    document.warnings.forEach((e) => report('warning', e));
    if (document.errors.length > 0) return;
    if (document.contents == null) {
      if (list.length === 1) diagnostics.push({ severity: 'error', code: YAML_SYNTAX_CODE, message: 'The document is empty. Start it with `apiVersion: aml-k8s/v1`.', file, line: 1, column: 1 });
      return;
    }
    // A key that is a mapping or a list (`? [a, b]`) has no JSON form: report it at its line
    // rather than let the YAML library stringify it (with a process warning).
    let complexKey = false;
    visit(document, {
      Pair: (_, pair) => {
        if (pair.key !== null && !isScalar(pair.key)) {
          complexKey = true;
          const p = lines.linePos((pair.key as Node).range?.[0] ?? 0);
          diagnostics.push({ severity: 'error', code: YAML_SYNTAX_CODE, message: 'YAML: a key must be plain text, not a list or mapping (`? [a, b]`).', file, line: p.line, column: p.col });
        }
      },
    });
    if (complexKey) return;
    let doc: ComputeDocument;
    try {
      doc = document.toJS({ maxAliasCount: 100 }) as ComputeDocument;
    } catch (err) {
      diagnostics.push({ severity: 'error', code: YAML_SYNTAX_CODE, message: `YAML: ${err instanceof Error ? err.message : String(err)}`, file, line: 1, column: 1 });
      return;
    }
    specs.push({ file, index, doc, ...locator(document, lines) });
  });
  return { specs, diagnostics };
}
