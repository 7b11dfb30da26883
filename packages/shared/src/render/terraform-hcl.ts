// HCL text for literal values: strings with every template sequence escaped (`${` and `%{` start
// interpolations and directives in a quoted HCL string), object keys quoted, and references to
// variables written as bare expressions.

/** A bare HCL expression, written as is (a `var.` reference). */
export class HclReference {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const CHAR_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function hclString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    const next = value[i + 1];
    if (CHAR_ESCAPES[c] !== undefined) out += CHAR_ESCAPES[c];
    else if ((c === '$' || c === '%') && next === '{') out += `${c}${c}`;
    else if (c < ' ' || c === '\u007f') out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `"${out}"`;
}

/** An object key: bare when it is an identifier (read literally in an object constructor), else quoted. */
function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !['null', 'true', 'false'].includes(key) ? key : hclString(key);
}

/** An HCL expression for a JSON-like value, indented for the given depth. */
export function hclValue(value: unknown, depth = 0): string {
  if (value instanceof HclReference) return value.text;
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${pad}${hclValue(v, depth + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${hclKey(k)} = ${hclValue(v, depth + 1)}`).join('\n')}\n${close}}`;
}

/** A Terraform identifier (resource or variable name) from free text. */
export function hclIdentifier(text: string): string {
  const id = text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
  return /^[a-z_]/.test(id) ? id : `x_${id}`;
}

/** A `#` comment of one or more lines. */
export function hclComment(text: string, indent = ''): string {
  return text.split(/\r?\n|\r/).map((line) => `${indent}# ${line}`.trimEnd()).join('\n');
}
