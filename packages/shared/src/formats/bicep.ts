// Bicep has no parser on npm: this reads the subset that declares resources. Read: `resource`
// declarations (`type@apiVersion`, `existing`, `if (...)` and `[for ...]` forms), their object
// literals, arrays, strings, numbers and booleans, with positions; `scope:` and `parent:` naming a
// resource declared in the same file. Everything else is an unknown expression: parameters,
// variables, function calls, interpolated strings, operators. Not read: modules (other files),
// `.bicepparam` files, user-defined types and functions, imports.
import type { Diagnostic } from '../diagnostics.ts';
import { AMLK_CONFIG_SYNTAX } from './codes.ts';
import { COMPUTE_TYPE, EXTENSION_TYPE, Expression, PositionTable, asObject, clusterTypeOf, isCheckedType, isExpression, offsetLocator, splitTypeVersion } from './found-resource.ts';
import type { FoundResource, ReadResult, ResourcePath } from './found-resource.ts';

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'nl';
interface Token {
  kind: TokenKind;
  text: string;
  /** A string's value (escapes resolved); undefined when it interpolates. */
  value?: string;
  offset: number;
  end: number;
}

class BicepSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?/y;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      out.push({ kind: 'nl', text: c, offset: i, end: i + 1 });
      i += 1;
    } else if (/\s/.test(c)) i += 1;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new BicepSyntaxError('unterminated comment', i);
      i = end + 2;
    } else if (text.startsWith("'''", i)) {
      const end = text.indexOf("'''", i + 3);
      if (end < 0) throw new BicepSyntaxError('unterminated multi-line string', i);
      out.push({ kind: 'string', text: text.slice(i, end + 3), value: text.slice(i + 3, end).replace(/^\r?\n/, ''), offset: i, end: end + 3 });
      i = end + 3;
    } else if (c === "'") {
      let j = i + 1;
      let value = '';
      let interpolated = false;
      let depth = 0;
      for (; j < text.length; j += 1) {
        const d = text[j]!;
        if (d === '\n') throw new BicepSyntaxError('unterminated string', i);
        if (depth > 0) {
          if (d === '{') depth += 1;
          else if (d === '}') depth -= 1;
          continue;
        }
        if (d === '\\') {
          value += ESCAPES[text[j + 1] ?? ''] ?? text[j + 1] ?? '';
          j += 1;
        } else if (d === '$' && text[j + 1] === '{') {
          interpolated = true;
          depth = 1;
          j += 1;
        } else if (d === "'") break;
        else value += d;
      }
      if (j >= text.length) throw new BicepSyntaxError('unterminated string', i);
      out.push({ kind: 'string', text: text.slice(i, j + 1), ...(interpolated ? {} : { value }), offset: i, end: j + 1 });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text)!;
      out.push({ kind: 'ident', text: m[0], offset: i, end: i + m[0].length });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      out.push({ kind: 'number', text: m[0], offset: i, end: i + m[0].length });
      i += m[0].length;
    } else {
      out.push({ kind: 'punct', text: c, offset: i, end: i + 1 });
      i += 1;
    }
  }
  return out;
}

const OPEN: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

interface Declaration {
  symbol: string;
  type: string;
  apiVersion?: string;
  body: Record<string, unknown>;
  table: PositionTable;
  offset: number;
  loop: boolean;
  /** The symbol of the resource this one is declared in (a nested child resource). */
  parent?: string;
}

