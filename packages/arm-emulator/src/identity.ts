import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import type { EmulatorContext } from './context.ts';
import { armError, json, type Reply } from './http.ts';
import { newGuid, newOpaqueToken } from './random.ts';
import { splitPath } from './router.ts';
import type { ClientRegistration, FederatedCredential } from './types.ts';

/**
 * The slice of Microsoft Entra ID that @azure/identity (through MSAL) needs for the
 * client-credentials grant: OpenID discovery, an empty key set and the token endpoint. Access
 * tokens are opaque random strings remembered by the emulator, not JWTs. A client assertion is a
 * federated token: signed by a trusted issuer and matching one of the app's federated identity
 * credentials (issuer, subject, audience).
 */

const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** The audience Entra puts on a federated identity credential unless told otherwise. */
export const DEFAULT_FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';

function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** An error shaped like Entra's: OAuth `error`, an `AADSTSnnnn:` description and correlation fields. */
export function entraError(status: number, error: string, code: number, description: string, now: number): Reply {
  const traceId = newGuid();
  const correlationId = newGuid();
  const timestamp = entraTimestamp(now);
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  });
}

function openIdConfiguration(origin: string, tenant: string): Record<string, unknown> {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid'],
    tenant_region_scope: null,
    cloud_instance_name: 'emulator.local',
    cloud_graph_host_name: 'graph.emulator.local',
    msgraph_host: 'graph.emulator.local',
  };
}

function tenantMatches(tenant: string, ctx: EmulatorContext): boolean {
  return tenant.toLowerCase() === ctx.config.tenantId.toLowerCase();
}

function unknownTenant(tenant: string, now: number): Reply {
  return entraError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check the tenant id and the cloud you are signing in to.`, now);
}

function decodeJwtPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Signature algorithms accepted on client assertions (as Entra: asymmetric only; never `none`). */
const ASSERTION_ALGORITHMS: Record<string, { hash: string; options?: { padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' } }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
  ES256: { hash: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
};

/**
 * Checks a client assertion's signature the way Entra checks a federated token: a known asymmetric
 * `alg`, an issuer the tenant trusts and a signature by one of that issuer's keys. Returns an Entra
 * error reply, or undefined when the assertion verifies.
 */
function verifyAssertion(parts: readonly string[], header: Record<string, unknown>, payload: Record<string, unknown>, clientId: string, ctx: EmulatorContext, now: number): Reply | undefined {
  const alg = header['alg'];
  const algorithm = typeof alg === 'string' ? ASSERTION_ALGORITHMS[alg] : undefined;
  if (!algorithm || !parts[2]) {
    return entraError(401, 'invalid_client', 50027, `The client assertion is not signed with a supported algorithm (alg '${String(alg)}'); unsigned tokens are refused.`, now);
  }
  const iss = payload['iss'];
  const issuer = typeof iss === 'string' ? ctx.config.federatedIssuers.get(iss) : undefined;
  if (!issuer) {
    return entraError(401, 'invalid_client', 700211, `No matching federated identity record found for presented assertion issuer '${String(iss)}' of application '${clientId}'.`, now);
  }
  const kid = header['kid'];
  const candidates = issuer.keys.filter((k) => kid === undefined || (k as { kid?: string }).kid === kid);
  let verified = false;
  for (const jwk of candidates) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      continue;
    }
    try {
      if (verify(algorithm.hash, Buffer.from(`${parts[0]}.${parts[1]}`), { key, ...algorithm.options }, Buffer.from(parts[2] as string, 'base64url'))) verified = true;
    } catch {
      // A key of another type than the algorithm needs: not this one.
    }
    if (verified) break;
  }
  if (!verified) {
    return entraError(401, 'invalid_client', 700027, `Client assertion failed signature validation: no key of issuer '${issuer.issuer}' verifies it.`, now);
  }
  return undefined;
}

const CHECK_CREDENTIAL = 'Check your federated identity credential Subject, Audience and Issuer against the presented assertion.';

/**
 * Finds the app's federated identity credential for a verified assertion as Entra does: same
 * issuer, the exact subject (Entra compares case-sensitively) and an `aud` among the credential's
 * audiences. Returns an Entra error reply naming what did not match, or undefined on a match.
 */
function matchFederatedCredential(payload: Record<string, unknown>, client: ClientRegistration, now: number): Reply | undefined {
  const iss = String(payload['iss']);
  const sub = typeof payload['sub'] === 'string' ? payload['sub'] : '';
  const audClaim = payload['aud'];
  const auds = (Array.isArray(audClaim) ? audClaim : [audClaim]).filter((a): a is string => typeof a === 'string');
  const credentials: readonly FederatedCredential[] = client.acceptAssertions === false ? [] : (client.federatedCredentials ?? []);
  const ofIssuer = credentials.filter((c) => c.issuer === iss);
  if (ofIssuer.length === 0) {
    return entraError(401, 'invalid_client', 70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${auds.join(', ')}'. Application '${client.clientId}' has no federated identity credential for this issuer.`, now);
  }
  const ofSubject = ofIssuer.filter((c) => c.subject === sub);
  if (ofSubject.length === 0) {
    const caseOnly = ofIssuer.some((c) => c.subject.toLowerCase() === sub.toLowerCase());
    return caseOnly
      ? entraError(401, 'invalid_client', 7002138, `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${CHECK_CREDENTIAL}`, now)
      : entraError(401, 'invalid_client', 700213, `No matching federated identity record found for presented assertion subject '${sub}'. ${CHECK_CREDENTIAL}`, now);
  }
  if (!ofSubject.some((c) => (c.audiences ?? [DEFAULT_FEDERATED_AUDIENCE]).some((a) => auds.includes(a)))) {
    return entraError(401, 'invalid_client', 700212, `No matching federated identity record found for presented assertion audience '${auds.join(', ')}'. ${CHECK_CREDENTIAL}`, now);
  }
  return undefined;
}

