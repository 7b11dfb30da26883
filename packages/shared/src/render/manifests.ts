// DesiredState → Kubernetes YAML, one document per object, ready for `kubectl apply -f -`.
// Changes to objects the cluster owns (OpenShift's SCC) print as commented commands at the top.
import { Document } from 'yaml';
import type { DesiredState, KubernetesManifest } from '../desire/desired-state.ts';

type PatchManifest = Extract<KubernetesManifest, { form: 'patch' }>;
type ObjectManifest = Extract<KubernetesManifest, { form: 'object' }>;

const commentLines = (lines: string[]): string => lines.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');

function patchComment(m: PatchManifest): string {
  const users = m.patch.filter((op) => op.op === 'add').map((op) => `  ${String(op.value)}`);
  return commentLines([
    m.title,
    `${m.target.kind} ${m.target.name}: add to users:`,
    ...users,
    'Run once:',
    ...m.commands.map((c) => `  ${c}`),
  ]);
}

function objectDocument(m: ObjectManifest): string {
  const doc = new Document(m.object);
  // On the root node, not the document, so no blank line separates the comment from the object.
  (doc.contents as { commentBefore?: string | null }).commentBefore = [` ${m.title}`, ...(m.template ? [' TEMPLATE: replace the <...> placeholders before applying.'] : [])].join('\n');
  return doc.toString({ lineWidth: 0 });
}

export function renderManifests(state: DesiredState): string {
  const header = commentLines([`aml-k8s: Kubernetes objects for compute ${state.name}`]);
  const patches = state.manifests.filter((m): m is PatchManifest => m.form === 'patch').map(patchComment);
  const objects = state.manifests.filter((m): m is ObjectManifest => m.form === 'object').map(objectDocument);
  if (patches.length === 0 && objects.length === 0) return `${header}\n${commentLines(['Nothing to apply by hand for this compute.'])}\n`;
  const top = [header, ...patches].join('\n\n');
  return objects.length === 0 ? `${top}\n` : `${top}\n\n${objects.map((o, i) => (i === 0 ? o : `---\n${o}`)).join('')}`;
}
