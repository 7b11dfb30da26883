// Signed in to Azure and ready to plan: the gateway the modes use.
import { armConfigFromEnv, AzureError, isAmlK8sError, SdkAzureGateway } from '@aml-k8s/shared';
import type { AzureGateway } from '@aml-k8s/shared';
import { azureSignIn, checkSignIn } from './auth.ts';
import type { AzureSignIn } from './auth.ts';
import type { RunContext } from './context.ts';
import { ActionFailure } from './failure.ts';
import { info } from '@actions/core';

export interface AzureSession {
  gateway: AzureGateway;
  signIn: AzureSignIn;
  pollIntervalMs: number;
}

export async function azureSession(ctx: RunContext): Promise<AzureSession> {
  const signIn = azureSignIn(ctx.inputs, ctx.env, ctx.env.AML_K8S_OIDC_AUDIENCE || undefined);
  const config = armConfigFromEnv(ctx.env, { endpoint: ctx.inputs.armEndpoint });
  info(`Signing in to ${config.endpoint} as ${signIn.describe}`);
  await checkSignIn(signIn, config.endpoint);
  return { gateway: new SdkAzureGateway(signIn.credential, config), signIn, pollIntervalMs: config.pollIntervalMs };
}

const AUTH_ERRORS = new Set(['AuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError']);

/** A sign-in failure in the middle of a run (a token refresh) is still `auth-failed`. */
export function asAuthFailure(session: AzureSession, error: unknown): ActionFailure | undefined {
  if (error instanceof ActionFailure) return error;
  const e = error as { name?: string; statusCode?: number; code?: string; message?: string };
  if (AUTH_ERRORS.has(e?.name ?? '') || e?.statusCode === 401 || /AADSTS\d+/.test(e?.message ?? '')) return session.signIn.explain(error);
  return undefined;
}

/** Azure refused a request (HTTP 403, AuthorizationFailed): `azure-forbidden`, with Azure's words on which permission is missing. */
export function asAzureForbidden(error: unknown): ActionFailure | undefined {
  // An SDK error is judged by its shape; of aml-k8s's own errors, only an AzureError is Azure's answer
  // (a Kubernetes 403 or a GitHub 403 is not, and their codes are not ARM's).
  if (isAmlK8sError(error) && !(error instanceof AzureError)) return undefined;
  const e = error as { status?: number; statusCode?: number; code?: string; message?: string };
  if (e?.status !== 403 && e?.statusCode !== 403 && !/^(AuthorizationFailed|LinkedAuthorizationFailed|Forbidden)$/.test(e?.code ?? '')) return undefined;
  return new ActionFailure('azure-forbidden', `Azure refused a request (403): ${e.message ?? 'forbidden'}. Give the identity the role Azure names (see docs/action.md, "Signing in to Azure"), then run again.`);
}
