// InstanceType and InstanceTypeList manifests (one or several YAML documents, as `kubectl apply -f`
// takes them) read into a spec's `instanceTypes`. Other objects are not a spec's business.
import { isMap, isNode, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../diagnostics.ts';
import { INSTANCE_TYPE_API_VERSION, instanceTypeSpecOf } from '../../desire/instance-types.ts';
import type { InstanceTypeSpec } from '../../model/types.ts';
import { FOUND_IMPORT_CODES } from './diagnostics.ts';

const GROUP = INSTANCE_TYPE_API_VERSION.split('/')[0]!;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface ManifestInstanceTypes {
  types: Record<string, InstanceTypeSpec>;
  diagnostics: Diagnostic[];
}



/** Whether YAML text holds an InstanceType or InstanceTypeList of Azure ML's API group. */
export function mentionsInstanceTypes(text: string): boolean {
  return new RegExp(`^apiVersion:\\s*["']?${GROUP.replace(/\./g, '\\.')}/`, 'm').test(text) && /^kind:\s*["']?InstanceType(List)?\b/m.test(text);
}

export function readInstanceTypeManifests(file: string, text: string): ManifestInstanceTypes {
  const lines = new LineCounter();
  const types: Record<string, InstanceTypeSpec> = {};
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const report = (offset: number, message: string): void => {
    diagnostics.push({ severity: 'warning', code: FOUND_IMPORT_CODES.instanceTypes, file, ...at(offset), message });
  };
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    if (!('errors' in doc)) continue;
    if (doc.errors.length > 0) {
      report(doc.errors[0]!.pos[0], `Not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); its instance types are not imported. Fix the YAML.`);
      continue;
    }
    const object: unknown = doc.toJS();
    if (!isRecord(object)) continue;
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    if (!apiVersion.startsWith(`${GROUP}/`) || (object.kind !== 'InstanceType' && object.kind !== 'InstanceTypeList')) continue;
    const items = object.kind === 'InstanceType' ? [object] : Array.isArray(object.items) ? object.items : [];
    const itemNodes = object.kind === 'InstanceTypeList' ? doc.get('items', true) : undefined;
    items.forEach((item: unknown, i: number) => {
      const node = isSeq(itemNodes) ? itemNodes.items[i] : isMap(doc.contents) ? doc.contents : undefined;
      const offset = isNode(node) && node.range ? node.range[0] : (doc.range[0] ?? 0);
      const name = isRecord(item) && isRecord(item.metadata) && typeof item.metadata.name === 'string' ? item.metadata.name : undefined;
      if (!name) return report(offset, 'An instance type without metadata.name is not imported: Kubernetes rejects it. Give it a name.');
      if (Object.hasOwn(types, name)) report(offset, `The instance type "${name}" is given twice; the last one is kept, as kubectl would.`);
      types[name] = instanceTypeSpecOf((item as Record<string, unknown>).spec);
    });
  }
  return { types, diagnostics };
}
