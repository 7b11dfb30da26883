// Instance types twice over: in the compute body (Azure ML's `instanceTypes`, string maps) and as
// `InstanceType` custom resources for kubectl, which is how the docs create them (reference §7).
import type { InstanceTypeSchema } from '@azure/arm-machinelearning';
import type { InstanceTypeSpec, ResourceQuantities } from '../model/types.ts';
import type { KubernetesManifest, KubernetesObject } from './desired-state.ts';

export const INSTANCE_TYPE_API_VERSION = 'amlarc.azureml.com/v1alpha1';
export const DEFAULT_INSTANCE_TYPE = 'defaultinstancetype';
export const MANAGED_BY_LABEL: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'aml-k8s' };

type Quantities = Record<string, string | number>;

function stringMap(map: Record<string, unknown> | undefined): Record<string, string> | undefined {
  return map ? Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)])) : undefined;
}

/** CPU and memory stay strings; GPU counts are integers in the custom resource. */
function crQuantities(q: ResourceQuantities | undefined): Quantities | undefined {
  if (!q) return undefined;
  const out: Quantities = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    out[k] = k === 'nvidia.com/gpu' && /^\d+$/.test(String(v)) ? Number(v) : String(v);
  }
  return out;
}

export function computeInstanceTypes(types: Readonly<Record<string, InstanceTypeSpec>>): Record<string, InstanceTypeSchema> {
  const out: Record<string, InstanceTypeSchema> = {};
  for (const [name, spec] of Object.entries(types)) {
    const requests = stringMap(spec?.resources?.requests);
    const limits = stringMap(spec?.resources?.limits);
    const nodeSelector = stringMap(spec?.nodeSelector);
    out[name] = {
      ...(nodeSelector ? { nodeSelector } : {}),
      ...(requests || limits ? { resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } } : {}),
    };
  }
  return out;
}

function crSpec(spec: InstanceTypeSpec | undefined): Record<string, unknown> {
  const requests = crQuantities(spec?.resources?.requests);
  const limits = crQuantities(spec?.resources?.limits);
  const nodeSelector = stringMap(spec?.nodeSelector);
  return {
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(requests || limits ? { resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } } : {}),
  };
}

/** One `InstanceType`, or one `InstanceTypeList` when there are several. */
export function instanceTypeManifests(types: Readonly<Record<string, InstanceTypeSpec>>, computeName: string): KubernetesManifest[] {
  const names = Object.keys(types);
  if (names.length === 0) return [];
  const metadata = (name: string) => ({ name, labels: { ...MANAGED_BY_LABEL }, annotations: { 'aml-k8s.dev/compute': computeName } });
  const defaultNote = names.includes(DEFAULT_INSTANCE_TYPE) ? ` (${DEFAULT_INSTANCE_TYPE} replaces the built-in default)` : '';
  if (names.length === 1) {
    const name = names[0]!;
    const object: KubernetesObject = { apiVersion: INSTANCE_TYPE_API_VERSION, kind: 'InstanceType', metadata: metadata(name), spec: crSpec(types[name]) };
    return [{ form: 'object', title: `Instance type ${name} of ${computeName}${defaultNote}`, object }];
  }
  const object: KubernetesObject = {
    apiVersion: INSTANCE_TYPE_API_VERSION,
    kind: 'InstanceTypeList',
    items: names.map((name) => ({ metadata: metadata(name), spec: crSpec(types[name]) })),
  };
  return [{ form: 'object', title: `Instance types of ${computeName}: ${names.join(', ')}${defaultNote}`, object }];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function quantitiesOf(v: unknown): ResourceQuantities | undefined {
  if (!isRecord(v)) return undefined;
  return Object.fromEntries(Object.entries(v).filter(([, q]) => typeof q === 'string' || typeof q === 'number')) as ResourceQuantities;
}

/** The spec form of an InstanceType manifest's `spec`: the inverse of the manifests written above. */
export function instanceTypeSpecOf(body: unknown): InstanceTypeSpec {
  const out: InstanceTypeSpec = {};
  if (!isRecord(body)) return out;
  if (isRecord(body.nodeSelector)) out.nodeSelector = Object.fromEntries(Object.entries(body.nodeSelector).map(([k, v]) => [k, String(v)]));
  if (isRecord(body.resources)) {
    const requests = quantitiesOf(body.resources.requests);
    const limits = quantitiesOf(body.resources.limits);
    if (requests || limits) out.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  }
  return out;
}
