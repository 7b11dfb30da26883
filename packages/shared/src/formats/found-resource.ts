// The shape every format reader (Terraform, ARM/REST JSON, Bicep, az ml compute YAML) produces:
// Azure resources in their ARM request shape, whatever the source syntax, with the source position
// of every key and the values that are expressions (unknown until deployment) marked as such.
import type { Diagnostic } from '../diagnostics.ts';
import type { SourcePosition } from '../model/parse.ts';

export type SourceFormat = 'terraform' | 'arm' | 'bicep' | 'azml';

export const EXTENSION_TYPE = 'Microsoft.KubernetesConfiguration/extensions';
export const COMPUTE_TYPE = 'Microsoft.MachineLearningServices/workspaces/computes';
export const AZUREML_EXTENSION_TYPE = 'microsoft.azureml.kubernetes';

/** A value only known at deployment: a variable, a parameter, a function call, an interpolation. */
export class Expression {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export function isExpression(v: unknown): v is Expression {
  return v instanceof Expression;
}

/** A path in the ARM body of a resource, e.g. ['properties', 'configurationSettings', 'domain']. */
export type ResourcePath = readonly (string | number)[];

export interface ClusterHint {
  /** AKS (`managedClusters`) or Arc (`connectedClusters`), when the source says. */
  type?: 'aks' | 'arc';
  /** The cluster's ARM ID, when written literally. */
  id?: string;
  /** The cluster as the source refers to it (a literal ID or an expression's text), to tell clusters apart. */
  ref?: string;
}

export interface FoundResource {
  format: SourceFormat;
  file: string;
  /** ARM resource type, e.g. Microsoft.KubernetesConfiguration/extensions. */
  type: string;
  apiVersion?: string | Expression;
  /** How the source declares it, for messages: `azurerm_kubernetes_cluster_extension.aml`, `resource aml`, `resources[0]`. */
  declaredAs: string;
  name?: string | Expression;
  /** The ARM request body: `properties`, `identity`, `location`...; expressions are Expression values. */
  body: Record<string, unknown>;
  /** The cluster an extension is installed on / a compute attaches, as far as the source says. */
  cluster: ClusterHint;
  /** The workspace a compute belongs to, when written literally. */
  workspace?: string | Expression;
  /** The ARM ID of the parent resource, when the source gives it (Terraform's azapi `parent_id`). */
  parentId?: string | Expression;
  /** Position of the key (or value) at `path` of the body, else of its nearest ancestor, else of the declaration. */
  position(path: ResourcePath, part?: 'key' | 'value'): SourcePosition;
}

export interface ReadResult {
  resources: FoundResource[];
  /** Syntax errors and notes about what the reader could not read. */
  diagnostics: Diagnostic[];
}

/** The value at `path` of a body; an Expression when the path runs through one (its parts are unknown too). */
export function valueAt(body: unknown, path: ResourcePath): unknown {
  let v: unknown = body;
  for (const seg of path) {
    if (isExpression(v)) return v;
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** The expression at `path` (or above it), when the value there is not known before deployment. */
export function unknownAt(body: unknown, path: ResourcePath): Expression | undefined {
  const v = valueAt(body, path);
  return isExpression(v) ? v : undefined;
}

export function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isExpression(v) ? (v as Record<string, unknown>) : undefined;
}

/** Key and value positions recorded by a reader while it walks the source, looked up by body path. */
export class PositionTable {
  private readonly entries = new Map<string, { key: SourcePosition; value: SourcePosition }>();
  private readonly fallback: SourcePosition;

  constructor(declaration: SourcePosition) {
    this.fallback = declaration;
  }

  set(path: ResourcePath, key: SourcePosition, value: SourcePosition = key): void {
    this.entries.set(JSON.stringify(path), { key, value });
  }

  locate(path: ResourcePath, part: 'key' | 'value' = 'key'): SourcePosition {
    for (let n = path.length; n > 0; n -= 1) {
      const hit = this.entries.get(JSON.stringify(path.slice(0, n)));
      if (hit) return n === path.length && part === 'value' ? hit.value : hit.key;
    }
    return this.fallback;
  }
}

export { offsetLocator } from '../model/offsets.ts';

/** Cluster type from an ARM ID or a type name that mentions the resource provider. */
export function clusterTypeOf(text: string): 'aks' | 'arc' | undefined {
  if (/managedClusters|azurerm_kubernetes_cluster\b/i.test(text)) return 'aks';
  if (/connectedClusters|azurerm_arc_kubernetes_cluster\b/i.test(text)) return 'arc';
  return undefined;
}

/** The parts of a `type@apiVersion` string. */
export function splitTypeVersion(text: string): { type: string; apiVersion?: string } {
  const at = text.lastIndexOf('@');
  return at < 0 ? { type: text } : { type: text.slice(0, at), apiVersion: text.slice(at + 1) };
}

/** Whether a resource type (any case) is one aml-k8s checks. */
export function isCheckedType(type: string): boolean {
  const t = type.toLowerCase();
  return t === EXTENSION_TYPE.toLowerCase() || t === COMPUTE_TYPE.toLowerCase();
}

/** What a rule about found resources sees: one resource, and every resource read with it (other files too). */
export interface FoundContext {
  resource: FoundResource;
  all: readonly FoundResource[];
}
