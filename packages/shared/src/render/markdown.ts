// Escaping for Markdown posted where many read it (pull request comments, job summaries, issues).
// Text from specs, Azure responses and error messages goes through these, so it can neither close
// a block (`</details>`, a table row, a code fence) nor add one (an image, a link, a heading).

const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '`': '&#96;', '|': '&#124;', '[': '&#91;', ']': '&#93;',
  '\\': '&#92;', '*': '&#42;', '_': '&#95;', '~': '&#126;', '#': '&#35;', '!': '&#33;',
};

/**
 * Inline text: one line (line breaks become spaces, other control characters are dropped), with
 * HTML and the Markdown punctuation that could start markup written as character references.
 * Safe in a paragraph, a list item, a table cell and inside HTML (`<summary>`, `<code>`).
 */
export function markdownText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(/[&<>"`|[\]\\*_~#!]/g, (c) => ENTITIES[c]!);
}

/** Inline code: `<code>` rather than backticks, so no backtick in the text can end it. */
export const markdownCode = (text: string): string => `<code>${markdownText(text)}</code>`;

/** One line of a fenced code block: line breaks and control characters shown as escapes. */
const codeLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A fenced code block whose fence is longer than any backtick run inside, so no line can close it. */
export function markdownFence(lang: string, lines: readonly string[]): string[] {
  const body = lines.map(codeLine);
  const longest = Math.max(0, ...body.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...body, fence];
}
