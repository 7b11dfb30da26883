// Instance types a script creates with kubectl from a here-document (`kubectl apply -f - <<'EOF'`,
// `cat <<EOF | kubectl apply -f -`, or `cat > FILE <<EOF` then `kubectl apply -f FILE`): the
// `InstanceType` and `InstanceTypeList` objects of the amlarc.azureml.com group, read into the
// spec's `instanceTypes`. Other objects in the same YAML are not the spec's business.
import { isNode, isSeq, parseAllDocuments } from 'yaml';
import { INSTANCE_TYPE_API_VERSION, instanceTypeSpecOf } from '../desire/instance-types.ts';
import type { InstanceTypeSpec } from '../model/types.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import type { ImportedDocument } from './documents.ts';
import { IMPORT_CODES } from './diagnostics.ts';
import type { HereDoc, ShellCommand, SourcePos } from './shell.ts';
import { lineLocator } from './shell.ts';

const GROUP = INSTANCE_TYPE_API_VERSION.split('/')[0]!;

export interface InstanceTypeBlock {
  /** Where the kubectl command is. */
  at: SourcePos;
  types: Map<string, { spec: InstanceTypeSpec; at: SourcePos }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `kubectl apply|create -f -` (or `--filename`), and the file it reads. */
export function kubectlInput(cmd: ShellCommand): string | undefined {
  const words = cmd.words.map((w) => w.text);
  if (words[0] !== 'kubectl' || (words[1] !== 'apply' && words[1] !== 'create')) return undefined;
  for (let i = 2; i < words.length; i++) {
    const m = /^(?:-f|--filename)(?:=(.*))?$/.exec(words[i]!);
    if (m) return m[1] ?? words[i + 1];
  }
  return undefined;
}



/**
 * Reads the instance types of a here-document's YAML. `at` locates a 0-based line of the body in
 * the input text.
 */
export function readInstanceTypes(doc: HereDoc, at: (offset: number) => SourcePos, sink: DiagnosticSink, cmdAt: SourcePos): InstanceTypeBlock {
  const block: InstanceTypeBlock = { at: cmdAt, types: new Map() };
  const bodyStart = at(doc.bodyOffset);
  const inBody = lineLocator(doc.body);
  const lineAt = (offset: number): SourcePos => ({ line: bodyStart.line + inBody(offset).line - 1, column: inBody(offset).column, offset: doc.bodyOffset });
  if (!doc.quoted && /\$[{(A-Za-z_]/.test(doc.body)) {
    sink.add('info', IMPORT_CODES.instanceTypes, doc.start, `The here-document's delimiter ${doc.delimiter} is not quoted, so the shell expands the $ references in it; they were read as written. Quote the delimiter (<<'${doc.delimiter}') if they are meant literally.`);
  }
  for (const yamlDoc of parseAllDocuments(doc.body)) {
    if (!('errors' in yamlDoc)) continue;
    if (yamlDoc.errors.length) {
      const e = yamlDoc.errors[0]!;
      sink.add('warning', IMPORT_CODES.instanceTypes, lineAt(e.pos[0]), `The YAML given to kubectl is not valid (${e.message.split('\n')[0]}); its instance types are not imported. Fix the YAML.`);
      continue;
    }
    const object: unknown = yamlDoc.toJS();
    if (!isRecord(object)) continue;
    const where = lineAt(yamlDoc.range[0]);
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    if (!apiVersion.startsWith(`${GROUP}/`) || (object.kind !== 'InstanceType' && object.kind !== 'InstanceTypeList')) continue;
    const items = object.kind === 'InstanceType' ? [object] : Array.isArray(object.items) ? object.items : [];
    const itemNodes = object.kind === 'InstanceTypeList' ? yamlDoc.get('items', true) : undefined;
    items.forEach((item: unknown, i: number) => {
      const node = isSeq(itemNodes) ? itemNodes.items[i] : undefined;
      const itemAt = isNode(node) && node.range ? lineAt(node.range[0]) : where;
      const name = isRecord(item) && isRecord(item.metadata) && typeof item.metadata.name === 'string' ? item.metadata.name : undefined;
      if (!name) {
        sink.add('warning', IMPORT_CODES.instanceTypes, itemAt, 'An instance type without metadata.name is not imported: Kubernetes rejects it. Give it a name.');
        return;
      }
      if (block.types.has(name)) sink.add('warning', IMPORT_CODES.instanceTypes, itemAt, `The instance type "${name}" is given twice; the last one is kept, as kubectl would.`);
      block.types.set(name, { spec: instanceTypeSpecOf((item as Record<string, unknown>).spec), at: itemAt });
    });
  }
  return block;
}

/** The last line before `line` of the commands a document was made from, or -1. */
const lastLineBefore = (d: ImportedDocument, line: number): number => Math.max(-1, ...d.lines.filter((l) => l < line));

/** Puts each block of instance types in the document of the nearest command above it (else the first document). */
export function placeInstanceTypes(documents: readonly ImportedDocument[], blocks: readonly InstanceTypeBlock[], sink: DiagnosticSink): void {
  for (const block of blocks) {
    if (block.types.size === 0) continue;
    const line = block.at.line;
    const nearest = documents.reduce<ImportedDocument | undefined>((best, d) => (lastLineBefore(d, line) > (best ? lastLineBefore(best, line) : -1) ? d : best), undefined);
    const target = nearest ?? documents[0];
    if (!target) continue;
    const types = (target.doc.spec.instanceTypes ??= {});
    for (const [name, { spec, at }] of block.types) {
      if (types[name]) sink.add('warning', IMPORT_CODES.instanceTypes, at, `The instance type "${name}" is created again; the last one is kept, as kubectl would.`);
      types[name] = spec;
    }
    if (documents.length > 1) {
      sink.add('info', IMPORT_CODES.instanceTypes, block.at, `The instance types created here (${[...block.types.keys()].join(', ')}) went to the spec of ${target.doc.metadata.name}, the compute set up just before. Instance types belong to the cluster: move them if they are meant for another one.`);
    }
  }
}
