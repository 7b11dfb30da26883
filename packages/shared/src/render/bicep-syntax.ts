// Bicep text for literal values: single-quoted strings with `\`, `'`, line breaks and `${`
// escaped, object keys bare when they are identifiers, and parameter references as bare names.

/** A bare Bicep expression, written as is (a parameter or resource symbol). */
export class BicepReference {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const CHAR_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function bicepString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (CHAR_ESCAPES[c] !== undefined) out += CHAR_ESCAPES[c];
    else if (c === '$' && value[i + 1] === '{') out += '\\$';
    else out += c;
  }
  return `'${out}'`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function bicepKey(key: string): string {
  return IDENTIFIER.test(key) ? key : bicepString(key);
}

/** A Bicep expression for a JSON-like value, indented for the given depth. */
export function bicepValue(value: unknown, depth = 0): string {
  if (value instanceof BicepReference) return value.text;
  if (typeof value === 'string') return bicepString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${pad}${bicepValue(v, depth + 1)}`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${bicepKey(k)}: ${bicepValue(v, depth + 1)}`).join('\n')}\n${close}}`;
}

/** A Bicep symbol (parameter or resource) from free text, in camel case. */
export function bicepSymbol(text: string): string {
  const words = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const symbol = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[A-Za-z_]/.test(symbol) ? symbol : `p${symbol}`;
}

/** A `//` comment of one or more lines. */
export function bicepComment(text: string): string {
  return text.split(/\r?\n|\r/).map((line) => `// ${line}`.trimEnd()).join('\n');
}
