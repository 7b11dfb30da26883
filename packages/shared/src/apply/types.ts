// What an apply reports, per compute and as it goes.
import type { PlanEvent } from '../plan/events.ts';
import type { Change, Plan } from '../plan/types.ts';

export type ComputeOutcome = 'applied' | 'unchanged' | 'failed' | 'refused' | 'interrupted';

export interface ComputeResult {
  name: string;
  file: string;
  outcome: ComputeOutcome;
  changes: Change[];
  durationMs: number;
  error?: { message: string; code?: string; remedy?: string };
}

export interface ApplyResult {
  plan: Plan;
  results: ComputeResult[];
}

export type ApplyEvent = PlanEvent | { kind: 'done'; compute: string; result: ComputeResult };
