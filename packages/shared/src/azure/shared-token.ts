// One token per scope for every client of a run. The SDK gives each client pipeline its own token
// cache, so a fleet apply would otherwise ask Entra for hundreds of tokens at once.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/** Tokens this close to expiry are renewed (the SDK itself renews about two minutes before). */
const RENEW_BEFORE_MS = 150_000;

export class SharedTokenCredential implements TokenCredential {
  readonly #inner: TokenCredential;
  readonly #tokens = new Map<string, Promise<AccessToken | null>>();

  constructor(inner: TokenCredential) {
    this.#inner = inner;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = [...(Array.isArray(scopes) ? scopes : [scopes])].sort().join(' ') + (options?.tenantId ? `@${options.tenantId}` : '');
    const cached = this.#tokens.get(key);
    const fresh = cached?.then((t) => (t && t.expiresOnTimestamp - Date.now() > RENEW_BEFORE_MS ? t : null));
    const pending = (async () => {
      const t = fresh ? await fresh : null;
      return t ?? this.#inner.getToken(scopes, options);
    })();
    // Concurrent callers share the same request; a failed one is not cached.
    const shared = pending.catch((err: unknown) => {
      if (this.#tokens.get(key) === shared) this.#tokens.delete(key);
      throw err;
    });
    this.#tokens.set(key, shared);
    return shared;
  }
}
