// The fields of the InstanceType custom resource and of Kubernetes object metadata, and the
// fields of a manifest document outside them (AMLK172).
import type { SpecPath } from '../../model/parse.ts';
import { didYouMean } from '../suggest.ts';
import type { Finding } from './rule.ts';

/** ObjectMeta (and ListMeta) fields kubectl accepts; what the server sets is accepted too, as `kubectl get -o yaml` writes it. */
const METADATA = ['name', 'generateName', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'finalizers', 'ownerReferences', 'managedFields', 'selfLink', 'continue', 'remainingItemCount'];
const INSTANCE_TYPE = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const LIST = ['apiVersion', 'kind', 'metadata', 'items'];
const SPEC = ['nodeSelector', 'resources'];
const RESOURCES = ['requests', 'limits'];
const QUANTITIES = ['cpu', 'memory', 'nvidia.com/gpu'];

const asRecord = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function unknownKeys(value: unknown, known: readonly string[], path: SpecPath, what: string): Finding[] {
  const record = asRecord(value);
  if (!record) return [];
  return Object.keys(record)
    .filter((k) => !known.includes(k))
    .map((k) => ({
      path: [...path, k],
      message: `Unknown field "${[...path, k].join('.')}": ${what} has no such field, so kubectl refuses it or the API server drops it.${didYouMean(k, known)} Known fields: ${known.join(', ')}.`,
    }));
}

function instanceType(item: unknown, base: SpecPath): Finding[] {
  const root = asRecord(item);
  const spec = asRecord(root?.spec);
  const resources = asRecord(spec?.resources);
  return [
    ...unknownKeys(root, INSTANCE_TYPE, base, 'an InstanceType'),
    ...unknownKeys(root?.metadata, METADATA, [...base, 'metadata'], 'Kubernetes object metadata'),
    ...unknownKeys(spec, SPEC, [...base, 'spec'], 'an InstanceType spec'),
    ...unknownKeys(resources, RESOURCES, [...base, 'spec', 'resources'], 'resources'),
    ...RESOURCES.flatMap((part) => unknownKeys(resources?.[part], QUANTITIES, [...base, 'spec', 'resources', part], `an instance type's ${part}`)),
  ];
}

/** Fields of an InstanceType, InstanceTypeList or instance type fragment that the resource does not have. */
export function unknownManifestFields(doc: unknown): Finding[] {
  const root = asRecord(doc);
  if (!root) return [];
  if (root.kind === 'InstanceTypeList') {
    // A list without items is a kind mix-up (AMLK168 says so), not misspelled fields.
    if (!Array.isArray(root.items)) return [];
    const items: unknown[] = root.items;
    return [...unknownKeys(root, LIST, [], 'an InstanceTypeList'), ...unknownKeys(root.metadata, METADATA, ['metadata'], 'Kubernetes list metadata'), ...items.flatMap((item, i) => instanceType(item, ['items', i]))];
  }
  if (root.kind === 'InstanceType' || (root.kind === undefined && root.apiVersion === undefined)) return instanceType(root, []);
  return [];
}
