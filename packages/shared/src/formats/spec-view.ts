// A found resource seen as a spec, so that the rules written for specs check it too: the extension
// settings go through the same reading as `import az` (settings/to-spec.ts), a compute body becomes
// the attach block and its instance types. Every spec path a rule reports maps back to the place in
// the source it came from. Expressions are passed to the rules as their text; findings that depend
// on one are turned into "not checked" notes by the caller.
import type { ParsedSpec, SpecPath } from '../model/parse.ts';
import type { ComputeDocument, ExtensionSpec, IdentitySpec, InstanceTypeSpec } from '../model/types.ts';
import { SPEC_API_VERSION, SPEC_KIND } from '../model/types.ts';
import { settingsToSpec } from '../settings/to-spec.ts';
import type { RawSettingValue, SettingNote } from '../settings/to-spec.ts';
import { PLAIN_PATH, PROTECTED_PATH, foundSettings, isAzureMlExtension, isCompute } from './extension-settings.ts';
import { asObject, isExpression, valueAt } from './found-resource.ts';
import type { FoundResource, ResourcePath } from './found-resource.ts';

export interface SpecView {
  parsed: ParsedSpec;
  /** The source path of a spec path a rule reports. */
  sourcePath(path: SpecPath): ResourcePath;
  /** The source path of a spec path that came from exactly one place in the source. */
  exactPath(path: SpecPath): ResourcePath | undefined;
  /** Setting keys whose value is an expression. */
  unknownSettings: Set<string>;
  /** Notes of the settings reading (secret material in plain settings). */
  notes: SettingNote[];
  /** Source paths whose key is the value a rule reports (user-assigned identity IDs are keys in ARM). */
  valueIsKey: Set<string>;
}

/** A valid stand-in where the spec format needs a value the source does not give (cluster coordinates). */
const PLACEHOLDER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** Expression leaves replaced by their text: rules see a string, callers know it is unknown. */
function literal(v: unknown): unknown {
  if (isExpression(v)) return v.text;
  if (Array.isArray(v)) return v.map(literal);
  const o = asObject(v);
  return o ? Object.fromEntries(Object.entries(o).map(([k, x]) => [k, literal(x)])) : v;
}

function rawSettings(map: unknown, unknown: Set<string>): Record<string, RawSettingValue> {
  const out: Record<string, RawSettingValue> = Object.create(null) as Record<string, RawSettingValue>;
  for (const [k, v] of Object.entries(asObject(map) ?? {})) {
    if (isExpression(v)) unknown.add(k);
    out[k] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : isExpression(v) ? v.text : JSON.stringify(literal(v));
  }
  return out;
}

function clusterFor(r: FoundResource): ComputeDocument['spec']['cluster'] {
  return { type: r.cluster.type ?? 'aks', subscriptionId: PLACEHOLDER_SUBSCRIPTION, resourceGroup: 'resource-group', name: 'cluster' };
}

/** Spec path → source path, by exact match, then a descendant, then the nearest ancestor. */
function mapper(pairs: [SpecPath, ResourcePath][], fallback: ResourcePath): { sourcePath: (path: SpecPath) => ResourcePath; exactPath: (path: SpecPath) => ResourcePath | undefined } {
  const key = (p: SpecPath): string => p.join('\u0000');
  const exact = new Map(pairs.map(([s, r]) => [key(s), r]));
  const exactPath = (path: SpecPath): ResourcePath | undefined => exact.get(key(path));
  const sourcePath = (path: SpecPath): ResourcePath => {
    const hit = exact.get(key(path));
    if (hit) return hit;
    // A block the rule points at as a whole (spec.extension.inference) is where its first key came from.
    const below = path.length > 2 ? pairs.find(([s]) => s.length > path.length && key(s.slice(0, path.length)) === key(path)) : undefined;
    if (below) return below[1].slice(0, Math.max(below[1].length - (below[0].length - path.length), PLAIN_PATH.length));
    for (let n = path.length - 1; n > 0; n -= 1) {
      const up = exact.get(key(path.slice(0, n)));
      if (up) return up;
    }
    return fallback;
  };
  return { sourcePath, exactPath };
}

function parsedSpec(r: FoundResource, doc: ComputeDocument, sourcePath: (p: SpecPath) => ResourcePath): ParsedSpec {
  return {
    file: r.file,
    index: 0,
    doc,
    locate: (path, part) => r.position(sourcePath(path), part),
    has: (path) => valueAt(r.body, sourcePath(path)) !== undefined,
  };
}

