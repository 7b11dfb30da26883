// Turns the sources of the protected settings into SecretValues: read and encoded when secrets
// are resolved (apply), placeholders otherwise (render), so an offline render reads no secret.
import { resolveSecretRef } from '../secrets/resolve.ts';
import { SecretValue } from '../secrets/secret-value.ts';
import type { SecretRef } from '../model/types.ts';
import type { ProtectedSource } from './cli-settings.ts';

export interface ProtectedValueOptions {
  resolve: boolean;
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** What the az CLI sends as a PEM "path": the file as written in the spec, or the variable. */
export function referenceText(ref: SecretRef): string {
  return 'file' in ref ? ref.file : `env:${ref.env}`;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function protectedValues(sources: Readonly<Record<string, ProtectedSource>>, options: ProtectedValueOptions): Record<string, SecretValue> {
  const out: Record<string, SecretValue> = {};
  // Keys come from spec files: defined as own properties, so `__proto__` is a key like any other.
  const set = (key: string, value: SecretValue): void => {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const [key, source] of Object.entries(sources)) {
    if (source.kind === 'reference') {
      set(key, SecretValue.reference(key, referenceText(source.ref)));
    } else if (!options.resolve) {
      set(key, SecretValue.placeholder(key));
    } else if (source.kind === 'pem-base64') {
      set(key, resolveSecretRef(source.ref, { baseDir: options.baseDir, env: options.env, name: source.from }).derive(key, base64));
    } else {
      set(key, resolveSecretRef(source.ref, { baseDir: options.baseDir, env: options.env, name: key, trimTrailingNewline: 'file' in source.ref }));
    }
  }
  return out;
}
