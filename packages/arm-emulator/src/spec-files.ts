// Fixtures from aml-k8s spec files on disk (`--seed PATH`): every *.yaml / *.yml below a folder,
// or a file named directly, parsed as YAML and handed to fixturesFromSpecs. Deliberately small and
// local (the same walk as aml-k8s's own spec loading: sorted, hidden entries and node_modules
// skipped), so the emulator does not depend on the product's packages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fixturesFromSpecs } from './seed-from-specs.ts';
import type { Fixtures } from './types.ts';

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
export function findSpecFiles(paths: readonly string[], cwd = process.cwd()): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const full = resolve(cwd, p);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(full).isDirectory();
    } catch {
      throw new Error(`--seed ${p}: no such file or folder`);
    }
    if (isDirectory) walk(full, files);
    else files.push(full);
  }
  return [...new Set(files)];
}

/** The clusters, workspaces and identities the spec documents in `paths` reference. */
export function fixturesFromSpecFiles(paths: readonly string[], cwd = process.cwd()): Fixtures {
  const docs = findSpecFiles(paths, cwd).flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown));
  return fixturesFromSpecs(docs);
}
