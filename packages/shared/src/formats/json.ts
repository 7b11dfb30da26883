// ARM templates (also what Bicep compiles to) and REST request bodies: JSON with comments, read
// with jsonc-parser for the offsets. Template strings in brackets (`[parameters('x')]`) are ARM
// expressions, unknown here; `[[` escapes a literal bracket.
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics.ts';
import type { SourcePosition } from '../model/parse.ts';
import { AMLK_CONFIG_SYNTAX } from './codes.ts';
import { COMPUTE_TYPE, EXTENSION_TYPE, Expression, PositionTable, asObject, clusterTypeOf, isExpression, offsetLocator } from './found-resource.ts';
import type { FoundResource, ReadResult, ResourcePath } from './found-resource.ts';

function member(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

function armValue(text: string): string | Expression {
  if (text.startsWith('[[')) return text.slice(1);
  return text.startsWith('[') && text.endsWith(']') ? new Expression(text) : text;
}

/** The node as a plain value (ARM expressions as Expression), recording the positions of its keys. */
function toValue(node: Node, path: ResourcePath, at: (offset: number) => SourcePosition, table: PositionTable): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v || typeof k.value !== 'string') continue;
        const keyPath = [...path, k.value];
        table.set(keyPath, at(k.offset), at(v.offset));
        out[k.value] = toValue(v, keyPath, at, table);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((item, i) => {
        table.set([...path, i], at(item.offset));
        return toValue(item, [...path, i], at, table);
      });
    case 'string':
      return armValue(String(node.value));
    default:
      return node.value as unknown;
  }
}

function nameParts(name: unknown): { name?: string | Expression; workspace?: string | Expression } {
  if (isExpression(name)) return { name };
  if (typeof name !== 'string') return {};
  const parts = name.split('/');
  return parts.length > 1 ? { workspace: parts[0]!, name: parts[parts.length - 1]! } : { name };
}

function resourceOf(node: Node, fullType: string, declaredAs: string, file: string, at: (offset: number) => SourcePosition, parentName?: string | Expression): FoundResource {
  const table = new PositionTable(at(node.offset));
  const body = toValue(node, [], at, table) as Record<string, unknown>;
  const parts = nameParts(body.name);
  const scope = body.scope;
  const clusterText = typeof scope === 'string' ? scope : isExpression(scope) ? scope.text : '';
  const id = typeof scope === 'string' && scope.startsWith('/subscriptions/') ? scope : undefined;
  const resourceId = asObject(body.properties)?.resourceId;
  const ref = fullType === COMPUTE_TYPE ? (isExpression(resourceId) ? resourceId.text : typeof resourceId === 'string' ? resourceId : '') : clusterText;
  const clusterType = clusterTypeOf(ref);
  const resource: FoundResource = {
    format: 'arm',
    file,
    type: fullType,
    declaredAs,
    body,
    cluster: { ...(clusterType ? { type: clusterType } : {}), ...(id ? { id } : {}), ...(ref ? { ref } : {}) },
    position: (p, part) => table.locate(p, part),
  };
  const apiVersion = body.apiVersion;
  if (typeof apiVersion === 'string' || isExpression(apiVersion)) resource.apiVersion = apiVersion;
  if (parts.name !== undefined) resource.name = parts.name;
  const workspace = parts.workspace ?? parentName;
  if (workspace !== undefined) resource.workspace = workspace;
  return resource;
}

/** Resources of a template (an array, or an object keyed by symbolic name), nested children included. */
function templateResources(list: Node | undefined, base: string, parentType: string | undefined, parentName: string | Expression | undefined, file: string, at: (offset: number) => SourcePosition, out: FoundResource[]): void {
  const entries: [string, Node][] =
    list?.type === 'array' ? (list.children ?? []).map((n, i) => [`${base}[${i}]`, n])
    : list?.type === 'object' ? (list.children ?? []).flatMap((p) => (p.children?.[1] ? [[`${base}.${String(p.children[0]?.value)}`, p.children[1]] as [string, Node]] : []))
    : [];
  for (const [declaredAs, node] of entries) {
    const type = member(node, 'type')?.value;
    if (typeof type !== 'string') continue;
    const fullType = parentType && !type.includes('.') ? `${parentType}/${type}` : type;
    const nameNode = member(node, 'name');
    const name = typeof nameNode?.value === 'string' ? armValue(nameNode.value) : undefined;
    if ([EXTENSION_TYPE, COMPUTE_TYPE].some((t) => t.toLowerCase() === fullType.toLowerCase())) out.push(resourceOf(node, fullType, declaredAs, file, at, parentType ? parentName : undefined));
    templateResources(member(node, 'resources'), `${declaredAs}.resources`, fullType, name, file, at, out);
  }
}

function syntaxError(file: string, position: SourcePosition, problem: string): Diagnostic {
  return { severity: 'error', code: AMLK_CONFIG_SYNTAX, file, line: position.line, column: position.column, message: `Not valid JSON (${problem}). Fix the syntax; nothing in this file was checked.` };
}

export function readJson(file: string, text: string): ReadResult {
  const at = offsetLocator(text);
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    // Nesting deep enough to exhaust the stack.
    return { resources: [], diagnostics: [syntaxError(file, { line: 1, column: 1 }, error instanceof Error ? error.message : String(error))] };
  }
  const first = errors[0];
  if (first) return { resources: [], diagnostics: [syntaxError(file, at(first.offset), printParseErrorCode(first.error))] };
  if (!root) return { resources: [], diagnostics: [] };
  const resources: FoundResource[] = [];
  try {
    if (member(root, 'resources')) templateResources(member(root, 'resources'), 'resources', undefined, undefined, file, at, resources);
    else {
      // A REST request body: the resource type follows from what its properties hold.
      const props = member(root, 'properties');
      if (member(props, 'extensionType')) resources.push(resourceOf(root, EXTENSION_TYPE, 'request body', file, at));
      else if (member(props, 'computeType')) resources.push(resourceOf(root, COMPUTE_TYPE, 'request body', file, at));
    }
  } catch (error) {
    return { resources: [], diagnostics: [syntaxError(file, { line: 1, column: 1 }, error instanceof Error ? error.message : String(error))] };
  }
  return { resources, diagnostics: [] };
}

/** Whether JSON text is worth reading: it mentions an extension or compute resource. */
export function mentionsCheckedResource(text: string): boolean {
  return /extensionType|computeType|Microsoft\.KubernetesConfiguration\/extensions|workspaces\/computes|"computes"/i.test(text);
}
