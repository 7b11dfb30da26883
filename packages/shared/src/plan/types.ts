// A plan: per compute, the ordered changes that make Azure match the specs.

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'noop';
export type ChangeTarget = 'extension' | 'compute' | 'roleAssignment' | 'kubernetes';

export interface SettingChange {
  key: string;
  before?: string;
  after?: string;
  /** Protected settings never carry values, only that they changed. */
  protected?: boolean;
  /**
   * For a protected setting whose value was read: a slow salted fingerprint of the value, so that a
   * review covers it without showing it. Absent when the plan could not read the secret.
   */
  fingerprint?: string;
}

export interface Change {
  target: ChangeTarget;
  action: ChangeAction;
  /** ARM resource ID of the target. */
  id: string;
  /** True when running jobs or endpoints are interrupted. */
  disruptive: boolean;
  /** Why the change is needed, and why it is disruptive, in plain words. */
  reasons: string[];
  settings?: SettingChange[];
  /** For `roleAssignment` changes: which role, where, for whom, and the equivalent az command. */
  roleAssignment?: RoleAssignmentDetail;
  /** For `kubernetes` changes: the object in the cluster. */
  object?: KubernetesObjectRef;
  /** For an extension `delete`: Azure's forceDelete (only the ARM resource is removed). */
  force?: boolean;
}

export interface RoleAssignmentDetail {
  role: string;
  scope: string;
  /** Resource ID of the user-assigned identity. */
  identityId: string;
  /** Its principal (object) ID, when it could be read. */
  principalId?: string;
  /** `az role assignment create ...` that grants it. */
  command: string;
  /** The scope (the Arc Relay) is created by this apply, so the assignment can only be made after it. */
  scopeCreatedByApply?: boolean;
}

export interface KubernetesObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** ARM ID of the cluster the object lives in. */
  clusterId: string;
}

/** What removing a compute takes away and what stays, in plain words. */
export interface RemovalSummary {
  /** `absent`: the spec says so; `prune`: no spec declares the compute any more. */
  reason: 'absent' | 'prune';
  keeps: string[];
  loses: string[];
}

export interface ComputePlan {
  /** metadata.name of the spec. */
  name: string;
  file: string;
  changes: Change[];
  /** Why the compute cannot be planned now (e.g. an operation in progress), if so. */
  blocked?: string;
  /** What the reader should know that is not a change (assumptions, settings not compared). */
  notes: string[];
  /** Set when the plan removes the compute (spec `state: absent`, or `--prune`). */
  removal?: RemovalSummary;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noop: number;
  disruptive: number;
}

export interface Plan {
  computes: ComputePlan[];
  summary: PlanSummary;
  /** Stable hash of every pending change (independent of timing and order of reads). */
  hash: string;
}

export const hasChanges = (p: Plan): boolean => p.computes.some((c) => c.changes.some((ch) => ch.action !== 'noop'));
