// Secret file references checked before anything runs, located in the spec: a file outside the
// allowed folders, not a regular file or too large is an error naming the file, line and setting
// (resolveSecretRef refuses the same files later; this says where to fix them).
//
// What the reference alone gives away (a .git folder on the way, a kernel pseudo-file system) is
// rule AMLK005 in every validation, the Backstage API's included; what needs the file system is
// checked here, by the commands that read the files.
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { ParsedSpec } from '../model/parse.ts';
import { readRegularFile } from '../model/read-file.ts';
import type { ExtensionSettings } from '../settings/from-spec.ts';
import { MAX_SECRET_FILE_BYTES, SECRET_DIRS_ENV, secretFileProblem, secretFileRoots } from './resolve.ts';

/** The code of the diagnostic about a secret file that will not be read. */
export const SECRET_FILE_CODE = 'AMLK005';

/**
 * Kernel pseudo-file systems: their entries pass for regular files but hold process state (the
 * environment with its tokens, say). Devices elsewhere are refused by the file check as not regular.
 */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys'];

/** Why a secret file reference is refused whatever the file system holds, or undefined. */
export function secretFileReferenceProblem(file: string, setting?: string): string | undefined {
  const system = PSEUDO_FILE_SYSTEMS.find((dir) => file === dir || file.startsWith(`${dir}/`));
  const why = file.split(/[\\/]+/).includes('.git') ? 'inside a .git folder, which holds the repository\'s credentials' : system ? `under ${system}, which holds process state, not secret files` : undefined;
  if (!why) return undefined;
  return `Secret file "${file}"${setting ? ` (for ${setting})` : ''} is ${why}. Point it at a regular file holding the secret: next to the spec, in its repository (never under .git), or in a folder allowed with --allow-secret-dir DIR or ${SECRET_DIRS_ENV}.`;
}

export interface SecretFileCheckOptions {
  /** Folder spec file names are relative to. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function checkSecretFiles(specs: readonly { parsed: ParsedSpec; settings: ExtensionSettings }[], options: SecretFileCheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of specs) {
    const baseDir = dirname(resolve(options.cwd, s.parsed.file));
    const roots = secretFileRoots(baseDir, options.env);
    for (const [key, ref] of Object.entries(s.settings.protected)) {
      if (!('file' in ref) || typeof ref.file !== 'string') continue;
      // Validation's rule AMLK005 reported it already.
      if (secretFileReferenceProblem(ref.file)) continue;
      const problem = secretFileProblem(ref, { baseDir, env: options.env, name: key, roots });
      if (!problem) continue;
      const path = s.settings.origins[key]?.[0] ?? ['spec', 'extension'];
      const pos = s.parsed.locate(path, 'value');
      out.push({ severity: 'error', code: SECRET_FILE_CODE, message: problem.message, file: s.parsed.file, line: pos.line, column: pos.column, path: path.join('.'), setting: key });
    }
  }
  return out;
}

/**
 * A `readFile` for validation's PEM checks that reads only what resolution would: regular files of
 * bounded size inside the allowed folders of the specs being validated; undefined otherwise.
 */
export function secretFileReader(specFiles: readonly string[], options: SecretFileCheckOptions): (absolutePath: string) => string | undefined {
  const roots = [...new Set(specFiles.flatMap((f) => secretFileRoots(dirname(resolve(options.cwd, f)), options.env)))];
  return (absolutePath) => {
    if (secretFileProblem({ file: absolutePath }, { baseDir: '/', env: options.env, roots })) return undefined;
    try {
      return readRegularFile(absolutePath, MAX_SECRET_FILE_BYTES);
    } catch {
      return undefined;
    }
  };
}
