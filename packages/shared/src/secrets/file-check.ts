// Secret file references checked before anything runs, located in the spec: a file outside the
// allowed folders, not a regular file or too large is an error naming the file, line and setting
// (resolveSecretRef refuses the same files later; this says where to fix them).
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { ParsedSpec } from '../model/parse.ts';
import { readRegularFile } from '../model/read-file.ts';
import type { ExtensionSettings } from '../settings/from-spec.ts';
import { MAX_SECRET_FILE_BYTES, secretFileProblem, secretFileRoots } from './resolve.ts';

/** The code of the diagnostic about a secret file that will not be read. */
export const SECRET_FILE_CODE = 'AMLK005';

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