function extensionView(r: FoundResource): SpecView | undefined {
  const settings = foundSettings(r);
  if (isExpression(settings.plain)) return undefined;
  const unknownSettings = new Set<string>();
  const plain = rawSettings(settings.plain, unknownSettings);
  const prot = Object.fromEntries(Object.entries(rawSettings(settings.protected, unknownSettings)).map(([k, v]) => [k, String(v)]));
  const fromSettings = settingsToSpec({ plain, protected: prot });
  const extension: ExtensionSpec = { ...fromSettings.extension };
  const pairs: [SpecPath, ResourcePath][] = [
    ...Object.entries(fromSettings.placement.plain).map(([k, p]): [SpecPath, ResourcePath] => [p, [...PLAIN_PATH, k]]),
    ...Object.entries(fromSettings.placement.protected).map(([k, p]): [SpecPath, ResourcePath] => [p, [...PROTECTED_PATH, k]]),
  ];
  const props = asObject(r.body.properties) ?? {};
  if (typeof r.name === 'string') {
    extension.name = r.name;
    pairs.push([['spec', 'extension', 'name'], ['name']]);
  }
  for (const field of ['version', 'releaseTrain', 'autoUpgradeMinorVersion'] as const) {
    const v = props[field];
    if (v === undefined || isExpression(v)) continue;
    if (field === 'autoUpgradeMinorVersion') extension.autoUpgradeMinorVersion = v === true || String(v).toLowerCase() === 'true';
    else extension[field] = String(v);
    pairs.push([['spec', 'extension', field], ['properties', field]]);
  }
  const doc: ComputeDocument = { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name: 'compute' }, spec: { cluster: clusterFor(r), extension } };
  if (fromSettings.distribution) doc.spec.cluster.distribution = fromSettings.distribution;
  const { sourcePath, exactPath } = mapper(pairs, PLAIN_PATH);
  return { parsed: parsedSpec(r, doc, sourcePath), sourcePath, exactPath, unknownSettings, notes: fromSettings.notes, valueIsKey: new Set() };
}

function identityOf(v: unknown): IdentitySpec | undefined {
  const id = asObject(v);
  if (typeof id?.type !== 'string') return undefined;
  const type = id.type.replace(/[\s_]/g, '').toLowerCase();
  if (type === 'systemassigned') return { type: 'SystemAssigned' };
  if (type === 'none') return { type: 'None' };
  if (type === 'userassigned') return { type: 'UserAssigned', ids: Object.keys(asObject(id.userAssignedIdentities) ?? {}) };
  return undefined;
}

function computeView(r: FoundResource): SpecView | undefined {
  const props = asObject(r.body.properties);
  if (!props || String(literal(props.computeType)).toLowerCase() !== 'kubernetes') return undefined;
  const inner = asObject(props.properties) ?? {};
  const name = typeof r.name === 'string' ? r.name : 'compute';
  const pairs: [SpecPath, ResourcePath][] = [
    [['metadata', 'name'], ['name']],
    [['spec', 'attach', 'computeName'], ['name']],
    [['spec', 'attach', 'namespace'], ['properties', 'properties', 'namespace']],
    [['spec', 'attach', 'workspace', 'name'], ['name']],
    [['spec', 'attach', 'identity'], ['identity']],
    [['spec', 'attach', 'identity', 'ids'], ['identity', 'userAssignedIdentities']],
  ];
  const attach: NonNullable<ComputeDocument['spec']['attach']> = {
    workspace: { resourceGroup: 'resource-group', name: typeof r.workspace === 'string' ? r.workspace : 'workspace' },
    ...(typeof r.name === 'string' ? { computeName: r.name } : {}),
    ...(typeof inner.namespace === 'string' ? { namespace: inner.namespace } : {}),
  };
  const identity = identityOf(r.body.identity);
  if (identity) attach.identity = identity;
  const valueIsKey = new Set<string>();
  if (identity?.type === 'UserAssigned') {
    identity.ids.forEach((id, i) => {
      pairs.push([['spec', 'attach', 'identity', 'ids', i], ['identity', 'userAssignedIdentities', id]]);
      valueIsKey.add(['identity', 'userAssignedIdentities', id].join('.'));
    });
  }
  const doc: ComputeDocument = { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name }, spec: { cluster: clusterFor(r), attach } };
  const types = asObject(inner.instanceTypes);
  if (types) {
    doc.spec.instanceTypes = literal(types) as Record<string, InstanceTypeSpec>;
    for (const [typeName, body] of Object.entries(types)) {
      const walk = (v: unknown, spec: SpecPath, source: ResourcePath): void => {
        pairs.push([spec, source]);
        for (const [k, x] of Object.entries(asObject(v) ?? {})) walk(x, [...spec, k], [...source, k]);
      };
      walk(body, ['spec', 'instanceTypes', typeName], ['properties', 'properties', 'instanceTypes', typeName]);
    }
  }
  const { sourcePath, exactPath } = mapper(pairs, ['properties']);
  return { parsed: parsedSpec(r, doc, sourcePath), sourcePath, exactPath, unknownSettings: new Set(), notes: [], valueIsKey };
}

/** The resource as a spec the spec rules can check; undefined when it is not one aml-k8s manages. */
export function specView(r: FoundResource): SpecView | undefined {
  if (isAzureMlExtension(r)) return extensionView(r);
  if (isCompute(r)) return computeView(r);
  return undefined;
}