class Parser {
  private pos = 0;
  /** Symbols of the resources whose bodies are being read, innermost last. */
  private readonly enclosing: string[] = [];
  /** Child resources declared inside another's body. */
  private readonly nested: Declaration[] = [];
  private readonly tokens: Token[];
  private readonly text: string;
  readonly at: (offset: number) => { line: number; column: number };
  constructor(text: string) {
    this.text = text;
    this.at = offsetLocator(text);
    this.tokens = tokenize(text);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private skipNewlines(): void {
    while (this.peek()?.kind === 'nl') this.pos += 1;
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (t?.text !== text) throw new BicepSyntaxError(`expected "${text}"`, t?.offset ?? this.text.length);
    this.pos += 1;
    return t;
  }

  /** Skips tokens up to the end of the statement: a newline outside brackets. */
  private skipStatement(): void {
    let depth = 0;
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.kind === 'nl' && depth === 0) return;
      if (t.kind === 'punct' && t.text in OPEN) depth += 1;
      else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) depth -= 1;
      this.pos += 1;
    }
  }

  /** An expression: tokens up to a newline, comma or closing bracket outside brackets. */
  private expression(): Expression {
    const start = this.peek()?.offset ?? this.text.length;
    let end = start;
    let depth = 0;
    for (let t = this.peek(); t; t = this.peek()) {
      if (depth === 0 && (t.kind === 'nl' || t.text === ',' || t.text === '}' || t.text === ']' || t.text === ')')) break;
      if (t.kind === 'punct' && t.text in OPEN) depth += 1;
      else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) depth -= 1;
      else if (t.kind === 'nl') {
        this.pos += 1;
        continue;
      }
      end = t.end;
      this.pos += 1;
    }
    return new Expression(this.text.slice(start, end).trim());
  }

  private atValueEnd(): boolean {
    const t = this.peek();
    return !t || t.kind === 'nl' || t.text === ',' || t.text === '}' || t.text === ']';
  }

  value(path: ResourcePath, table: PositionTable): unknown {
    const t = this.peek();
    if (!t) throw new BicepSyntaxError('value expected', this.text.length);
    const start = this.pos;
    let v: unknown;
    if (t.text === '{') v = this.object(path, table);
    else if (t.text === '[' && this.tokens[this.pos + 1]?.text !== 'for') v = this.array(path, table);
    else if (t.kind === 'string' && t.value !== undefined) {
      this.pos += 1;
      v = t.value;
    } else if (t.kind === 'number') {
      this.pos += 1;
      v = Number(t.text);
    } else if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false' || t.text === 'null')) {
      this.pos += 1;
      v = t.text === 'null' ? null : t.text === 'true';
    } else return this.expression();
    if (this.atValueEnd()) return v;
    // A literal followed by an operator (`'a' == x ? ...`, `{...}.prop`) is an expression.
    this.pos = start;
    return this.expression();
  }

  private object(path: ResourcePath, table: PositionTable): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (let t = this.nextItem('}'); t; t = this.nextItem('}')) {
      if (t.text === '@') {
        // A decorator on a property (`@secure()`).
        this.skipStatement();
        continue;
      }
      if (t.kind === 'ident' && t.text === 'resource' && this.tokens[this.pos + 1]?.kind === 'ident') {
        this.pos += 1;
        const child = this.resource(t.offset);
        if (child) this.nested.push(child);
        continue;
      }
      const key = t.kind === 'ident' ? t.text : t.kind === 'string' && t.value !== undefined ? t.value : undefined;
      if (key === undefined) throw new BicepSyntaxError('property name expected', t.offset);
      this.pos += 1;
      this.expect(':');
      const valueToken = this.peek();
      const at = [...path, key];
      table.set(at, this.at(t.offset), this.at(valueToken?.offset ?? t.offset));
      out[key] = this.value(at, table);
    }
    return out;
  }

  private array(path: ResourcePath, table: PositionTable): unknown[] {
    this.expect('[');
    const out: unknown[] = [];
    for (let t = this.nextItem(']'); t; t = this.nextItem(']')) {
      table.set([...path, out.length], this.at(t.offset));
      out.push(this.value([...path, out.length], table));
    }
    return out;
  }

  /** The next item of an object or array, past newlines and commas; undefined once the closing bracket is consumed. */
  private nextItem(close: '}' | ']'): Token | undefined {
    this.skipNewlines();
    while (this.peek()?.text === ',') {
      this.pos += 1;
      this.skipNewlines();
    }
    const t = this.peek();
    if (!t) throw new BicepSyntaxError(`"${close}" expected`, this.text.length);
    if (t.text !== close) return t;
    this.pos += 1;
    return undefined;
  }

  /** `resource sym 'type@version' [existing] = [if (...)] {...} | [for ... : {...}]` */
  private resource(offset: number): Declaration | undefined {
    const symbol = this.peek();
    if (symbol?.kind !== 'ident') throw new BicepSyntaxError('resource symbol expected', symbol?.offset ?? offset);
    this.pos += 1;
    const typeToken = this.peek();
    if (typeToken?.kind !== 'string' || typeToken.value === undefined) throw new BicepSyntaxError('resource type expected', typeToken?.offset ?? offset);
    this.pos += 1;
    if (this.peek()?.text === 'existing') this.pos += 1;
    this.expect('=');
    const { type, apiVersion } = splitTypeVersion(typeToken.value);
    const table = new PositionTable(this.at(offset));
    let loop = false;
    if (this.peek()?.text === 'if') {
      this.pos += 1;
      this.skipBalanced();
    } else if (this.peek()?.text === '[') {
      // [for item in list: {...}] — the body of one iteration.
      loop = true;
      this.pos += 1;
      let depth = 0;
      while (this.peek() && !(depth === 0 && this.peek()!.text === ':')) {
        const t = this.peek()!.text;
        if (t in OPEN) depth += 1;
        else if (t === ')' || t === ']' || t === '}') depth -= 1;
        this.pos += 1;
      }
      this.expect(':');
      this.skipNewlines();
      if (this.peek()?.text === 'if') {
        this.pos += 1;
        this.skipBalanced();
      }
    }
    this.skipNewlines();
    const parent = this.enclosing[this.enclosing.length - 1];
    this.enclosing.push(symbol.text);
    const body = this.peek()?.text === '{' ? this.object([], table) : undefined;
    this.enclosing.pop();
    if (loop) {
      this.skipNewlines();
      if (this.peek()?.text === ']') this.pos += 1;
    }
    return body ? { symbol: symbol.text, type, ...(apiVersion ? { apiVersion } : {}), body, table, offset, loop, ...(parent ? { parent } : {}) } : undefined;
  }

  private skipBalanced(): void {
    const open = this.peek();
    if (!open || !(open.text in OPEN)) return;
    let depth = 0;
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.text in OPEN) depth += 1;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth -= 1;
      this.pos += 1;
      if (depth === 0) return;
    }
  }

  private declarations(): Declaration[] {
    const out: Declaration[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) return out;
      if (t.kind === 'ident' && t.text === 'resource') {
        this.pos += 1;
        const d = this.resource(t.offset);
        if (d) out.push(d);
      } else this.skipStatement();
    }
  }

  /** Every resource declaration, nested ones after their parents' siblings, with full types. */
  all(): Declaration[] {
    const top = this.declarations();
    const bySymbol = new Map(top.map((d) => [d.symbol, d]));
    // A child is pushed after its own children: parents first is the reverse order.
    for (const child of [...this.nested].reverse()) {
      const parent = bySymbol.get(child.parent ?? '') ?? this.nested.find((n) => n.symbol === child.parent);
      // A nested type is relative to its parent's (`computes` inside a workspace).
      if (parent && !child.type.includes('/')) child.type = `${parent.type}/${child.type}`;
    }
    return [...top, ...this.nested].sort((a, b) => a.offset - b.offset);
  }
}

