// Rules about instance types (the InstanceType custom resources and the compute's instanceTypes).
import { parseQuantity } from './quantities.ts';
import type { Finding, Rule } from './rule.ts';
import { isDnsSubdomain } from './syntax.ts';

type Quantities = Record<string, unknown>;
const IT = 'instanceTypes';
const sized = (requests: Quantities, limits: Quantities) => ({ resources: { requests, limits } });

function eachType(doc: { spec: { instanceTypes?: Record<string, { resources?: { requests?: Quantities; limits?: Quantities }; nodeSelector?: Record<string, unknown> } | null> } }) {
  return Object.entries(doc.spec.instanceTypes ?? {}).map(([name, it]) => ({ name, it: it ?? {} }));
}

export const instanceTypeRules: Rule[] = [
  {
    code: 'AMLK160',
    name: 'instance-type-cpu-memory',
    title: 'Instance types set CPU and memory in requests and limits',
    severity: 'error',
    category: 'instance-types',
    doc: 'The InstanceType resource requires `cpu` and `memory` in both `requests` and `limits`, as non-empty, non-zero values.',
    source: 'reference §7',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, it } of eachType(doc)) {
        for (const part of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory']) {
            const v = it.resources?.[part]?.[res];
            const base = ['spec', IT, name, 'resources', part];
            if (v === undefined || v === null || String(v).trim() === '') out.push({ path: it.resources?.[part] ? base : ['spec', IT, name], message: `Instance type "${name}" needs resources.${part}.${res}.` });
            else if (parseQuantity(v as string) === 0) out.push({ path: [...base, res], atValue: true, message: `Instance type "${name}": ${part}.${res} must not be zero.` });
          }
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'complete', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }) } } } }],
      fail: [{ title: 'no memory limit', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1Gi' }, { cpu: '1' }) } } } }],
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
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, it } of eachType(doc)) {
        for (const part of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory']) {
            const v = it.resources?.[part]?.[res];
            if (v === undefined || v === null || String(v).trim() === '' || parseQuantity(v as string) !== undefined) continue;
            const hint = res === 'memory' ? ' Use binary units such as "512Mi" or "4Gi".' : ' Use cores such as "2" or millicores such as "500m".';
            out.push({ path: ['spec', IT, name, 'resources', part, res], atValue: true, message: `Instance type "${name}": ${part}.${res} "${String(v)}" is not a Kubernetes quantity.${hint}` });
          }
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'binary units', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1536Mi' }, { cpu: '1', memory: '2Gi' }) } } } }],
      fail: [{ title: 'GB', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '4GB' }, { cpu: '1', memory: '4GB' }) } } } }],
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
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, it } of eachType(doc)) {
        if (it.resources?.requests?.['nvidia.com/gpu'] !== undefined) out.push({ path: ['spec', IT, name, 'resources', 'requests', 'nvidia.com/gpu'], message: `Instance type "${name}": set nvidia.com/gpu in limits only, not in requests.` });
        const gpu = it.resources?.limits?.['nvidia.com/gpu'];
        if (gpu !== undefined && !/^\d+$/.test(String(gpu))) out.push({ path: ['spec', IT, name, 'resources', 'limits', 'nvidia.com/gpu'], atValue: true, message: `Instance type "${name}": nvidia.com/gpu must be a whole number, not "${String(gpu)}".` });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'GPU in limits', overlay: { spec: { extension: { components: { nvidiaDevicePlugin: true } }, instanceTypes: { gpu: sized({ cpu: '4', memory: '16Gi' }, { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 }) } } } }],
      fail: [{ title: 'fractional GPU in requests', overlay: { spec: { extension: { components: { nvidiaDevicePlugin: true } }, instanceTypes: { gpu: sized({ cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 }, { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '0.5' }) } } } }],
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
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, it } of eachType(doc)) {
        for (const res of ['cpu', 'memory']) {
          const req = it.resources?.requests?.[res];
          const lim = it.resources?.limits?.[res];
          if (req == null || lim == null) continue;
          const r = parseQuantity(req as string);
          const l = parseQuantity(lim as string);
          if (r !== undefined && l !== undefined && r > l) out.push({ path: ['spec', IT, name, 'resources', 'requests', res], atValue: true, message: `Instance type "${name}": ${res} request ${String(req)} is larger than its limit ${String(lim)}. Lower the request or raise the limit.` });
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'request below limit', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }) } } } }],
      fail: [{ title: 'memory request above limit', overlay: { spec: { instanceTypes: { small: sized({ cpu: '500m', memory: '4Gi' }, { cpu: '1', memory: '2Gi' }) } } } }],
    },
  },
  {
    code: 'AMLK164',
    name: 'instance-type-node-selector-conflict',
    title: 'Instance type node selectors agree with the extension\'s',
    severity: 'error',
    category: 'instance-types',
    doc: 'The extension\'s node selector applies to every workload; an instance type that selects the same label with another value can never be scheduled.',
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
    examples: {
      pass: [{ title: 'narrower selector', overlay: { spec: { extension: { nodeSelector: { pool: 'ml' } }, instanceTypes: { small: { nodeSelector: { pool: 'ml', size: 'small' }, ...sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } } }],
      fail: [{ title: 'contradicting selector', overlay: { spec: { extension: { nodeSelector: { pool: 'ml' } }, instanceTypes: { small: { nodeSelector: { pool: 'web' }, ...sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } } }],
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
    check: ({ doc }) =>
      eachType(doc)
        .filter(({ name }) => !isDnsSubdomain(name))
        .map(({ name }) => ({ path: ['spec', IT, name], message: `Instance type name "${name}" is not a valid Kubernetes name; use lower-case letters, digits, "-" and ".", e.g. "${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}".` })),
    examples: {
      pass: [{ title: 'lower-case', overlay: { spec: { instanceTypes: { 'gpu-small': sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } }],
      fail: [{ title: 'capitals', overlay: { spec: { instanceTypes: { GpuSmall: sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } }],
    },
  },
  {
    code: 'AMLK166',
    name: 'default-instance-type-override',
    title: 'defaultinstancetype replaces the built-in default',
    severity: 'info',
    category: 'instance-types',
    doc: 'An instance type named `defaultinstancetype` becomes the default for every job and deployment that names none, replacing the built-in one (about 0.1 to 2 CPU and 2Gi). Size it for your typical workload.',
    source: 'reference §7 (defaultinstancetype)',
    check: ({ doc }) =>
      doc.spec.instanceTypes && 'defaultinstancetype' in doc.spec.instanceTypes
        ? [{ path: ['spec', IT, 'defaultinstancetype'], message: '`defaultinstancetype` overrides the built-in default for every job and deployment that names no instance type.' }]
        : [],
    examples: {
      pass: [{ title: 'named types only', overlay: { spec: { instanceTypes: { small: sized({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) } } } }],
      fail: [{ title: 'override', overlay: { spec: { instanceTypes: { defaultinstancetype: sized({ cpu: '1', memory: '4Gi' }, { cpu: '2', memory: '4Gi' }) } } } }],
    },
  },
];
