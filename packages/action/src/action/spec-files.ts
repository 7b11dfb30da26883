// Which spec files the Action works on: those the `specs` globs match, and of those the ones a
// pull request touched.
import { globSync } from 'node:fs';
import { matchesGlob } from 'node:path';
import type { ChangedFile } from './github-api.ts';

const toPosix = (p: string): string => p.replaceAll('\\', '/');

/** Files under `workspace` matching the globs, as sorted workspace-relative POSIX paths. */
export function findSpecs(patterns: readonly string[], workspace: string): string[] {
  const found = globSync([...patterns], { cwd: workspace, exclude: (name) => toPosix(String(name)).split('/').includes('node_modules') });
  return [...new Set(found.map(toPosix))].sort();
}

export function isSpecPath(file: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchesGlob(file, p));
}

export interface PullRequestSpecs {
  /** Added, modified or renamed spec files that exist now. */
  changed: string[];
  /** Spec files the pull request deleted (candidates for `prune`). */
  removed: string[];
}

export function specsOfPullRequest(files: readonly ChangedFile[], patterns: readonly string[], existing: ReadonlySet<string>): PullRequestSpecs {
  const changed = files.filter((f) => f.status !== 'removed' && isSpecPath(f.filename, patterns) && existing.has(f.filename)).map((f) => f.filename);
  const removed = files
    .flatMap((f) => (f.status === 'removed' ? [f.filename] : f.status === 'renamed' && f.previousFilename ? [f.previousFilename] : []))
    .filter((f) => isSpecPath(f, patterns));
  return { changed: [...new Set(changed)].sort(), removed: [...new Set(removed)].sort() };
}
