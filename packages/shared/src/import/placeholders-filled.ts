// Documentation placeholders (`<your-cluster>`) and shell variables the text does not assign
// (`$CLUSTER_NAME`, `${RG}`, `$(az ...)`) replaced by plausible values, so that an imported spec can be
// judged on its configuration rather than on the blanks a user still has to fill in.

const PLACEHOLDER_GUID = '00000000-0000-0000-0000-000000000000';

/** A `<placeholder>`, a `$NAME` / `${NAME}` / `$env:NAME` reference, or a one-line `$(...)` substitution. */
const BLANK = String.raw`(?:<[^>\n]*>|\$\{?(?:env:)?[A-Za-z_][A-Za-z0-9_]*\}?|\$\([^()\n]*\))`;

/** A name-like stand-in: lower case letters, digits and dashes, at most 24 characters. */
function standIn(blank: string): string {
  const inner = blank.replace(/^<|>$/g, '').replace(/^\$(\{|\()?(env:)?|[})]$/g, '');
  return inner.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '') || 'x';
}

export function withPlaceholdersFilled(yaml: string): string {
  return yaml
    .replace(new RegExp(String.raw`(subscriptionId: )["']?${BLANK}["']?`, 'g'), `$1${PLACEHOLDER_GUID}`)
    .replace(new RegExp(String.raw`subscriptions/${BLANK}`, 'g'), `subscriptions/${PLACEHOLDER_GUID}`)
    .replace(new RegExp(BLANK, 'g'), standIn);
}
