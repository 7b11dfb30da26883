// Documentation placeholders (`<your-cluster>`) replaced by plausible values, so that an imported
// spec can be judged on its configuration rather than on the blanks a user still has to fill in.

const PLACEHOLDER_GUID = '00000000-0000-0000-0000-000000000000';

export function withPlaceholdersFilled(yaml: string): string {
  return yaml
    .replace(/(subscriptionId: )["']?<[^>\n]*>["']?/g, `$1${PLACEHOLDER_GUID}`)
    .replace(/subscriptions\/<[^>\n]*>/g, `subscriptions/${PLACEHOLDER_GUID}`)
    .replace(/<([^>\n]*)>/g, (_m, inner: string) => inner.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '') || 'x');
}
