// Imported spec documents as YAML: one document per compute, separated by `---`, under a header
// that names the source. Field order follows the spec (apiVersion, kind, metadata, spec).
import { Document } from 'yaml';
import type { ComputeDocument } from '../model/types.ts';

export interface YamlSource {
  /** The file the commands came from, or e.g. `standard input`. */
  name: string;
  /** Lines of the commands each document was made from, by document. */
  lines?: readonly (readonly number[])[];
}

const SPEC_ORDER = ['state', 'cluster', 'extension', 'attach', 'instanceTypes'];
const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec'];

function ordered<T extends object>(obj: T, order: readonly string[]): T {
  const entries = Object.entries(obj).sort(([a], [b]) => rank(a, order) - rank(b, order));
  return Object.fromEntries(entries) as T;
}

const rank = (key: string, order: readonly string[]): number => {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
};

export function documentsToYaml(docs: readonly ComputeDocument[], source: YamlSource): string {
  const header = [
    `# aml-k8s spec imported from ${source.name} (aml-k8s import az).`,
    '# Review before use: replace <placeholders>, and set the environment variables named by { env: ... } references.',
  ].join('\n');
  const bodies = docs.map((doc, i) => {
    const top = ordered({ ...doc, spec: ordered(doc.spec, SPEC_ORDER) }, TOP_ORDER);
    const yaml = new Document(top);
    const lines = source.lines?.[i];
    // On the root node, so that no blank line separates the comment from the document.
    if (lines?.length) (yaml.contents as { commentBefore?: string | null }).commentBefore = ` From the command${lines.length > 1 ? 's' : ''} at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}.`;
    return yaml.toString({ lineWidth: 0 });
  });
  return bodies.length ? `${header}\n${bodies.join('---\n')}` : `${header}\n`;
}
