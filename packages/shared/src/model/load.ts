// Finds spec files under the paths a user names and reads them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { AmlK8sError } from '../errors.ts';

/** A spec file's name (as messages show it) and its text. */
export interface SpecInput {
  file: string;
  text: string;
}

/** A path the user named is neither a spec file nor a folder. */
export class SpecPathError extends AmlK8sError<'spec-path-missing'> {
  override readonly name = 'SpecPathError';
  readonly path: string;
  constructor(path: string, message: string) {
    super('spec-path-missing', message);
    this.path = path;
  }
}

const SPEC_EXTENSIONS = new Set(['.yaml', '.yml']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && SPEC_EXTENSIONS.has(extname(entry.name))) out.push(full);
  }
}

/** Spec files named directly, or found (*.yaml, *.yml) below named folders, in a stable order. */
export function findSpecFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new SpecPathError(p, `${p}: no such file or folder.`);
    }
    if (st.isDirectory()) walk(p, files);
    else files.push(p);
  }
  return [...new Set(files)];
}

/** Reads spec files; `file` in each input is relative to `cwd` when inside it, for readable messages. */
export function loadSpecFiles(paths: readonly string[], cwd = process.cwd()): SpecInput[] {
  return findSpecFiles(paths).map((p) => {
    const rel = relative(cwd, p);
    return { file: rel && !rel.startsWith('..') ? rel : p, text: readFileSync(p, 'utf8') };
  });
}
