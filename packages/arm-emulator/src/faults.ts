import { armError, type Reply } from './http.ts';
import { createRandom, type Random } from './random.ts';
import type { FaultSettings } from './types.ts';

export const DEFAULT_FAULTS: FaultSettings = {
  throttleProbability: 0,
  throttleRetryAfterSeconds: 1,
  serverErrorProbability: 0,
  failNextOperations: 0,
  failNextExtensionDeletes: 0,
  latencyMs: 0,
  slowFactor: 1,
};

export interface InjectedFault {
  readonly kind: 'throttle' | 'server-error';
  readonly reply: Reply;
}

function checkProbability(name: string, p: number): void {
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`${name} must be between 0 and 1, got ${p}`);
}

function checkNonNegative(name: string, n: number): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name} must be a non-negative number, got ${n}`);
}

/** Validates a partial fault settings object, throwing RangeError/TypeError on bad values. */
export function validateFaults(patch: Partial<FaultSettings>): Partial<FaultSettings> {
  const known = new Set(Object.keys(DEFAULT_FAULTS));
  for (const [k, v] of Object.entries(patch)) {
    if (!known.has(k)) throw new TypeError(`unknown fault setting '${k}'`);
    if (typeof v !== 'number') throw new TypeError(`fault setting '${k}' must be a number`);
  }
  if (patch.throttleProbability !== undefined) checkProbability('throttleProbability', patch.throttleProbability);
  if (patch.serverErrorProbability !== undefined) checkProbability('serverErrorProbability', patch.serverErrorProbability);
  if (patch.throttleRetryAfterSeconds !== undefined) checkNonNegative('throttleRetryAfterSeconds', patch.throttleRetryAfterSeconds);
  if (patch.failNextOperations !== undefined) checkNonNegative('failNextOperations', patch.failNextOperations);
  if (patch.failNextExtensionDeletes !== undefined) checkNonNegative('failNextExtensionDeletes', patch.failNextExtensionDeletes);
  if (patch.latencyMs !== undefined) checkNonNegative('latencyMs', patch.latencyMs);
  if (patch.slowFactor !== undefined) checkNonNegative('slowFactor', patch.slowFactor);
  if ((patch.throttleProbability ?? 0) + (patch.serverErrorProbability ?? 0) > 1) {
    throw new RangeError('throttleProbability + serverErrorProbability must not exceed 1');
  }
  return patch;
}

const WRITE_METHODS = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);

/**
 * Decides, request by request, whether to answer with an injected fault. Every decision draws
 * exactly one number from the seeded source, so a given seed and request sequence always gives
 * the same faults.
 */
export class FaultInjector {
  private current: FaultSettings;
  private random: Random;

  constructor(settings: Partial<FaultSettings> | undefined, seed: number) {
    this.current = { ...DEFAULT_FAULTS, ...validateFaults(settings ?? {}) };
    this.random = createRandom(seed);
  }

  settings(): FaultSettings {
    return { ...this.current };
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.current, ...validateFaults(patch) };
    if (next.throttleProbability + next.serverErrorProbability > 1) {
      throw new RangeError('throttleProbability + serverErrorProbability must not exceed 1');
    }
    this.current = next;
    return this.settings();
  }

  reseed(seed: number): void {
    this.random = createRandom(seed);
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  /** Scales an operation duration by the slow factor. */
  scale(ms: number): number {
    return Math.round(ms * this.current.slowFactor);
  }

  /** Consumes one of the "fail next N operations" if any is left. */
  takeOperationFailure(): boolean {
    if (this.current.failNextOperations >= 1) {
      this.current.failNextOperations -= 1;
      return true;
    }
    return false;
  }

  /** Consumes one of the "fail next N extension deletes" if any is left. */
  takeExtensionDeleteFailure(): boolean {
    if (this.current.failNextExtensionDeletes >= 1) {
      this.current.failNextExtensionDeletes -= 1;
      return true;
    }
    return false;
  }

  /** The fault to answer an ARM request with, or undefined to serve it normally. */
  decide(method: string): InjectedFault | undefined {
    const { throttleProbability, serverErrorProbability } = this.current;
    if (throttleProbability === 0 && serverErrorProbability === 0) return undefined;
    const r = this.random.next();
    if (r < throttleProbability) {
      const write = WRITE_METHODS.has(method.toUpperCase());
      return {
        kind: 'throttle',
        reply: armError(
          429,
          'TooManyRequests',
          `Too many ${write ? 'write' : 'read'} requests for this subscription; the request was throttled. Retry after the delay in the Retry-After header.`,
          undefined,
          {
            'retry-after': String(this.current.throttleRetryAfterSeconds),
            [write ? 'x-ms-ratelimit-remaining-subscription-writes' : 'x-ms-ratelimit-remaining-subscription-reads']: '0',
          },
        ),
      };
    }
    if (r < throttleProbability + serverErrorProbability) {
      // Split 500/503 by the low bits of the same draw so a decision costs one draw.
      const unavailable = Math.floor(r * 1e6) % 2 === 1;
      return {
        kind: 'server-error',
        reply: unavailable
          ? armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please try again later.')
          : armError(500, 'InternalServerError', 'The server encountered an internal error. Please retry the request.'),
      };
    }
    return undefined;
  }
}
