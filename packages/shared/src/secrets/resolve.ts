// Reads secret material referenced by a spec: a file (relative to the spec file's folder) or an
// environment variable. Errors name the file or variable and the fix, never the content.
//
// Spec files arrive in pull requests, so a file reference is untrusted input: only a regular file
// (no FIFO, device or /proc entry) of at most MAX_SECRET_FILE_BYTES is read, found by its real path
// (links resolved) inside an allowed folder: the spec's folder, the repository (work tree) holding
// it, or a folder the user allows (`--allow-secret-dir`, AML_K8S_SECRET_DIRS). Nothing under `.git`
// is ever read (actions/checkout keeps the job's token in .git/config).
import { existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, relative, resolve as resolvePath, sep } from 'node:path';
import { AmlK8sError } from '../errors.ts';
import { isInside } from '../model/load.ts';
import { FileReadError, formatBytes, readRegularFile } from '../model/read-file.ts';
import type { SecretRef } from '../model/types.ts';
import { SecretValue } from './secret-value.ts';

export type SecretErrorCode =
  | 'SECRET_FILE_MISSING'
  | 'SECRET_FILE_UNREADABLE'
  | 'SECRET_FILE_EMPTY'
  | 'SECRET_FILE_OUTSIDE'
  | 'SECRET_FILE_NOT_REGULAR'
  | 'SECRET_FILE_TOO_LARGE'
  | 'SECRET_ENV_MISSING'
  | 'SECRET_ENV_EMPTY';

/** PEM material and connection strings are a few KiB; anything larger is not a secret file. */
export const MAX_SECRET_FILE_BYTES = 1024 * 1024;
/** Extra folders secret files may be read from, separated like PATH. */
export const SECRET_DIRS_ENV = 'AML_K8S_SECRET_DIRS';

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
  /** Folders files may be read from; default: secretFileRoots(baseDir, env). */
  roots?: readonly string[];
}

export function describeSecretRef(ref: SecretRef): string {
  return 'file' in ref ? `file ${ref.file}` : `env ${ref.env}`;
}

function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The work tree holding `dir` (the nearest folder above it with a `.git`), if any. */
export function repositoryRoot(dir: string): string | undefined {
  for (let d = resolvePath(dir); ; d = dirname(d)) {
    if (existsSync(resolvePath(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** The folders the user allows beyond the defaults (AML_K8S_SECRET_DIRS, relative to `cwd`). */
export function allowedSecretDirs(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): string[] {
  return (env[SECRET_DIRS_ENV] ?? '').split(delimiter).filter((d) => d.trim() !== '').map((d) => resolvePath(cwd, d));
}

/** Where a spec in `specDir` may read secret files from: its folder, its repository, the allowed folders. */
export function secretFileRoots(specDir: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const roots = [specDir, repositoryRoot(specDir), ...allowedSecretDirs(env)].filter((d): d is string => d !== undefined);
  return [...new Set(roots.map((d) => real(d) ?? resolvePath(d)))];
}

const underGit = (root: string, path: string): boolean => relative(root, path).split(sep).includes('.git');

/**
 * Checks a secret file's place and kind without reading it: undefined when fine or when it does
 * not exist (resolution reports that), else the error.
 */
export function secretFileProblem(ref: { file: string }, options: Pick<ResolveSecretOptions, 'baseDir' | 'env' | 'name' | 'roots'>): SecretResolutionError | undefined {
  const forSetting = options.name ? ` (for ${options.name})` : '';
  const path = resolvePath(options.baseDir, ref.file);
  const target = real(path);
  if (target === undefined) return undefined;
  const roots = options.roots ?? secretFileRoots(options.baseDir, options.env);
  const root = roots.find((r) => isInside(r, target));
  if (root === undefined || underGit(root, target)) {
    const shown = target === path ? path : `${path}, which is ${target}`;
    return new SecretResolutionError(
      'SECRET_FILE_OUTSIDE',
      ref,
      options.name,
      `Secret file "${ref.file}"${forSetting} is ${shown}: ${root === undefined ? 'outside the folders secret files are read from' : 'inside a .git folder'} (${roots.join(', ')}). Keep secret files next to the spec or in its repository (never under .git), or allow their folder explicitly with --allow-secret-dir DIR or ${SECRET_DIRS_ENV}.`,
    );
  }
  let st;
  try {
    st = statSync(target);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) {
    return new SecretResolutionError('SECRET_FILE_UNREADABLE', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} cannot be read (EISDIR: a folder). It must be a regular file readable by the user running aml-k8s.`);
  }
  if (!st.isFile()) {
    return new SecretResolutionError('SECRET_FILE_NOT_REGULAR', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} is not a regular file (a folder, FIFO, device or socket). Point it at a regular file holding the secret.`);
  }
  if (st.size > MAX_SECRET_FILE_BYTES) {
    return new SecretResolutionError('SECRET_FILE_TOO_LARGE', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} is ${formatBytes(st.size)}, over the ${formatBytes(MAX_SECRET_FILE_BYTES)} limit for secret files (PEM files and connection strings are a few KiB). Point it at the secret itself.`);
  }
  return undefined;
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
  const problem = secretFileProblem(ref, options);
  if (problem) throw problem;
  let text: string;
  try {
    // The real path checked above, so a link swapped afterwards cannot lead elsewhere.
    text = readRegularFile(real(path) ?? path, MAX_SECRET_FILE_BYTES);
  } catch (error) {
    const code = error instanceof FileReadError ? error.code : 'unreadable';
    if (code === 'missing') {
      throw new SecretResolutionError('SECRET_FILE_MISSING', ref, options.name, `Secret file "${ref.file}"${forSetting} does not exist (looked for ${path}). Paths are relative to the folder of the spec file (${options.baseDir}): create the file there or correct the path.`);
    }
    if (code === 'not-regular') throw new SecretResolutionError('SECRET_FILE_NOT_REGULAR', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} is not a regular file. Point it at a regular file holding the secret.`);
    if (code === 'too-large') throw new SecretResolutionError('SECRET_FILE_TOO_LARGE', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} is over the ${formatBytes(MAX_SECRET_FILE_BYTES)} limit for secret files.`);
    const why = error instanceof FileReadError ? error.message.replace(`${error.path} `, '') : String((error as NodeJS.ErrnoException).code ?? error);
    throw new SecretResolutionError('SECRET_FILE_UNREADABLE', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} cannot be read (${why}). It must be a regular file readable by the user running aml-k8s.`);
  }
  if (text.trim() === '') {
    throw new SecretResolutionError('SECRET_FILE_EMPTY', ref, options.name, `Secret file "${ref.file}"${forSetting} at ${path} is empty. Write the secret into it (for a PEM file, the whole -----BEGIN ... -----END block).`);
  }
  return SecretValue.of(name, options.trimTrailingNewline ? text.replace(/\r?\n$/, '') : text);
}