/** Reads the audience out of the requested scopes (v2: `<resource>/.default`; v1: `resource`). */
function audienceOf(form: URLSearchParams): string | undefined {
  const resource = form.get('resource');
  if (resource) return resource.replace(/\/+$/, '');
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  const resourceScope = scopes.find((s) => s.endsWith('/.default'));
  if (!resourceScope || scopes.length !== 1) return undefined;
  return resourceScope.slice(0, -'/.default'.length).replace(/\/+$/, '');
}

function clientCredentialsFromBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

function issueToken(form: URLSearchParams, authorization: string | undefined, tenant: string, ctx: EmulatorContext, v1: boolean): Reply {
  const now = ctx.now();
  if (!tenantMatches(tenant, ctx)) return unknownTenant(tenant, now);
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') {
    return entraError(400, 'unsupported_grant_type', 70003, `The grant type '${grant ?? ''}' is not supported by this emulator; only client_credentials is.`, now);
  }
  const basic = clientCredentialsFromBasic(authorization);
  const clientId = form.get('client_id') ?? basic?.id;
  if (!clientId) return entraError(400, 'invalid_request', 900144, "The request body must contain the parameter 'client_id'.", now);
  const client: ClientRegistration | undefined = ctx.config.clients.get(clientId.toLowerCase());
  if (!client) {
    return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`, now);
  }
  const secret = form.get('client_secret') ?? basic?.secret;
  const assertion = form.get('client_assertion');
  let grantKind: 'client_secret' | 'client_assertion';
  if (secret !== null && secret !== undefined) {
    if (client.clientSecret === undefined || secret !== client.clientSecret) {
      return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided for application '${clientId}'.`, now);
    }
    grantKind = 'client_secret';
  } else if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return entraError(400, 'invalid_request', 50027, `client_assertion_type must be '${JWT_BEARER}'.`, now);
    }
    const parts = assertion.split('.');
    const payload = parts.length === 3 ? decodeJwtPart(parts[1] as string) : undefined;
    const header = parts.length === 3 ? decodeJwtPart(parts[0] as string) : undefined;
    if (!payload || !header) {
      return entraError(401, 'invalid_client', 50027, 'The client assertion is not a well-formed JWT.', now);
    }
    const unverified = verifyAssertion(parts, header, payload, clientId, ctx, now);
    if (unverified) return unverified;
    const unmatched = matchFederatedCredential(payload, client, now);
    if (unmatched) return unmatched;
    if (typeof payload['exp'] === 'number' && payload['exp'] * 1000 < now) {
      return entraError(401, 'invalid_client', 700024, 'The client assertion is not within its valid time range.', now);
    }
    grantKind = 'client_assertion';
  } else {
    return entraError(401, 'invalid_client', 7000218, "The request body must contain the parameter 'client_assertion' or 'client_secret'.", now);
  }
  const audience = audienceOf(form);
  if (!audience) {
    return entraError(400, 'invalid_scope', 1002012, `The scope '${form.get('scope') ?? ''}' is not valid: the client-credentials grant needs exactly one '<resource>/.default' scope.`, now);
  }
  const lifetime = ctx.config.tokenLifetimeSeconds;
  const token = newOpaqueToken();
  pruneTokens(ctx, now);
  ctx.state.tokens.set(token, { clientId: client.clientId, tenantId: ctx.config.tenantId, audience, grant: grantKind, issuedAt: now, expiresAt: now + lifetime * 1000 });
  ctx.state.tokensIssued += 1;
  const body: Record<string, unknown> = { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token };
  if (v1) {
    body['expires_on'] = String(Math.floor(now / 1000) + lifetime);
    body['resource'] = audience;
  }
  return json(200, body, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
}

