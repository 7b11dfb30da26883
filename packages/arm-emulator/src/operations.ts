import { newGuid } from './random.ts';
import { nowIso, type ErrorDetail } from './http.ts';

/**
 * An ARM asynchronous operation. Operations are settled lazily: nothing runs on a timer; every
 * request first completes the operations whose time has come. That keeps the emulator free of
 * dangling timers and makes stop() instant.
 */
export interface OperationRecord {
  readonly id: string;
  /** What the operation does, e.g. 'extension.install', 'compute.detach'. */
  readonly kind: string;
  /** ARM id of the resource it acts on. */
  readonly resourceId: string;
  /** Path of its status resource (no host, no query). */
  readonly statusPath: string;
  readonly apiVersion: string;
  /** Status reported while running (providers differ: 'InProgress', 'Creating'...). */
  readonly runningStatus: string;
  status: string;
  readonly startTime: string;
  endTime?: string;
  readonly dueAt: number;
  /** Set when fault injection decided, at start, that this operation fails. */
  readonly injectedFailure: boolean;
  error?: ErrorDetail;
  /** Free-form details shown in the admin state (e.g. underlyingResourceAction). */
  readonly details?: Record<string, unknown>;
}

/** Called when an operation's time is up; returns the error when it fails. */
export type Completion = (op: OperationRecord) => ErrorDetail | undefined;

export interface OperationStart {
  kind: string;
  resourceId: string;
  /** Builds the status path from the new operation's id. */
  statusPath: (operationId: string) => string;
  apiVersion: string;
  runningStatus: string;
  durationMs: number;
  injectedFailure: boolean;
  details?: Record<string, unknown>;
}

export function isTerminal(status: string): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Canceled';
}

export class OperationStore {
  readonly all = new Map<string, OperationRecord>();
  private readonly pending = new Map<string, Completion>();

  start(init: OperationStart, complete: Completion, now: number = Date.now()): OperationRecord {
    const id = newGuid();
    const op: OperationRecord = {
      id,
      kind: init.kind,
      resourceId: init.resourceId,
      statusPath: init.statusPath(id),
      apiVersion: init.apiVersion,
      runningStatus: init.runningStatus,
      status: init.runningStatus,
      startTime: nowIso(now),
      dueAt: now + init.durationMs,
      injectedFailure: init.injectedFailure,
      ...(init.details ? { details: init.details } : {}),
    };
    this.all.set(id.toLowerCase(), op);
    this.pending.set(id.toLowerCase(), complete);
    return op;
  }

  get(id: string): OperationRecord | undefined {
    return this.all.get(id.toLowerCase());
  }

  /** Completes, in due order, every operation due at or before `now`. */
  settle(now: number = Date.now()): void {
    if (this.pending.size === 0) return;
    const due = [...this.pending.keys()]
      .map((k) => this.all.get(k) as OperationRecord)
      .filter((op) => op.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const op of due) {
      const key = op.id.toLowerCase();
      const complete = this.pending.get(key);
      this.pending.delete(key);
      const error = complete ? complete(op) : undefined;
      op.status = error ? 'Failed' : 'Succeeded';
      op.endTime = nowIso(Math.max(op.dueAt, 0));
      if (error) op.error = error;
    }
  }

  /** Stops a running operation without running its completion (its resource went away). */
  cancel(id: string, now: number = Date.now()): void {
    const op = this.get(id);
    if (!op || !this.pending.delete(id.toLowerCase())) return;
    op.status = 'Canceled';
    op.endTime = nowIso(now);
  }

  clear(): void {
    this.all.clear();
    this.pending.clear();
  }
}

/** The body of GET on an operation status resource. */
export function renderOperation(op: OperationRecord): Record<string, unknown> {
  return {
    id: op.statusPath,
    name: op.id,
    status: op.status,
    startTime: op.startTime,
    ...(op.endTime ? { endTime: op.endTime } : {}),
    ...(isTerminal(op.status) ? { percentComplete: 100 } : {}),
    ...(op.error ? { error: op.error } : {}),
  };
}

/** Link to an operation's status resource, as clients receive it. */
export function operationUrl(origin: string, op: OperationRecord): string {
  return `${origin}${op.statusPath}?api-version=${encodeURIComponent(op.apiVersion)}`;
}
