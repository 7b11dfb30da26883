// A secret that cannot leak by accident: every way JavaScript turns it into text (String(),
// template literals, JSON.stringify, util.inspect, console.log) yields a placeholder. Only
// reveal() gives the value, so every place that sends a secret is easy to find.
import { inspect } from 'node:util';
import { AmlK8sError } from '../errors.ts';

export class UnresolvedSecretError extends AmlK8sError<'SECRET_UNRESOLVED'> {
  override readonly name = 'UnresolvedSecretError';
  readonly setting: string;

  constructor(setting: string) {
    super('SECRET_UNRESOLVED', `The protected setting ${setting} holds only a placeholder: its source was not read. Build the desired state with secret resolution on (apply does this) to send or hash it.`);
    this.setting = setting;
  }
}

const readers = new Set<(value: string) => void>();

/**
 * Calls `listener` with every secret value read or derived from now on, before any code can use it
 * (the Action registers the values with the runner's log masking). Returns the unsubscribe.
 */
export function onSecretValue(listener: (value: string) => void): () => void {
  readers.add(listener);
  return () => readers.delete(listener);
}

export class SecretValue {
  /** What the secret is for (a setting key), never the secret itself. */
  readonly name: string;
  readonly #value: string | undefined;

  private constructor(name: string, value: string | undefined) {
    this.name = name;
    this.#value = value;
  }

  static of(name: string, value: string): SecretValue {
    for (const listener of readers) listener(value);
    return new SecretValue(name, value);
  }

  /**
   * A value Azure receives as a protected setting although it is no secret: the file path or
   * variable name az passes for PEM files. Not reported to `onSecretValue` listeners.
   */
  static reference(name: string, text: string): SecretValue {
    return new SecretValue(name, text);
  }

  /** A secret whose source has not been read (offline render). */
  static placeholder(name: string): SecretValue {
    return new SecretValue(name, undefined);
  }

  get resolved(): boolean {
    return this.#value !== undefined;
  }

  get placeholder(): string {
    return `<protected:${this.name}>`;
  }

  reveal(): string {
    if (this.#value === undefined) throw new UnresolvedSecretError(this.name);
    return this.#value;
  }

  /** A secret derived from this one (e.g. its base64); a placeholder stays a placeholder. */
  derive(name: string, transform: (value: string) => string): SecretValue {
    return this.#value === undefined ? SecretValue.placeholder(name) : SecretValue.of(name, transform(this.#value));
  }

  toString(): string {
    return this.placeholder;
  }

  toJSON(): string {
    return this.placeholder;
  }

  [Symbol.toPrimitive](): string {
    return this.placeholder;
  }

  [inspect.custom](): string {
    return this.placeholder;
  }
}

export function isSecretValue(value: unknown): value is SecretValue {
  return value instanceof SecretValue;
}
