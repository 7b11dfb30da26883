// Desired versus actual Kubernetes compute. Azure cannot update an attached compute, so any
// difference means detach and attach again.
import type { ComputeObservation } from '../observe/actual-state.ts';
import { fieldChanges, fieldText } from './fields.ts';
import type { Change } from './types.ts';

export interface ComputeIntent {
  id: string;
  resourceId: string;
  namespace: string;
  identityType: string;
  userAssignedIdentity?: string;
  instanceTypes?: Record<string, unknown>;
  defaultInstanceType?: string;
  description?: string;
}

/** What an attach sends, field by field (one field per instance type). */
function computeFields(c: ComputeObservation | ComputeIntent, isIntent: boolean): Map<string, string> {
  const fields = new Map<string, string | undefined>([
    ['resourceId', c.resourceId],
    ['namespace', c.namespace ?? (isIntent ? undefined : 'default')],
    ['identity.type', c.identityType ?? (isIntent ? undefined : 'None')],
    ['identity.userAssignedIdentity', c.userAssignedIdentity],
    ['description', c.description],
    ['defaultInstanceType', c.defaultInstanceType],
    ...Object.keys(c.instanceTypes ?? {}).sort().map((name) => [`instanceTypes.${name}`, fieldText(c.instanceTypes![name])] as [string, string | undefined]),
  ]);
  return new Map([...fields].filter((e): e is [string, string] => e[1] !== undefined));
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(String(value));
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'null' : `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const same = (a: string | undefined, b: string | undefined): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export function diffCompute(want: ComputeIntent, have: ComputeObservation | undefined): Change {
  const base = { target: 'compute' as const, id: want.id };
  const settings = (): Change['settings'] => fieldChanges(computeFields(want, true), have ? computeFields(have, false) : undefined).filter((f) => f.after !== undefined);
  if (!have) return { ...base, action: 'create', disruptive: false, reasons: ['the cluster is not attached to the workspace under this name'], settings: settings() };
  const differences: string[] = [];
  if (!same(want.resourceId, have.resourceId)) differences.push(`it points at another cluster (${have.resourceId ?? 'none'})`);
  if (want.namespace !== (have.namespace ?? 'default')) differences.push(`namespace ${have.namespace ?? 'default'} → ${want.namespace}`);
  if (!same(want.identityType, have.identityType ?? 'None')) differences.push(`identity ${have.identityType ?? 'None'} → ${want.identityType}`);
  else if (!same(want.userAssignedIdentity, have.userAssignedIdentity)) differences.push('user-assigned identity changes');
  if (canonical(want.instanceTypes ?? {}) !== canonical(have.instanceTypes ?? {})) differences.push('instance types change');
  if (!same(want.defaultInstanceType, have.defaultInstanceType)) differences.push('default instance type changes');
  const failed = have.provisioningState?.toLowerCase() === 'failed';
  if (differences.length === 0 && !failed) return { ...base, action: 'noop', disruptive: false, reasons: [] };
  if (failed && differences.length === 0) return { ...base, action: 'replace', disruptive: false, reasons: ['the compute is in a Failed state: it is detached and attached again'], settings: settings() };
  return {
    ...base,
    action: 'replace',
    disruptive: true,
    settings: settings(),
    reasons: [...differences, 'Azure cannot update an attached compute: it is detached and attached again, and jobs and endpoints on it are interrupted'],
  };
}