function symbolOf(v: unknown): string | undefined {
  return isExpression(v) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.text) ? v.text : undefined;
}

export function readBicep(file: string, text: string): ReadResult {
  let declarations: Declaration[];
  try {
    declarations = new Parser(text).all();
  } catch (error) {
    const offset = error instanceof BicepSyntaxError ? error.offset : 0;
    const pos = offsetLocator(text)(offset);
    const diagnostic: Diagnostic = { severity: 'error', code: AMLK_CONFIG_SYNTAX, file, line: pos.line, column: pos.column, message: `Not readable as Bicep: ${error instanceof Error ? error.message : String(error)}. Fix the syntax (\`az bicep build\` shows the same); nothing in this file was checked.` };
    return { resources: [], diagnostics: [diagnostic] };
  }
  const bySymbol = new Map(declarations.map((d) => [d.symbol, d]));
  const resources: FoundResource[] = [];
  for (const d of declarations) {
    if (!isCheckedType(d.type)) continue;
    const type = d.type.toLowerCase() === EXTENSION_TYPE.toLowerCase() ? EXTENSION_TYPE : COMPUTE_TYPE;
    const name = d.body.name;
    const r: FoundResource = {
      format: 'bicep',
      file,
      type,
      declaredAs: `resource ${d.symbol}`,
      body: d.body,
      cluster: {},
      position: (p, part) => d.table.locate(p, part),
    };
    if (d.apiVersion) r.apiVersion = d.apiVersion;
    if (typeof name === 'string' || isExpression(name)) {
      if (typeof name === 'string' && name.includes('/')) {
        r.workspace = name.split('/')[0]!;
        r.name = name.split('/').pop()!;
      } else r.name = d.loop && typeof name === 'string' ? new Expression(name) : name;
    }
    const scope = bySymbol.get(symbolOf(d.body.scope) ?? '');
    const parent = bySymbol.get(symbolOf(d.body.parent) ?? d.parent ?? '');
    const resourceId = asObject(d.body.properties)?.resourceId;
    const textOf = (v: unknown): string => (isExpression(v) ? v.text : typeof v === 'string' ? v : '');
    // A compute names its cluster by ID (`aks.id`); an extension by scope (`aks`), the same cluster as `aks.id`.
    const written = type === EXTENSION_TYPE ? (scope ? `${scope.symbol}.id` : textOf(d.body.scope)) : textOf(resourceId);
    // `aks.id` of a cluster declared here with a literal name is that cluster's type and name.
    const cluster = bySymbol.get(/^([A-Za-z_][A-Za-z0-9_]*)\.id$/.exec(written)?.[1] ?? '');
    const ref = cluster && typeof cluster.body.name === 'string' ? `${cluster.type}/${cluster.body.name}` : written;
    const clusterType = clusterTypeOf(cluster?.type ?? written);
    if (clusterType) r.cluster.type = clusterType;
    if (ref) r.cluster.ref = ref;
    if (type === COMPUTE_TYPE && parent) {
      const wsName = parent.body.name;
      if (typeof wsName === 'string' || isExpression(wsName)) r.workspace = wsName;
    }
    resources.push(r);
  }
  return { resources, diagnostics: [] };
}
