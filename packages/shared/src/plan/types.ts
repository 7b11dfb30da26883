// A plan: per compute, the ordered changes that make Azure match the specs.

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'noop';
export type ChangeTarget = 'extension' | 'compute';

export interface SettingChange {
  key: string;
  before?: string;
  after?: string;
  /** Protected settings never carry values, only that they changed. */
  protected?: boolean;
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
