// Finds spec files under the paths a user names and reads them. Symbolic links are followed (a
// linked spec is declared like any other: prune must never take it for removed), with loop
// detection, and only regular files of bounded size are read.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AmlK8sError } from '../errors.ts';
import { FileReadError, readRegularFile } from './read-file.ts';

/** A spec file's name (as messages show it) and its text. */
export interface SpecInput {
  file: string;
  text: string;
}

export type SpecPathErrorCode = 'spec-path-missing' | 'spec-file-unreadable' | 'spec-link-outside';

/** A path the user named is neither a spec file nor a folder, or a spec file cannot be read safely. */
export class SpecPathError extends AmlK8sError<SpecPathErrorCode> {
  override readonly name = 'SpecPathError';
  readonly path: string;
  constructor(path: string, message: string, code: SpecPathErrorCode = 'spec-path-missing') {
    super(code, message);
    this.path = path;
  }
}

/** Spec files larger than this are refused (the largest real spec sets are a few hundred KiB). */
export const MAX_SPEC_FILE_BYTES = 4 * 1024 * 1024;

const SPEC_EXTENSIONS = new Set(['.yaml', '.yml']);

/** Whether `path` is `root` or inside it (both absolute and real). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export interface WalkOptions {
  /** Links whose target lies outside this folder (real path) are refused with an error. */
  within?: string;
  /** Which files to keep, by their path relative to the walk's start (POSIX separators). */
  keep?: (relativePosixPath: string) => boolean;
  /** Walk hidden entries too (`.git` and node_modules are always skipped). */
  includeHidden?: boolean;
}

/**
 * Files below `dir`, following symbolic links to files and folders; a folder reached twice (a link
 * loop, or two links to one folder) is walked once. Hidden entries (unless asked for), `.git` and
 * node_modules are skipped.
 */
export function walkFiles(dir: string, options: WalkOptions = {}): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const within = options.within ? realpathSync(options.within) : undefined;
  const keep = options.keep ?? ((p: string) => SPEC_EXTENSIONS.has(extname(p)));
  const visit = (current: string, rel: string): void => {
    let real: string;
    try {
      real = realpathSync(current);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git' || entry.name === 'node_modules' || (entry.name.startsWith('.') && !options.includeHidden)) continue;
      const full = join(current, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
          const st = statSync(target);
          isDir = st.isDirectory();
          isFile = !isDir;
        } catch {
          // A dangling link or a loop the kernel reports (ELOOP).
          if (keep(relPath)) throw new SpecPathError(full, `${full}: a symbolic link that leads nowhere (missing target or a link loop). Fix or delete the link.`, 'spec-path-missing');
          continue;
        }
        if (within && !isInside(within, target)) {
          // A linked folder outside that could hold spec files is refused; any other (tooling) is skipped.
          const couldHoldSpecs = isDir && [`${relPath}/a.yaml`, `${relPath}/a.yml`, `${relPath}/a/a.yaml`, `${relPath}/a/a.yml`].some(keep);
          if (couldHoldSpecs || (!isDir && keep(relPath))) {
            throw new SpecPathError(full, `${full}: a symbolic link to ${target}, outside ${within}. Spec files and folders must be inside the workspace: copy them in instead of linking them.`, 'spec-link-outside');
          }
          continue;
        }
      }
      if (isDir) visit(full, relPath);
      else if (isFile && keep(relPath)) out.push(full);
    }
  };
  visit(dir, '');
  return out;
}

/** Spec files named directly, or found (*.yaml, *.yml) below named folders, in a stable order; each file once. */
export function findSpecFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new SpecPathError(p, `${p}: no such file or folder.`);
    }
    if (st.isDirectory()) files.push(...walkFiles(p));
    else files.push(p);
  }
  // One file reached by two names (a link and its target) is one spec file: the first name wins.
  const byReal = new Map<string, string>();
  for (const f of files) {
    let real: string;
    try {
      real = realpathSync(f);
    } catch {
      real = resolve(f);
    }
    if (!byReal.has(real)) byReal.set(real, f);
  }
  return [...byReal.values()];
}

/** Reads a spec file: a regular file of at most MAX_SPEC_FILE_BYTES, else a SpecPathError. */
export function readSpecFile(path: string, shown = path): string {
  try {
    return readRegularFile(path, MAX_SPEC_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) {
      throw new SpecPathError(path, `${shown}: ${error.code === 'missing' ? 'no such file or folder' : error.message.replace(`${path} `, '')}. A spec file must be a regular YAML file of at most ${MAX_SPEC_FILE_BYTES / (1024 * 1024)} MiB.`, error.code === 'missing' ? 'spec-path-missing' : 'spec-file-unreadable');
    }
    throw error;
  }
}

/** Reads spec files; `file` in each input is relative to `cwd` when inside it, for readable messages. */
export function loadSpecFiles(paths: readonly string[], cwd = process.cwd()): SpecInput[] {
  return findSpecFiles(paths).map((p) => {
    const rel = relative(cwd, p);
    const file = rel && !rel.startsWith('..') ? rel : p;
    return { file, text: readSpecFile(p, file) };
  });
}
