// Which spec files the Action works on: those the `specs` globs match, and of those the ones a
// pull request touched.
import { walkFiles } from '@aml-k8s/shared/core';
import { matchesGlob, relative } from 'node:path';
import type { ChangedFile } from './github-api.ts';

const toPosix = (p: string): string => p.replaceAll('\\', '/');

/**
 * Files under `workspace` matching the globs, as sorted workspace-relative POSIX paths. Symbolic
 * links are followed as the CLI follows them (model/load.ts `walkFiles`: loop detection, each folder
 * once), so a linked spec is declared like any other and prune never takes it for removed; a link
 * leading outside the workspace is an error (its target is not part of what was reviewed).
 */
export function findSpecs(patterns: readonly string[], workspace: string): string[] {
  const globs = patterns.map((p) => toPosix(p).replace(/^(\.\/)+/, ''));
  const keep = (rel: string): boolean => globs.some((p) => matchesGlob(rel, p));
  const found = walkFiles(workspace, { within: workspace, keep, includeHidden: true });
  return [...new Set(found.map((f) => toPosix(relative(workspace, f))))].sort();
}

/**
 * The folders the globs point at: each glob's leading path before its first wildcard segment
 * (`computes/**\/*.yaml` → `computes`, `*.yaml` → `.`), or a plain path itself. The Action looks there
 * for Terraform, ARM JSON and Bicep files to validate, which globs for YAML specs never match.
 */
export function globFolders(patterns: readonly string[]): string[] {
  const folders = patterns.map((p) => {
    const segments = toPosix(p).replace(/^(\.\/)+/, '').split('/');
    const wild = segments.findIndex((s) => /[*?[\]{}]/.test(s));
    return (wild === -1 ? segments : segments.slice(0, wild)).join('/') || '.';
  });
  return [...new Set(folders)].sort();
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
