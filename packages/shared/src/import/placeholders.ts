// Documentation placeholders such as `<your-cluster-name>` or `<ssl cname>`: kept verbatim in the
// spec, and reported so they get filled in.

export interface Placeholder {
  text: string;
  /** Index in the value. */
  index: number;
}

const PLACEHOLDER = /<[^<>\n]+>|\{[A-Z][A-Z0-9_ -]*\}/g;

export function findPlaceholders(value: string): Placeholder[] {
  return [...value.matchAll(PLACEHOLDER)].map((m) => ({ text: m[0], index: m.index }));
}

export function hasPlaceholder(value: string): boolean {
  return findPlaceholders(value).length > 0;
}
