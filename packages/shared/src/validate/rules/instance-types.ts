// Rules about instance types: the compute's `instanceTypes` in a spec, and `InstanceType` manifests
// (custom resources kubectl applies) that `aml-k8s validate` reads in place. The checks on one
// instance type are written once, against the path of the object holding `resources`.
import { INSTANCE_TYPE_API_VERSION } from '../../desire/instance-types.ts';
import { parseQuantity } from './quantities.ts';
import type { ExtensionNodeSelector, Finding, InstanceTypeAt, ManifestContext, Rule } from './rule.ts';
import { isDnsSubdomain } from './syntax.ts';
import { unknownManifestFields } from './instance-type-fields.ts';

type Quantities = Record<string, unknown>;
const IT = 'instanceTypes';
const sized = (requests: Quantities, limits: Quantities) => ({ resources: { requests, limits } });

function eachType(doc: { spec: { instanceTypes?: Record<string, InstanceTypeAt['it'] | null> } }): InstanceTypeAt[] {
  return Object.entries(doc.spec.instanceTypes ?? {}).map(([name, it]) => ({ name, it: it ?? {}, base: ['spec', IT, name], at: ['spec', IT, name] }));
}

const asRecord = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function cpuMemory({ name, it, base }: InstanceTypeAt): Finding[] {
  const out: Finding[] = [];
  const resources = asRecord(it.resources);
  for (const part of ['requests', 'limits'] as const) {
    const quantities = asRecord(resources?.[part]);
    for (const res of ['cpu', 'memory']) {
      const v = quantities?.[res];
      const at = [...base, 'resources', part];
      if (v === undefined || v === null || String(v).trim() === '') out.push({ path: quantities ? at : base, message: `Instance type "${name}" needs resources.${part}.${res}.` });
      else if (parseQuantity(v as string) === 0) out.push({ path: [...at, res], atValue: true, message: `Instance type "${name}": ${part}.${res} must not be zero.` });
    }
  }
  return out;
}

function quantitySyntax({ name, it, base }: InstanceTypeAt): Finding[] {
  const out: Finding[] = [];
  for (const part of ['requests', 'limits'] as const) {
    for (const res of ['cpu', 'memory']) {
      const v = asRecord(asRecord(it.resources)?.[part])?.[res];
      if (v === undefined || v === null || String(v).trim() === '' || ((typeof v === 'string' || typeof v === 'number') && parseQuantity(v) !== undefined)) continue;
      const hint = res === 'memory' ? ' Use binary units such as "512Mi" or "4Gi".' : ' Use cores such as "2" or millicores such as "500m".';
      out.push({ path: [...base, 'resources', part, res], atValue: true, message: `Instance type "${name}": ${part}.${res} "${typeof v === 'object' ? JSON.stringify(v) : String(v)}" is not a Kubernetes quantity.${hint}` });
    }
  }
  return out;
}

function gpu({ name, it, base }: InstanceTypeAt): Finding[] {
  const out: Finding[] = [];
  const resources = asRecord(it.resources);
  if (asRecord(resources?.requests)?.['nvidia.com/gpu'] !== undefined) out.push({ path: [...base, 'resources', 'requests', 'nvidia.com/gpu'], message: `Instance type "${name}": set nvidia.com/gpu in limits only, not in requests.` });
  const count = asRecord(resources?.limits)?.['nvidia.com/gpu'];
  if (count !== undefined && !/^\d+$/.test(String(count))) out.push({ path: [...base, 'resources', 'limits', 'nvidia.com/gpu'], atValue: true, message: `Instance type "${name}": nvidia.com/gpu must be a whole number, not "${String(count)}".` });
  return out;
}

function requestsWithinLimits({ name, it, base }: InstanceTypeAt): Finding[] {
  const out: Finding[] = [];
  const resources = asRecord(it.resources);
  for (const res of ['cpu', 'memory']) {
    const req = asRecord(resources?.requests)?.[res];
    const lim = asRecord(resources?.limits)?.[res];
    if (req == null || lim == null || typeof req === 'object' || typeof lim === 'object') continue;
    const r = parseQuantity(req as string);
    const l = parseQuantity(lim as string);
    if (r !== undefined && l !== undefined && r > l) out.push({ path: [...base, 'resources', 'requests', res], atValue: true, message: `Instance type "${name}": ${res} request ${String(req)} is larger than its limit ${String(lim)}. Lower the request or raise the limit.` });
  }
  return out;
}

