// Why an Action run failed, as a value the workflow can branch on (`failure-reason` output).
import { AmlK8sError } from '@aml-k8s/shared/core';
import type { AmlK8sErrorOptions } from '@aml-k8s/shared/core';

export const FAILURE_REASONS = {
  'invalid-input': 'an input is invalid, or the event is one the Action refuses (pull_request_target without opting in)',
  'validation-failed': 'a spec file has errors',
  'not-reviewed': 'apply found a change no reviewed plan covers (no plan comment on the merged pull request, or a commit pushed without one)',
  'plan-changed': 'the plan at merge differs from the reviewed one; nothing was written',
  locked: 'an operation started earlier is still running on a compute',
  'auth-failed': 'signing in to Azure failed',
  'azure-forbidden': 'Azure refused a request (HTTP 403): the identity lacks a role',
  'apply-failed': 'a compute failed to apply, or a disruptive change was refused',
  'github-api-failed': 'a GitHub API call the run depends on failed',
} as const;

export type FailureReason = keyof typeof FAILURE_REASONS;

/** A failure with its reason as `code`; a `remedy` is reported after the message. */
export class ActionFailure extends AmlK8sError<FailureReason> {
  override readonly name = 'ActionFailure';
  constructor(reason: FailureReason, message: string, options: AmlK8sErrorOptions = {}) {
    super(reason, message, options);
  }

  /** The `failure-reason` output: the same as `code`. */
  get reason(): FailureReason {
    return this.code;
  }
}
