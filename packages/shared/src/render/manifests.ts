// DesiredState → Kubernetes YAML, one document per object, ready for `kubectl apply -f -`.
// Changes to objects the cluster owns (OpenShift's SCC) print as commented commands at the top.
// Every document, its `---` marker and its comments are emitted by the YAML library: no text from
// the spec is ever concatenated into the stream, so a value holding "\n---\n" stays a value.
import { Document } from 'yaml';
import type { DesiredState, KubernetesManifest } from '../desire/desired-state.ts';

type PatchManifest = Extract<KubernetesManifest, { form: 'patch' }>;
type ObjectManifest = Extract<KubernetesManifest, { form: 'object' }>;

/** One comment line's text: control characters and line separators shown as escapes. */
/**
 * No block scalars: for a value whose first line holds only spaces (" \n") the YAML library writes a
 * block scalar without an indentation indicator, which reads back without those spaces.
 */
export const YAML_OUTPUT = { lineWidth: 0, blockQuote: false } as const;
const commentText = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Comment lines as the YAML library takes them (it adds the `#`). */
const commentBlock = (lines: string[]): string => lines.map((l) => (l === '' ? '' : ` ${commentText(l)}`)).join('\n');

/** Comment lines as text, for output that holds no document. */
const commentLines = (lines: string[]): string => lines.map((l) => (l === '' ? '#' : `# ${commentText(l)}`)).join('\n');

function patchComment(m: PatchManifest): string[] {
  const users = m.patch.filter((op) => op.op === 'add').map((op) => `  ${String(op.value)}`);
  return [m.title, `${m.target.kind} ${m.target.name}: add to users:`, ...users, 'Run once:', ...m.commands.map((c) => `  ${c}`)];
}

function objectDocument(m: ObjectManifest, index: number, preamble: string[]): Document {
  const doc = new Document(m.object);
  if (index > 0) doc.directives!.docStart = true;
  if (preamble.length) doc.commentBefore = commentBlock(preamble);
  const title = [m.title, ...(m.template ? ['TEMPLATE: replace the <...> placeholders before applying.'] : [])];
  // On the root node, not the document, so no blank line separates the comment from the object.
  if (doc.contents) (doc.contents as { commentBefore?: string | null }).commentBefore = commentBlock(title);
  return doc;
}

export function renderManifests(state: DesiredState): string {
  const header = [`aml-k8s: Kubernetes objects for compute ${state.name}`];
  const patches = state.manifests.filter((m): m is PatchManifest => m.form === 'patch').map(patchComment);
  const objects = state.manifests.filter((m): m is ObjectManifest => m.form === 'object');
  const preamble = [...header, ...patches.flatMap((p) => ['', ...p])];
  if (objects.length === 0) return `${commentLines(patches.length ? preamble : [...header, 'Nothing to apply by hand for this compute.'])}\n`;
  return objects.map((m, i) => objectDocument(m, i, i === 0 ? preamble : []).toString(YAML_OUTPUT)).join('');
}