/** A manifest's instance types against the node selectors of the extensions validated with it. */
function manifestSelectorConflicts({ types, extensions = [] }: ManifestContext): Finding[] {
  const out: Finding[] = [];
  for (const { name, it, base } of types) {
    for (const [label, value] of Object.entries(asRecord(it.nodeSelector) ?? {})) {
      const against = extensions.filter((e: ExtensionNodeSelector) => label in e.nodeSelector && String(e.nodeSelector[label]) !== String(value));
      if (against.length === 0) continue;
      const pins = against.map((e) => `the extension of compute "${e.compute}" (${e.file}) pins every workload to ${label}=${String(e.nodeSelector[label])}`).join(', and ');
      const everywhere = against.length === extensions.length;
      out.push({
        path: [...base, 'nodeSelector', label],
        atValue: true,
        severity: everywhere ? 'error' : 'warning',
        message: everywhere
          ? `Instance type "${name}" selects ${label}=${String(value)}, but ${pins}; no node can match. Use the same value or a different label.`
          : `Instance type "${name}" selects ${label}=${String(value)}, but ${pins}; on that cluster no node can match. If the type is meant for another cluster, keep it; otherwise use the same value or a different label.`,
      });
    }
  }
  return out;
}

const DEFAULT_OVERRIDE = '`defaultinstancetype` overrides the built-in default for every job and deployment that names no instance type.';

/** A check on one instance type, run over a spec's types or a manifest's. */
const perType = (check: (t: InstanceTypeAt) => Finding[]) => ({
  check: ({ doc }: { doc: Parameters<typeof eachType>[0] }) => eachType(doc).flatMap(check),
  checkManifest: ({ types }: ManifestContext) => types.flatMap(check),
});

