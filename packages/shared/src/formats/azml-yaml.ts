// `az ml compute create --file` YAML for a Kubernetes compute (the KubernetesCompute schema:
// `type: kubernetes`, `resource_id`, `namespace`, `identity`), read as the attach request it
// becomes. Instance types listed in the compute YAML (`instance_types`, a preview schema that the
// current CLI does not read) are still checked, with a migration message.
import type { Diagnostic } from '../diagnostics.ts';
import { parseSpecText } from '../model/parse.ts';
import type { ParsedSpec } from '../model/parse.ts';
import { AMLK_LEGACY_AZML_SCHEMA } from './codes.ts';
import { COMPUTE_TYPE, asObject, clusterTypeOf } from './found-resource.ts';
import type { FoundResource, ReadResult, ResourcePath } from './found-resource.ts';

/** Whether a YAML document is an az ml YAML file (a `$schema` of Azure ML, or a `type` without apiVersion/kind). */
export function isAzmlDocument(doc: unknown): boolean {
  const r = asObject(doc);
  if (!r) return false;
  if (typeof r.$schema === 'string' && /azuremlschemas|azureml/i.test(r.$schema)) return true;
  return typeof r.type === 'string' && r.apiVersion === undefined && r.kind === undefined && ('resource_id' in r || 'namespace' in r || 'instance_types' in r);
}

const IDENTITY_TYPES: Record<string, string> = { system_assigned: 'SystemAssigned', user_assigned: 'UserAssigned', none: 'None' };

/** The legacy list (or map) of instance types, as the compute body's `instanceTypes` map, with each one's YAML path. */
function legacyInstanceTypes(v: unknown): { types: Record<string, unknown>; paths: Record<string, ResourcePath> } {
  const types: Record<string, unknown> = {};
  const paths: Record<string, ResourcePath> = {};
  const one = (name: string, body: unknown, path: ResourcePath): void => {
    const b = asObject(body) ?? {};
    types[name] = { ...(b.node_selector !== undefined ? { nodeSelector: b.node_selector } : {}), ...(b.nodeSelector !== undefined ? { nodeSelector: b.nodeSelector } : {}), ...(b.resources !== undefined ? { resources: b.resources } : {}) };
    paths[name] = path;
  };
  if (Array.isArray(v)) v.forEach((item, i) => one(String(asObject(item)?.name ?? `instance_types[${i}]`), item, ['instance_types', i]));
  else for (const [name, body] of Object.entries(asObject(v) ?? {})) one(name, body, ['instance_types', name]);
  return { types, paths };
}

function computeOf(spec: ParsedSpec): { resource?: FoundResource; diagnostics: Diagnostic[] } {
  const y = asObject(spec.doc) ?? {};
  const diagnostics: Diagnostic[] = [];
  const at = (path: ResourcePath): { line: number; column: number } => spec.locate(path);
  if (String(y.type).toLowerCase() !== 'kubernetes') {
    const pos = at(['type']);
    diagnostics.push({ severity: 'info', code: AMLK_LEGACY_AZML_SCHEMA, file: spec.file, line: pos.line, column: pos.column, message: `An az ml file of type "${String(y.type)}", not a Kubernetes compute: aml-k8s does not check it.` });
    return { diagnostics };
  }
  const inner: Record<string, unknown> = {};
  const yamlPath: Record<string, ResourcePath> = { name: ['name'], 'properties.resourceId': ['resource_id'], 'properties.properties.namespace': ['namespace'], identity: ['identity'], 'identity.type': ['identity', 'type'] };
  if (y.namespace !== undefined) inner.namespace = y.namespace;
  if (y.instance_types !== undefined || y.default_instance_type !== undefined) {
    const { types, paths } = legacyInstanceTypes(y.instance_types);
    inner.instanceTypes = types;
    for (const [name, p] of Object.entries(paths)) yamlPath[`properties.properties.instanceTypes.${name}`] = p;
    const pos = at([y.instance_types !== undefined ? 'instance_types' : 'default_instance_type']);
    diagnostics.push({ severity: 'warning', code: AMLK_LEGACY_AZML_SCHEMA, file: spec.file, line: pos.line, column: pos.column, message: '`instance_types` in a compute YAML file is a preview schema the current az ml CLI does not read, so these instance types are never created. Define them as InstanceType objects applied to the cluster (`kubectl apply -f`), or as `spec.instanceTypes` of an aml-k8s spec (`aml-k8s import` can write one).' });
  }
  const identity = asObject(y.identity);
  const uais = Array.isArray(identity?.user_assigned_identities) ? identity.user_assigned_identities : [];
  const body: Record<string, unknown> = {
    properties: { computeType: 'Kubernetes', ...(y.resource_id !== undefined ? { resourceId: y.resource_id } : {}), ...(y.description !== undefined ? { description: y.description } : {}), properties: inner },
  };
  if (identity) {
    const type = typeof identity.type === 'string' ? (IDENTITY_TYPES[identity.type.toLowerCase()] ?? identity.type) : identity.type;
    body.identity = { type, ...(uais.length > 0 ? { userAssignedIdentities: Object.fromEntries(uais.map((u) => [String(asObject(u)?.resource_id ?? u), {}])) } : {}) };
    uais.forEach((u, i) => (yamlPath[`identity.userAssignedIdentities.${String(asObject(u)?.resource_id ?? u)}`] = ['identity', 'user_assigned_identities', i]));
  }
  const toYaml = (path: ResourcePath): ResourcePath => {
    for (let n = path.length; n > 0; n -= 1) {
      const hit = yamlPath[path.slice(0, n).join('.')];
      if (hit) return [...hit, ...path.slice(n).map((s) => (s === 'nodeSelector' ? 'node_selector' : s))];
    }
    return [];
  };
  const clusterType = typeof y.resource_id === 'string' ? clusterTypeOf(y.resource_id) : undefined;
  const resource: FoundResource = {
    format: 'azml',
    file: spec.file,
    type: COMPUTE_TYPE,
    declaredAs: spec.index > 0 ? `document ${spec.index + 1}` : 'compute',
    ...(typeof y.name === 'string' ? { name: y.name } : {}),
    body,
    cluster: { ...(clusterType ? { type: clusterType } : {}), ...(typeof y.resource_id === 'string' ? { ref: y.resource_id } : {}) },
    position: (path, part) => spec.locate(toYaml(path), part),
  };
  return { resource, diagnostics };
}

export function readAzmlYaml(file: string, text: string): ReadResult {
  const parsed = parseSpecText(text, file);
  const resources: FoundResource[] = [];
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  for (const spec of parsed.specs) {
    if (!isAzmlDocument(spec.doc)) continue;
    const one = computeOf(spec);
    if (one.resource) resources.push(one.resource);
    diagnostics.push(...one.diagnostics);
  }
  return { resources, diagnostics };
}
