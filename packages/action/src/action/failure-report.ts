// How a failed run is reported: the `failure-reason` output and the message the run fails with.
import { isAmlK8sError } from '@aml-k8s/shared/core';
import { asAzureForbidden } from './azure.ts';
import { ActionFailure } from './failure.ts';
import type { FailureReason } from './failure.ts';
import { GitHubApiError } from './github-errors.ts';
import { InputError } from './inputs.ts';
import type { Scrub } from './scrubbing.ts';

/** Every failure as a reason and a message; an unknown error is still reported, with its message. */
function classify(e: unknown): { reason?: FailureReason; message: string } {
  // Their codes are failure reasons.
  if (e instanceof ActionFailure || e instanceof InputError) return { reason: e.code, message: e.remedy ? `${e.message}\n${e.remedy}` : e.message };
  if (e instanceof GitHubApiError) return { reason: e.code, message: `${e.message}${e.status === 403 || e.status === 404 ? '. Check the job\'s `permissions:` (see docs/action.md).' : ''}` };
  const forbidden = asAzureForbidden(e);
  if (forbidden) return { reason: forbidden.code, message: forbidden.message };
  // A credential configured wrongly (a secret without its tenant and client IDs, an unknown AML_K8S_CREDENTIAL).
  if (isAmlK8sError(e, 'credential-config')) return { reason: 'auth-failed', message: e.remedy ? `${e.message}\n${e.remedy}` : e.message };
  return { message: `aml-k8s failed unexpectedly: ${(e as Error)?.message ?? String(e)}` };
}

/** The failure of a run, its message scrubbed: Azure's errors may quote a protected value. */
export function failureReport(e: unknown, scrub: Scrub): { reason?: FailureReason; message: string } {
  const { reason, message } = classify(e);
  return { ...(reason ? { reason } : {}), message: scrub(message) };
}
