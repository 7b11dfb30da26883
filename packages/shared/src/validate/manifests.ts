// Kubernetes `InstanceType` manifests, read in place by `aml-k8s validate`: a file is one when one
// of its documents is an instance type (kind InstanceType or InstanceTypeList, or the
// amlarc.azureml.com group) or a bare instance type fragment (a `spec.resources` without kind and
// apiVersion). Its documents then go to the rules' `checkManifest`, except compute specs, which a
// file may mix in and which are validated as such. The node selectors of the extensions in the
// specs validated together go along, for the rules comparing an instance type with them.
import type { ParsedSpec } from '../model/parse.ts';
import type { ExtensionNodeSelector, InstanceTypeAt, ManifestContext } from './rules/rule.ts';

export const INSTANCE_TYPE_GROUP = 'amlarc.azureml.com';
const KINDS = new Set(['InstanceType', 'InstanceTypeList']);

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function isComputeSpec(doc: unknown): boolean {
  const r = asRecord(doc);
  return r?.kind === 'KubernetesCompute' || (typeof r?.apiVersion === 'string' && r.apiVersion.startsWith('aml-k8s/'));
}

function looksLikeInstanceType(doc: unknown): boolean {
  const r = asRecord(doc);
  if (!r) return false;
  if (typeof r.kind === 'string' && KINDS.has(r.kind)) return true;
  if (typeof r.apiVersion === 'string' && r.apiVersion.startsWith(`${INSTANCE_TYPE_GROUP}/`)) return true;
  const spec = asRecord(r.spec);
  return r.kind === undefined && r.apiVersion === undefined && spec !== undefined && 'resources' in spec && !('cluster' in spec);
}

/** Whether the documents of one file are an InstanceType manifest file. */
export function isInstanceTypeFile(docs: readonly ParsedSpec[]): boolean {
  return docs.some((d) => looksLikeInstanceType(d.doc));
}

/** Whether a document of an InstanceType manifest file is read as a manifest (not a compute spec). */
export function isManifestDocument(doc: unknown): boolean {
  return !isComputeSpec(doc);
}

const nameOf = (v: unknown): string => {
  const name = asRecord(asRecord(v)?.metadata)?.name;
  return typeof name === 'string' ? name : '';
};

/** The extensions of compute specs with their node selectors (empty when they set none), for `manifestContext`. */
export function extensionNodeSelectors(specs: readonly { parsed: ParsedSpec; doc: unknown }[]): ExtensionNodeSelector[] {
  return specs.flatMap(({ parsed, doc }) => {
    const extension = asRecord(asRecord(asRecord(doc)?.spec)?.extension);
    if (!extension) return [];
    return [{ compute: nameOf(doc) || '(unnamed)', file: parsed.file, nodeSelector: asRecord(extension.nodeSelector) ?? {} }];
  });
}

/** The instance types one manifest document declares, with the paths of their bodies. */
export function manifestContext(spec: ParsedSpec, extensions: ExtensionNodeSelector[] = []): ManifestContext {
  const doc: unknown = spec.doc;
  const root = asRecord(doc);
  const types: InstanceTypeAt[] = [];
  const body = (v: unknown): InstanceTypeAt['it'] => (asRecord(asRecord(v)?.spec) ?? {}) as InstanceTypeAt['it'];
  if (root?.kind === 'InstanceType' || (root && root.kind === undefined && root.apiVersion === undefined)) {
    const name = nameOf(root) || (root.kind === undefined ? '(fragment)' : '(unnamed)');
    types.push({ name, it: body(root), base: ['spec'], at: nameOf(root) ? ['metadata', 'name'] : [], ...(nameOf(root) ? {} : { unnamed: true }) });
  } else if (root?.kind === 'InstanceTypeList' && Array.isArray(root.items)) {
    root.items.forEach((item, i) => {
      const name = nameOf(item);
      types.push({ name: name || `items[${i}]`, it: body(item), base: ['items', i, 'spec'], at: name ? ['items', i, 'metadata', 'name'] : ['items', i], ...(name ? {} : { unnamed: true }) });
    });
  }
  return { spec, doc, types, extensions };
}
