// Why an Action run failed, as a value the workflow can branch on (`failure-reason` output).

export type FailureReason = 'validation-failed' | 'plan-changed' | 'apply-failed' | 'auth-failed' | 'locked';

export class ActionFailure extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
