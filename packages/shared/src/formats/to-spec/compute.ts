// A Kubernetes compute resource (the attach request) as the `attach` section and instance types of
// a spec. Location fields are left out (aml-k8s uses the workspace's region); anything else the
// spec has no place for is reported.
import { DEFAULT_COMPUTE_NAMESPACE } from '../../desire/compute.ts';
import { DEFAULT_INSTANCE_TYPE } from '../../desire/instance-types.ts';
import type { AttachSpec, IdentitySpec, InstanceTypeSpec, ResourceQuantities } from '../../model/types.ts';
import { asObject, isExpression } from '../found-resource.ts';
import type { FoundResource, ResourcePath } from '../found-resource.ts';
import { FOUND_IMPORT_CODES } from './diagnostics.ts';
import type { FoundSink } from './diagnostics.ts';
import { expressionKind, placeholder } from './values.ts';

const DECLARATION_FIELDS = new Set(['name', 'scope', 'parent', 'type', 'apiVersion', 'dependsOn', 'condition', 'copy', 'comments']);
const LOCATION_FIELDS = new Set(['location', 'computeLocation']);
const COMPUTE_PROPERTIES = new Set(['computeType', 'resourceId', 'description', 'properties', 'computeLocation']);
const KUBERNETES_PROPERTIES = new Set(['namespace', 'instanceTypes', 'defaultInstanceType']);
const READ_ONLY = new Set(['provisioningState', 'provisioningErrors', 'createdOn', 'modifiedOn', 'isAttachedCompute', 'systemData', 'id', 'extensionPrincipalId']);

export interface ImportedCompute {
  /** The compute's name in the workspace. */
  name: string;
  attach: Omit<AttachSpec, 'workspace'>;
  instanceTypes?: Record<string, InstanceTypeSpec>;
}

/** A text value of the source; an expression becomes a placeholder, with a warning naming the spec field. */
function text(r: FoundResource, path: ResourcePath, v: unknown, field: string, sink: FoundSink): string | undefined {
  const value = v;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isExpression(value)) {
    sink.at(r, path, 'warning', FOUND_IMPORT_CODES.expression, `${path.join('.')} is \`${value.text}\`, ${expressionKind(r)}: kept as the placeholder ${placeholder(value)} in ${field}. Replace it with the value.`);
    return placeholder(value);
  }
  return undefined;
}