// Expired tokens are kept for a while so that using one yields "expired" rather than "unknown".
function pruneTokens(ctx: EmulatorContext, now: number): void {
  if (ctx.state.tokens.size < 1000) return;
  for (const [token, rec] of ctx.state.tokens) {
    if (rec.expiresAt < now - 3_600_000) ctx.state.tokens.delete(token);
  }
}

export interface IdentityRequest {
  readonly method: string;
  readonly path: string;
  readonly rawBody: string;
  readonly origin: string;
  readonly authorization: string | undefined;
}

/** Answers identity requests; undefined when the path is not an identity endpoint. */
export function handleIdentity(req: IdentityRequest, ctx: EmulatorContext): Reply | undefined {
  const segs = splitPath(req.path);
  const tenant = segs[0];
  if (!tenant) return undefined;
  const rest = segs.slice(1).join('/').toLowerCase();
  const now = ctx.now();
  if (req.method === 'GET' && (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration')) {
    return tenantMatches(tenant, ctx) ? json(200, openIdConfiguration(req.origin, tenant)) : unknownTenant(tenant, now);
  }
  if (req.method === 'GET' && (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys')) {
    return json(200, { keys: [] });
  }
  if (rest === 'oauth2/v2.0/token' || rest === 'oauth2/token') {
    if (req.method !== 'POST') return entraError(405, 'invalid_request', 900561, 'The token endpoint only accepts POST requests.', now);
    return issueToken(new URLSearchParams(req.rawBody), req.authorization, tenant, ctx, rest === 'oauth2/token');
  }
  return undefined;
}

export type Authentication = { ok: true; clientId: string } | { ok: false; reply: Reply };

function unauthorized(origin: string, tenantId: string, code: string, message: string): Authentication {
  const challenge = `Bearer authorization_uri="${origin}/${tenantId}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`;
  return { ok: false, reply: armError(401, code, message, undefined, { 'www-authenticate': challenge }) };
}

/** Checks the bearer token of an ARM request the way the ARM front door does. */
export function authenticate(authorization: string | undefined, origin: string, ctx: EmulatorContext): Authentication {
  const tenantId = ctx.config.tenantId;
  if (!authorization) {
    return unauthorized(origin, tenantId, 'AuthenticationFailed', "Authentication failed: the request has no 'Authorization' header.");
  }
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!m) {
    return unauthorized(origin, tenantId, 'InvalidAuthenticationToken', "The 'Authorization' header must hold a bearer token.");
  }
  const record = ctx.state.tokens.get(m[1] as string);
  if (!record) return unauthorized(origin, tenantId, 'InvalidAuthenticationToken', 'The access token is invalid.');
  if (record.expiresAt <= ctx.now()) {
    return unauthorized(origin, tenantId, 'ExpiredAuthenticationToken', 'The access token has expired. Get a new token and try again.');
  }
  const audiences = [...ARM_AUDIENCES, origin.replace(/\/+$/, '')].map((a) => a.toLowerCase());
  if (!audiences.includes(record.audience.toLowerCase())) {
    return unauthorized(origin, tenantId, 'InvalidAuthenticationTokenAudience', `The access token has audience '${record.audience}', which Azure Resource Manager does not accept.`);
  }
  return { ok: true, clientId: record.clientId };
}
