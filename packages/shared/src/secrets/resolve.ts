// Reads secret material referenced by a spec: a file (relative to the spec file's folder) or an
// environment variable. Errors name the file or variable and the fix, never the content.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { AmlK8sError } from '../errors.ts';
import type { SecretRef } from '../model/types.ts';
import { SecretValue } from './secret-value.ts';

export type SecretErrorCode = 'SECRET_FILE_MISSING' | 'SECRET_FILE_UNREADABLE' | 'SECRET_FILE_EMPTY' | 'SECRET_ENV_MISSING' | 'SECRET_ENV_EMPTY';

export class SecretResolutionError extends AmlK8sError<SecretErrorCode> {
  override readonly name = 'SecretResolutionError';
  readonly ref: SecretRef;
  /** The setting the secret was for, when known. */
  readonly setting: string | undefined;

  constructor(code: SecretErrorCode, ref: SecretRef, setting: string | undefined, message: string) {
    super(code, message);
    this.ref = ref;
    this.setting = setting;
  }
}

export interface ResolveSecretOptions {
  /** Folder of the spec file; relative file references start here. */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Label of the secret (the setting key); defaults to the reference itself. */
  name?: string;
  /** Drop one trailing line break from a file (what `echo value > file` adds). */
  trimTrailingNewline?: boolean;
}

export function describeSecretRef(ref: SecretRef): string {
  return 'file' in ref ? `file ${ref.file}` : `env ${ref.env}`;
}

export function resolveSecretRef(ref: SecretRef, options: ResolveSecretOptions): SecretValue {
  const name = options.name ?? describeSecretRef(ref);
  const forSetting = options.name ? ` (for ${options.name})` : '';
  if ('env' in ref) {
    const value = options.env[ref.env];
    if (value === undefined) {
      throw new SecretResolutionError('SECRET_ENV_MISSING', ref, options.name, `Environment variable ${ref.env}${forSetting} is not set. Export it before running aml-k8s; in CI, map it from a repository or environment secret.`);
    }
    if (value.trim() === '') {
      throw new SecretResolutionError('SECRET_ENV_EMPTY', ref, options.name, `Environment variable ${ref.env}${forSetting} is set but empty. Give it the secret value; in CI, check that the secret it is mapped from exists and is not empty.`);
    }
    return SecretValue.of(name, value);
  }
  const path = resolvePath(options.baseDir, ref.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT') {
      throw new SecretResolutionError('SECRET_FILE_MISSING', ref, options.name, `Secret file "${ref.file}"${forSetting} does not exist (looked for ${path}). Paths are relative to the folder of the spec file (${options.baseDir}): create the file there or correct the path.`);
    }
    throw new SecretResolutionError('SECRET_FILE_UNREADABLE', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} cannot be read (${code}). It must be a regular file readable by the user running aml-k8s.`);
  }
  if (text.trim() === '') {
    throw new SecretResolutionError('SECRET_FILE_EMPTY', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} is empty. Write the secret into it (for a PEM file, the whole -----BEGIN ... -----END block).`);
  }
  return SecretValue.of(name, options.trimTrailingNewline ? text.replace(/\r?\n$/, '') : text);
}
