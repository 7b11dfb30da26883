// The computes a set of spec files declares: well-formed, present specs only, one per name.
import { checkStructure, formatDiagnostic, parseSpecText, SPEC_API_VERSION, SPEC_KIND } from '@aml-k8s/shared/core';
import type { ComputeSpecEntry } from './entry.ts';
import type { LocatedSpecText } from './source.ts';

export interface Inventory<T = ComputeSpecEntry> {
  entries: T[];
  /** Specs left out, and why (malformed, duplicate names). */
  problems: { location: string; message: string }[];
}

function isComputeSpec(doc: unknown): boolean {
  const d = doc as { apiVersion?: unknown; kind?: unknown } | null;
  return !!d && typeof d === 'object' && d.apiVersion === SPEC_API_VERSION && d.kind === SPEC_KIND;
}

/**
 * The computes `files` declare. With `keep`, each entry is turned into what the caller keeps as soon
 * as its file is parsed, so that thousands of parsed documents never live at once.
 */
export function inventoryOf<T>(files: readonly LocatedSpecText[], keep: (entry: ComputeSpecEntry) => T): Inventory<T>;
export function inventoryOf(files: readonly LocatedSpecText[]): Inventory;
export function inventoryOf<T>(files: readonly LocatedSpecText[], keep?: (entry: ComputeSpecEntry) => T): Inventory<T | ComputeSpecEntry> {
  const entries: Array<T | ComputeSpecEntry> = [];
  const problems: Inventory['problems'] = [];
  const byName = new Map<string, string>();
  for (const file of files) {
    const parsed = parseSpecText(file.text, file.location);
    const syntax = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (syntax.length > 0) {
      problems.push({ location: file.location, message: syntax.map(formatDiagnostic).join('; ') });
      continue;
    }
    for (const spec of parsed.specs) {
      // Other YAML (catalog files, templates) may share the folder: only spec documents count.
      if (!isComputeSpec(spec.doc)) continue;
      const structural = checkStructure(spec).filter((d) => d.severity === 'error');
      if (structural.length > 0) {
        problems.push({ location: file.location, message: structural.map(formatDiagnostic).join('; ') });
        continue;
      }
      const doc = spec.doc;
      if (doc.spec.state === 'absent') continue;
      const name = doc.metadata.name;
      const first = byName.get(name.toLowerCase());
      if (first !== undefined) {
        problems.push({ location: file.location, message: `compute "${name}" is already declared in ${first}; this one is ignored` });
        continue;
      }
      byName.set(name.toLowerCase(), file.location);
      const entry: ComputeSpecEntry = { name, doc, location: file.location, locationType: file.locationType };
      entries.push(keep ? keep(entry) : entry);
    }
  }
  return { entries, problems };
}