function identity(r: FoundResource, sink: FoundSink): IdentitySpec | undefined {
  const id = asObject(r.body.identity);
  if (!id) return undefined;
  const type = typeof id.type === 'string' ? id.type.replace(/[\s_,]/g, '').toLowerCase() : '';
  if (type === 'systemassigned') return { type: 'SystemAssigned' };
  if (type === 'none') return { type: 'None' };
  if (type === 'userassigned') return { type: 'UserAssigned', ids: Object.keys(asObject(id.userAssignedIdentities) ?? {}).map((k) => k) };
  sink.at(r, ['identity', 'type'], 'warning', FOUND_IMPORT_CODES.unsupported, `The identity type ${isExpression(id.type) ? `\`${id.type.text}\`` : `"${String(id.type)}"`} has no place in a spec (SystemAssigned, UserAssigned or None); it is not imported.`);
  return undefined;
}

function quantities(r: FoundResource, path: ResourcePath, v: unknown, sink: FoundSink): ResourceQuantities | undefined {
  const q = asObject(v);
  if (!q) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(q)) {
    const t = text(r, [...path, k], x, 'an instance type', sink);
    if (t !== undefined) out[k] = t;
  }
  return out as ResourceQuantities;
}

function instanceTypes(r: FoundResource, sink: FoundSink): Record<string, InstanceTypeSpec> | undefined {
  const path: ResourcePath = ['properties', 'properties', 'instanceTypes'];
  const types = asObject(asObject(asObject(r.body.properties)?.properties)?.instanceTypes);
  if (!types) return undefined;
  const out: Record<string, InstanceTypeSpec> = {};
  for (const [rawName, body] of Object.entries(types)) {
    const b = asObject(body) ?? {};
    const spec: InstanceTypeSpec = {};
    const selector = asObject(b.nodeSelector);
    if (selector) spec.nodeSelector = Object.fromEntries(Object.entries(selector).flatMap(([k, v]) => {
      const t = text(r, [...path, rawName, 'nodeSelector', k], v, 'an instance type', sink);
      return t === undefined ? [] : [[k, t]];
    }));
    const resources = asObject(b.resources);
    if (resources) {
      const requests = quantities(r, [...path, rawName, 'resources', 'requests'], resources.requests, sink);
      const limits = quantities(r, [...path, rawName, 'resources', 'limits'], resources.limits, sink);
      if (requests || limits) spec.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
    }
    out[rawName] = spec;
  }
  return out;
}

function reportUnsupported(r: FoundResource, sink: FoundSink): void {
  const props = asObject(r.body.properties) ?? {};
  const inner = asObject(props.properties) ?? {};
  for (const key of Object.keys(r.body)) {
    if (key === 'properties' || key === 'identity' || DECLARATION_FIELDS.has(key) || READ_ONLY.has(key)) continue;
    if (LOCATION_FIELDS.has(key)) sink.at(r, [key], 'info', FOUND_IMPORT_CODES.derived, `${key} is left out: aml-k8s sets it to the workspace's region, as az ml compute attach does.`);
    else sink.at(r, [key], 'warning', FOUND_IMPORT_CODES.unsupported, `A spec has no place for the compute's ${key}; it is not imported, and aml-k8s does not send it.`);
  }
  for (const key of Object.keys(props)) {
    if (key === 'computeLocation') sink.at(r, ['properties', key], 'info', FOUND_IMPORT_CODES.derived, 'computeLocation is left out: aml-k8s sets it to the workspace\'s region, as az ml compute attach does.');
    else if (!COMPUTE_PROPERTIES.has(key) && !READ_ONLY.has(key)) sink.at(r, ['properties', key], 'warning', FOUND_IMPORT_CODES.unsupported, `A spec has no place for properties.${key}; it is not imported, and aml-k8s does not send it.`);
  }
  for (const key of Object.keys(inner)) {
    if (!KUBERNETES_PROPERTIES.has(key)) sink.at(r, ['properties', 'properties', key], 'warning', FOUND_IMPORT_CODES.unsupported, `A spec has no place for properties.properties.${key}; it is not imported, and aml-k8s does not send it.`);
  }
  const defaultType = inner.defaultInstanceType;
  const types = asObject(inner.instanceTypes) ?? {};
  if (defaultType !== undefined && !(defaultType === DEFAULT_INSTANCE_TYPE && Object.hasOwn(types, DEFAULT_INSTANCE_TYPE))) {
    sink.at(r, ['properties', 'properties', 'defaultInstanceType'], 'warning', FOUND_IMPORT_CODES.unsupported, `A spec makes an instance type the default by naming it ${DEFAULT_INSTANCE_TYPE}; defaultInstanceType ${isExpression(defaultType) ? `\`${defaultType.text}\`` : `"${String(defaultType)}"`} is not imported. Rename the instance type you want as the default to ${DEFAULT_INSTANCE_TYPE}.`);
  }
}

/** Whether a compute resource is a Kubernetes compute; reports the legacy AKS compute and other types. */
export function isKubernetesCompute(r: FoundResource, sink: FoundSink): boolean {
  const type = asObject(r.body.properties)?.computeType;
  if (typeof type === 'string' && type.toLowerCase() === 'kubernetes') return true;
  if (isExpression(type)) {
    sink.at(r, ['properties', 'computeType'], 'warning', FOUND_IMPORT_CODES.expression, `computeType is \`${type.text}\`, ${expressionKind(r)}: it is imported as a Kubernetes compute. Check that it is one.`);
    return true;
  }
  const what = typeof type === 'string' && type.toLowerCase() === 'aks' ? 'the legacy AKS inference compute, which the AzureML extension replaces; a spec attaches the cluster as a Kubernetes compute instead' : `a compute of type ${String(type)}, not a Kubernetes compute`;
  sink.at(r, ['properties', 'computeType'], 'warning', FOUND_IMPORT_CODES.unsupported, `${r.declaredAs} is ${what}: it is not imported.`);
  return false;
}

export function importCompute(r: FoundResource, sink: FoundSink): ImportedCompute {
  reportUnsupported(r, sink);
  const props = asObject(r.body.properties) ?? {};
  const inner = asObject(props.properties) ?? {};
  const name = text(r, ['name'], r.name, 'spec.attach.computeName', sink) ?? '<compute-name>';
  const attach: ImportedCompute['attach'] = {};
  const namespace = text(r, ['properties', 'properties', 'namespace'], inner.namespace, 'spec.attach.namespace', sink);
  if (namespace !== undefined && namespace !== DEFAULT_COMPUTE_NAMESPACE) attach.namespace = namespace;
  const id = identity(r, sink);
  if (id) attach.identity = id;
  const description = text(r, ['properties', 'description'], props.description, 'spec.attach.description', sink);
  if (description) attach.description = description;
  const types = instanceTypes(r, sink);
  return { name, attach, ...(types ? { instanceTypes: types } : {}) };
}
