// Values of a found resource as a spec holds them: literals as written, expressions as
// `<placeholders>` (the form `import az` uses for blanks to fill in).
import type { Expression, FoundResource } from '../found-resource.ts';
import { suggestEnvName } from '../../settings/to-spec.ts';

/** HCL's `$${` and `%%{` are literal `${` and `%{`. */
export function unescapeHcl(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** The placeholder a spec holds for an expression. */
export function placeholder(e: { text: string }): string {
  const text = e.text.replace(/\s+/g, ' ').replace(/[<>]/g, '').trim();
  return `<${text.length > 80 ? `${text.slice(0, 77)}...` : text || 'expression'}>`;
}

/** The environment variable a protected expression becomes: named after the variable or parameter it reads. */
export function envNameFor(e: Expression): string {
  const m = /([A-Za-z_][A-Za-z0-9_]*)[^A-Za-z0-9_]*$/.exec(e.text);
  const name = m ? m[1]! : 'PROTECTED_SETTING';
  return /^[a-z0-9_]+$/.test(name) ? name.toUpperCase() : suggestEnvName(name);
}

/** How a source language calls an expression, for messages. */
export function expressionKind(r: FoundResource): string {
  return r.format === 'terraform' ? 'a Terraform expression' : r.format === 'bicep' ? 'a Bicep expression' : r.format === 'arm' ? 'an ARM template expression' : 'an expression';
}

/** Text of a literal scalar; undefined for anything else. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return undefined;
}
