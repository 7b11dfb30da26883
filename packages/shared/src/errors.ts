// The one base of the errors aml-k8s throws on purpose. Callers decide by `code` (a stable string
// each subclass types narrowly), never by matching the message, which is written for people and
// may change. `remedy` says what to do when that is kept apart from the message; `cause` is the
// standard one (leave it out when the cause may hold secrets, e.g. an SDK error with its request).

export interface AmlK8sErrorOptions {
  /** What to do about it, for callers that show it apart from the message. */
  remedy?: string | undefined;
  /** The error this one explains. */
  cause?: unknown;
}

/** Marks aml-k8s errors across copies of this module (two bundles of the core in one process). */
const BRAND = Symbol.for('aml-k8s.error');

export class AmlK8sError<Code extends string = string> extends Error {
  // Set per subclass as a literal: bundles are minified, so constructor names are not kept.
  override name = 'AmlK8sError';
  readonly code: Code;
  /** Only present when given (so printing an error shows no empty field). */
  declare readonly remedy?: string;

  constructor(code: Code, message: string, options: AmlK8sErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    if (options.remedy !== undefined) this.remedy = options.remedy;
  }

  get [BRAND](): true {
    return true;
  }
}

/** An aml-k8s error (of any subclass, from any copy of the core), optionally with one of `codes`. */
export function isAmlK8sError(error: unknown, ...codes: readonly string[]): error is AmlK8sError {
  if (typeof error !== 'object' || error === null || (error as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return codes.length === 0 || codes.includes((error as AmlK8sError).code);
}
