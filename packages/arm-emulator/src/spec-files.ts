// Fixtures from aml-k8s spec files on disk (`--seed PATH`): every *.yaml / *.yml below a folder,
// or a file named directly, parsed as YAML and handed to fixturesFromSpecs. Deliberately small and
// local (the same walk as aml-k8s's own spec loading: sorted, hidden entries and node_modules
// skipped, symbolic links followed with loop detection), so the emulator does not depend on the
// product's packages.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fixturesFromSpecs } from './seed-from-specs.ts';
import type { Fixtures } from './types.ts';

const SPEC_EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Appends the spec files below `dir` to `out`. Links are followed to what they point at; a folder
 * already visited (by its real path) is not entered again, which ends link loops.
 */
function walk(dir: string, out: string[], visited: Set<string>): void {
  const real = realpathSync(dir);
  if (visited.has(real)) return;
  visited.add(real);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    const isSpecName = SPEC_EXTENSIONS.has(extname(entry.name));
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        // Missing target, or a loop of links the kernel gives up on (ELOOP).
        if (isSpecName) throw new Error(`--seed: ${full} is a symbolic link that leads nowhere (missing target or a link loop); fix or delete it`);
        continue;
      }
    }
    if (isDirectory) walk(full, out, visited);
    else if (isFile && isSpecName) out.push(full);
  }
}

/** Spec files named directly, or found (*.yaml, *.yml) below named folders, in a stable order. */
export function findSpecFiles(paths: readonly string[], cwd = process.cwd()): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  for (const p of paths) {
    const full = resolve(cwd, p);
    let target;
    try {
      target = statSync(full);
    } catch {
      throw new Error(`--seed ${p}: no such file or folder`);
    }
    if (target.isDirectory()) walk(full, files, visited);
    else if (target.isFile()) files.push(full);
    else throw new Error(`--seed ${p}: not a regular file or folder (a FIFO, device or socket)`);
  }
  // A file reached through several links is read once.
  const seen = new Set<string>();
  return files.filter((f) => {
    const real = realpathSync(f);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/** The clusters, workspaces and identities the spec documents in `paths` reference. */
export function fixturesFromSpecFiles(paths: readonly string[], cwd = process.cwd()): Fixtures {
  const docs = findSpecFiles(paths, cwd).flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown));
  return fixturesFromSpecs(docs);
}