/** A valid InstanceType manifest with the given spec, as raw example text. */
function manifest(lines: string): { '@text': string } {
  return { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: small\n${lines}` };
}
const SMALL_SPEC = 'spec:\n  resources:\n    requests: { cpu: 500m, memory: 1Gi }\n    limits: { cpu: "1", memory: 2Gi }\n';

export const instanceTypeRules: Rule[] = [
  {
    code: 'AMLK160',
    name: 'instance-type-cpu-memory',
    title: 'Instance types set CPU and memory in requests and limits',
    severity: 'error',
    category: 'instance-types',
    doc: 'The InstanceType resource requires `cpu` and `memory` in both `requests` and `limits`, as non-empty, non-zero values.',
    source: 'reference §7',
    ...perType(cpuMemory),
    examples: {
      pass: [{ title: 'complete', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }) } } } }, { title: 'InstanceType manifest', overlay: manifest(SMALL_SPEC) }],
      fail: [{ title: 'no memory limit', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1Gi' }, { cpu: '1' }) } } } }, { title: 'InstanceType manifest', overlay: manifest('spec:\n  resources:\n    requests: { cpu: 500m, memory: 1Gi }\n    limits: { cpu: "1" }\n') }],
    },
  },
  {
    code: 'AMLK161',
    name: 'instance-type-quantity-syntax',
    title: 'CPU and memory are Kubernetes quantities',
    severity: 'error',
    category: 'instance-types',
    doc: 'Values such as `"500m"`, `"2"`, `"1536Mi"` or `"4Gi"`. A unit typo (`4GB`, `2 cores`) is rejected by Kubernetes.',
    source: 'reference §7; Kubernetes resource quantities',
    ...perType(quantitySyntax),
    examples: {
      pass: [{ title: 'binary units', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1536Mi' }, { cpu: '1', memory: '2Gi' }) } } } }, { title: 'InstanceType manifest', overlay: manifest(SMALL_SPEC) }],
      fail: [{ title: 'GB', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '4GB' }, { cpu: '1', memory: '4GB' }) } } } }, { title: 'InstanceType manifest', overlay: manifest('spec:\n  resources:\n    requests: { cpu: 500m, memory: 4GB }\n    limits: { cpu: "1", memory: 4GB }\n') }],
    },
  },
  {
    code: 'AMLK162',
    name: 'instance-type-gpu',
    title: 'GPUs are whole numbers, set in limits only',
    severity: 'error',
    category: 'instance-types',
    doc: '`nvidia.com/gpu` is an integer and belongs in `limits` only; Kubernetes sets the request equal to the limit for extended resources.',
    source: 'reference §7',
    ...perType(gpu),
    examples: {
      pass: [{ title: 'GPU in limits', overlay: { spec: { extension: { components: { nvidiaDevicePlugin: true } }, instanceTypes: { gpu: sized({ cpu: '4', memory: '16Gi' }, { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 }) } } } }, { title: 'InstanceType manifest', overlay: manifest('spec:\n  resources:\n    requests: { cpu: "4", memory: 16Gi }\n    limits: { cpu: "4", memory: 16Gi, nvidia.com/gpu: 1 }\n') }],
      fail: [{ title: 'fractional GPU in requests', overlay: { spec: { extension: { components: { nvidiaDevicePlugin: true } }, instanceTypes: { gpu: sized({ cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 }, { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '0.5' }) } } } }, { title: 'InstanceType manifest', overlay: manifest('spec:\n  resources:\n    requests: { cpu: "4", memory: 16Gi, nvidia.com/gpu: 1 }\n    limits: { cpu: "4", memory: 16Gi, nvidia.com/gpu: "0.5" }\n') }],
    },
  },
  {
    code: 'AMLK163',
    name: 'instance-type-requests-within-limits',
    title: 'Requests may not exceed limits',
    severity: 'error',
    category: 'instance-types',
    doc: 'Kubernetes rejects pods whose request is larger than their limit, so every job or deployment using such an instance type fails.',
    source: 'reference §7; Kubernetes resource management',
    ...perType(requestsWithinLimits),
    examples: {
      pass: [{ title: 'request below limit', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }) } } } }, { title: 'InstanceType manifest', overlay: manifest(SMALL_SPEC) }],
      fail: [{ title: 'memory request above limit', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '4Gi' }, { cpu: '1', memory: '2Gi' }) } } } }, { title: 'InstanceType manifest', overlay: manifest('spec:\n  resources:\n    requests: { cpu: 500m, memory: 4Gi }\n    limits: { cpu: "1", memory: 2Gi }\n') }],
    },
  },
  {
    code: 'AMLK164',
    name: 'instance-type-node-selector-conflict',
    title: 'Instance type node selectors agree with the extension\'s',
    severity: 'error',
    category: 'instance-types',
    doc: 'The extension\'s node selector applies to every workload; an instance type that selects the same label with another value can never be scheduled. An `InstanceType` manifest is compared with the extensions of the specs validated with it: an error when it contradicts all of them, a warning when only some (it may be meant for another cluster).',
    source: 'reference §7 (type nodeSelector ⊆ extension nodeSelector)',
    check: ({ doc }) => {
      const ext = doc.spec.extension?.nodeSelector ?? {};
      const out: Finding[] = [];
      for (const { name, it } of eachType(doc)) {
        for (const [label, value] of Object.entries(it.nodeSelector ?? {})) {
          if (label in ext && String(ext[label]) !== String(value)) out.push({ path: ['spec', IT, name, 'nodeSelector', label], atValue: true, setting: `nodeSelector.${label}`, message: `Instance type "${name}" selects ${label}=${String(value)}, but the extension pins every workload to ${label}=${String(ext[label])}; no node can match. Use the same value or a different label.` });
        }
      }
      return out;
    },
    checkManifest: manifestSelectorConflicts,
    examples: {
      pass: [
        { title: 'narrower selector', overlay: { spec: { extension: { nodeSelector: { pool: 'ml' } }, instanceTypes: { small: { nodeSelector: { pool: 'ml', size: 'small' }, ...sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } } },
        { title: 'InstanceType manifest validated with the spec of its cluster', overlay: manifest(`spec:\n  nodeSelector: { pool: ml, size: small }\n${SMALL_SPEC.slice('spec:\n'.length)}`), others: [{ spec: { extension: { nodeSelector: { pool: 'ml' } } } }] },
      ],
      fail: [
        { title: 'contradicting selector', overlay: { spec: { extension: { nodeSelector: { pool: 'ml' } }, instanceTypes: { small: { nodeSelector: { pool: 'web' }, ...sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } } },
        { title: 'InstanceType manifest validated with the spec of its cluster', overlay: manifest(`spec:\n  nodeSelector: { pool: web }\n${SMALL_SPEC.slice('spec:\n'.length)}`), others: [{ spec: { extension: { nodeSelector: { pool: 'ml' } } } }] },
      ],
    },
  },
  {
    code: 'AMLK165',
    name: 'instance-type-name',
    title: 'Instance type names are Kubernetes resource names',
    severity: 'error',
    category: 'instance-types',
    doc: 'Each instance type becomes an `InstanceType` custom resource, whose name is a lower-case DNS subdomain.',
    source: 'reference §7',
    ...perType(({ name, at, unnamed, base }) =>
      unnamed || isDnsSubdomain(name) ? [] : [{ path: at, atValue: base[base.length - 1] === 'spec', message: `Instance type name "${name}" is not a valid Kubernetes name; use lower-case letters, digits, "-" and ".", e.g. "${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}".` }],
    ),
    examples: {
      pass: [{ title: 'lower-case', overlay: { spec: { instanceTypes: { 'gpu-small': sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } }, { title: 'InstanceType manifest', overlay: manifest(SMALL_SPEC) }],
      fail: [{ title: 'capitals', overlay: { spec: { instanceTypes: { GpuSmall: sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } }, { title: 'InstanceType manifest', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: GpuSmall\n${SMALL_SPEC}` } }],
    },
  },
  {
    code: 'AMLK166',
    name: 'default-instance-type-override',
    title: 'defaultinstancetype replaces the built-in default',
    severity: 'info',
    category: 'instance-types',
    doc: 'An instance type named `defaultinstancetype` (in a spec or an `InstanceType` manifest) becomes the default for every job and deployment that names none, replacing the built-in one (about 0.1 to 2 CPU and 2Gi). Size it for your typical workload.',
    source: 'reference §7 (defaultinstancetype)',
    check: ({ doc }) =>
      doc.spec.instanceTypes && 'defaultinstancetype' in doc.spec.instanceTypes
        ? [{ path: ['spec', IT, 'defaultinstancetype'], message: DEFAULT_OVERRIDE }]
        : [],
    checkManifest: ({ types }) => types.filter((t) => !t.unnamed && t.name === 'defaultinstancetype').map((t) => ({ path: t.at, atValue: true, message: DEFAULT_OVERRIDE })),
    examples: {
      pass: [{ title: 'named types only', overlay: { spec: { instanceTypes: { small: sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } }, { title: 'InstanceType manifest', overlay: manifest(SMALL_SPEC) }],
      fail: [
        { title: 'override', overlay: { spec: { instanceTypes: { defaultinstancetype: sized({ cpu: '1', memory: '4Gi' }, { cpu: '2', memory: '4Gi' }) } } } },
        { title: 'InstanceType manifest', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: defaultinstancetype\n${SMALL_SPEC}` } },
      ],
    },
  },
  {
    code: 'AMLK167',
    name: 'instance-type-namespace',
    title: 'InstanceType manifests set no namespace',
    severity: 'warning',
    category: 'instance-types',
    doc: '`InstanceType` is a cluster-scoped resource: every namespace sees the same instance types, and the API server ignores `metadata.namespace`. A namespace there suggests the type is meant for one team only, which it is not. Applies to `InstanceType` manifests read by `aml-k8s validate`.',
    source: 'reference §7; the InstanceType custom resource definition (scope: Cluster)',
    checkManifest: ({ spec, doc }) => {
      const root = asRecord(doc);
      const items = root?.kind === 'InstanceTypeList' && Array.isArray(root.items) ? root.items.map((item, i) => ({ item: asRecord(item), base: ['items', i] as const })) : [{ item: root, base: [] as const }];
      const out: Finding[] = [];
      for (const { item, base } of items) {
        const namespace = asRecord(item?.metadata)?.namespace;
        if (namespace === undefined || namespace === null) continue;
        const name = asRecord(item?.metadata)?.name;
        out.push({ path: [...base, 'metadata', 'namespace'], message: `Instance type${typeof name === 'string' ? ` "${name}"` : ''} sets metadata.namespace "${String(namespace)}", but instance types are cluster-wide: every namespace sees them. Remove the namespace.` });
      }
      if (spec.has(['metadata', 'namespace']) && root?.kind === 'InstanceTypeList') out.push({ path: ['metadata', 'namespace'], message: 'The InstanceTypeList sets metadata.namespace, but instance types are cluster-wide. Remove the namespace.' });
      return out;
    },
    examples: {
      pass: [{ title: 'no namespace', overlay: manifest(SMALL_SPEC) }],
      fail: [{ title: 'namespaced', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: small\n  namespace: team-a\n${SMALL_SPEC}` } }],
    },
  },
  {
    code: 'AMLK168',
    name: 'instance-type-kind',
    title: 'InstanceType manifests have the InstanceType kind and apiVersion',
    severity: 'error',
    category: 'instance-types',
    doc: `An instance type is \`kind: InstanceType\` (or \`InstanceTypeList\` with \`items\`) of \`apiVersion: ${INSTANCE_TYPE_API_VERSION}\`. Another version is not served, and other kinds of the \`amlarc.azureml.com\` group (or any other kind in an instance type file) are not instance types: kubectl would apply something else, or nothing. Applies to files \`aml-k8s validate\` reads as InstanceType manifests.`,
    source: 'reference §7; the InstanceType custom resource definition',
    checkManifest: ({ doc }) => {
      const root = asRecord(doc);
      if (!root || (root.apiVersion === undefined && root.kind === undefined)) return [];
      const out: Finding[] = [];
      const kind = root.kind;
      if (kind !== 'InstanceType' && kind !== 'InstanceTypeList') {
        out.push({ path: kind === undefined ? ['apiVersion'] : ['kind'], atValue: true, message: `kind ${kind === undefined ? 'is missing' : `"${String(kind)}" is not an instance type`}: an instance type manifest is kind InstanceType or InstanceTypeList (apiVersion ${INSTANCE_TYPE_API_VERSION}). Move other objects to their own files.` });
        return out;
      }
      if (root.apiVersion !== INSTANCE_TYPE_API_VERSION) out.push({ path: root.apiVersion === undefined ? ['kind'] : ['apiVersion'], atValue: true, message: `${String(kind)} needs apiVersion ${INSTANCE_TYPE_API_VERSION}${root.apiVersion === undefined ? '' : `, not "${String(root.apiVersion)}"`}.` });
      if (kind === 'InstanceTypeList') {
        if (!Array.isArray(root.items)) out.push({ path: ['kind'], message: 'An InstanceTypeList needs `items`, a list of instance types.' });
        else
          root.items.forEach((item, i) => {
            const it = asRecord(item);
            if (it?.kind !== undefined && it.kind !== 'InstanceType') out.push({ path: ['items', i, 'kind'], atValue: true, message: `items[${i}] is kind "${String(it.kind)}"; an InstanceTypeList holds InstanceType items only.` });
            if (it?.apiVersion !== undefined && it.apiVersion !== INSTANCE_TYPE_API_VERSION) out.push({ path: ['items', i, 'apiVersion'], atValue: true, message: `items[${i}] needs apiVersion ${INSTANCE_TYPE_API_VERSION}, not "${String(it.apiVersion)}".` });
          });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'InstanceType', overlay: manifest(SMALL_SPEC) }],
      fail: [
        { title: 'another kind of the group', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceTypeProfile\nmetadata:\n  name: small\n${SMALL_SPEC}` } },
        { title: 'wrong version', overlay: { '@text': `apiVersion: amlarc.azureml.com/v1\nkind: InstanceType\nmetadata:\n  name: small\n${SMALL_SPEC}` } },
      ],
    },
  },
  {
    code: 'AMLK169',
    name: 'instance-type-fragment',
    title: 'InstanceType manifests are whole objects',
    severity: 'error',
    category: 'instance-types',
    doc: 'Every document of an instance type file needs `apiVersion`, `kind` and `metadata.name` (each item of an `InstanceTypeList` needs `metadata.name`): a fragment such as a bare `spec:` is refused by kubectl. Applies to files `aml-k8s validate` reads as InstanceType manifests.',
    source: 'Kubernetes object metadata; the InstanceType custom resource definition',
    checkManifest: ({ doc }) => {
      const root = asRecord(doc);
      if (!root) return [{ path: [], message: 'This document is not a Kubernetes object; an instance type manifest is a mapping with apiVersion, kind, metadata.name and spec.' }];
      const missing = ['apiVersion', 'kind'].filter((k) => root[k] === undefined);
      const out: Finding[] = [];
      if (missing.length === 2) {
        out.push({ path: [], message: `This document is an instance type fragment without apiVersion and kind: add \`apiVersion: ${INSTANCE_TYPE_API_VERSION}\`, \`kind: InstanceType\` and metadata.name.` });
        return out;
      }
      if (root.kind === 'InstanceType' && typeof asRecord(root.metadata)?.name !== 'string') out.push({ path: root.metadata ? ['metadata'] : ['kind'], message: 'This InstanceType has no metadata.name: add the name jobs and deployments select it by.' });
      if (root.kind === 'InstanceTypeList' && Array.isArray(root.items))
        root.items.forEach((item, i) => {
          if (typeof asRecord(asRecord(item)?.metadata)?.name !== 'string') out.push({ path: ['items', i], message: `items[${i}] has no metadata.name: add the name jobs and deployments select it by.` });
        });
      return out;
    },
    examples: {
      pass: [{ title: 'named', overlay: manifest(SMALL_SPEC) }],
      fail: [
        { title: 'no name', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\n${SMALL_SPEC}` } },
        { title: 'a bare spec after an InstanceType', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: small\n${SMALL_SPEC}---\n${SMALL_SPEC}` } },
      ],
    },
  },
  {
    code: 'AMLK172',
    name: 'instance-type-unknown-field',
    title: 'InstanceType manifests have only the fields of the resource',
    severity: 'error',
    category: 'instance-types',
    doc: `An \`InstanceType\` has \`metadata\` (name, labels, annotations...), \`spec.nodeSelector\` and \`spec.resources.requests\`/\`limits\` with \`cpu\`, \`memory\` and \`nvidia.com/gpu\`; an \`InstanceTypeList\` has \`items\`. A misspelled field (\`resource\`, \`limit\`, \`nodeselector\`) is refused by kubectl's field validation or dropped by the API server, so the instance type is not what the file says. Applies to files \`aml-k8s validate\` reads as InstanceType manifests.`,
    source: 'reference §7 (the InstanceType custom resource definition); Kubernetes object metadata',
    checkManifest: ({ doc }) => unknownManifestFields(doc),
    examples: {
      pass: [{ title: 'the resource\'s fields', overlay: { '@text': `apiVersion: ${INSTANCE_TYPE_API_VERSION}\nkind: InstanceType\nmetadata:\n  name: small\n  labels: { team: ml }\n  annotations: { owner: platform }\nspec:\n  nodeSelector: { pool: ml }\n${SMALL_SPEC.slice('spec:\n'.length)}` } }],
      fail: [
        { title: 'a misspelled field', overlay: manifest('spec:\n  resources:\n    requests: { cpu: 500m, memory: 1Gi }\n    limit: { cpu: "1", memory: 2Gi }\n') },
        { title: 'an unknown resource name', overlay: manifest('spec:\n  resources:\n    requests: { cpu: 500m, memory: 1Gi }\n    limits: { cpu: "1", memory: 2Gi, nvidia.com/gpus: 1 }\n') },
      ],
    },
  },
];
