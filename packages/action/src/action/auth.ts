// How the Action signs in to Azure: direct OIDC (a fresh GitHub ID token for every Entra token
// request, so a 15-minute install outlives any single token), else an azure/login session, else
// environment credentials.
import { getIDToken } from '@actions/core';
import type { TokenCredential } from '@azure/core-auth';
import { credentialFromEnv } from '@aml-k8s/shared';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ActionFailure } from './failure.ts';
import type { ActionInputs } from './inputs.ts';

export const DEFAULT_OIDC_AUDIENCE = 'api://AzureADTokenExchange';

export interface AzureSignIn {
  credential: TokenCredential;
  describe: string;
  /** Turns a sign-in error into an `auth-failed` failure that says what to fix. */
  explain(error: unknown): ActionFailure;
}

interface IdTokenClaims {
  sub?: string;
  iss?: string;
  aud?: string | string[];
}

function claimsOf(jwt: string): IdTokenClaims {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as IdTokenClaims;
  } catch {
    return {};
  }
}

function azureCliSession(env: Readonly<Record<string, string | undefined>>): boolean {
  const dir = env.AZURE_CONFIG_DIR ?? join(homedir(), '.azure');
  return existsSync(join(dir, 'azureProfile.json')) && existsSync(join(dir, 'msal_token_cache.json'));
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function azureSignIn(inputs: ActionInputs, env: Readonly<Record<string, string | undefined>>, audience = DEFAULT_OIDC_AUDIENCE): AzureSignIn {
  if (inputs.clientId && inputs.tenantId) {
    let claims: IdTokenClaims = {};
    let idTokenError: unknown;
    const getAssertion = async (): Promise<string> => {
      try {
        const token = await getIDToken(audience);
        claims = claimsOf(token);
        return token;
      } catch (e) {
        idTokenError = e;
        throw e;
      }
    };
    const { credential } = credentialFromEnv({ AZURE_TENANT_ID: inputs.tenantId, AZURE_CLIENT_ID: inputs.clientId, AZURE_AUTHORITY_HOST: inputs.authorityHost }, getAssertion);
    return {
      credential,
      describe: `federated identity ${inputs.clientId} (GitHub OIDC)`,
      explain(error) {
        if (idTokenError) {
          const m = messageOf(idTokenError);
          if (/ACTIONS_ID_TOKEN_REQUEST_URL/.test(m)) {
            return new ActionFailure('auth-failed', 'GitHub gave this job no OIDC token. Add `permissions: { id-token: write, contents: read }` to the job (pull requests from forks never get one; plan those with environment credentials or skip them).');
          }
          return new ActionFailure('auth-failed', `Could not get a GitHub OIDC token: ${m.replace(/\s+/g, ' ')}`);
        }
        const m = messageOf(error);
        if (/AADSTS70021|70021|No federated identity credential/i.test(m)) {
          const subject = claims.sub ?? '(unknown)';
          return new ActionFailure(
            'auth-failed',
            `Entra ID has no federated credential on app ${inputs.clientId} that matches this workflow. The token's subject is "${subject}" (issuer ${claims.iss ?? 'https://token.actions.githubusercontent.com'}, audience ${audience}). ` +
              `Add one with exactly that subject: az ad app federated-credential create --id ${inputs.clientId} --parameters '{"name":"aml-k8s-github","issuer":"${claims.iss ?? 'https://token.actions.githubusercontent.com'}","subject":"${subject}","audiences":["${audience}"]}'. ` +
              'Pull request runs have subject repo:OWNER/REPO:pull_request; runs in an environment have repo:OWNER/REPO:environment:NAME.',
          );
        }
        return new ActionFailure('auth-failed', `Azure sign-in as federated identity ${inputs.clientId} failed: ${m}`);
      },
    };
  }
  const fromEnv = credentialFromEnv(env);
  const usesCli = fromEnv.describe.includes('Azure CLI');
  return {
    credential: fromEnv.credential,
    describe: usesCli && azureCliSession(env) ? 'the azure/login session (Azure CLI)' : fromEnv.describe,
    explain(error) {
      const hint = usesCli
        ? ' No credentials were given: set `client-id` and `tenant-id` for OIDC (with `permissions: id-token: write`), run azure/login before this step, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.'
        : '';
      return new ActionFailure('auth-failed', `Azure sign-in as ${fromEnv.describe} failed: ${messageOf(error)}${hint}`);
    },
  };
}

/** Asks for one ARM token before planning, so a sign-in problem is reported as such and early. */
export async function checkSignIn(signIn: AzureSignIn, armEndpoint: string): Promise<void> {
  try {
    const token = await signIn.credential.getToken(`${armEndpoint}/.default`);
    if (!token) throw new Error('no token was returned');
  } catch (e) {
    throw signIn.explain(e);
  }
}
