// Diagnostics as annotations on the spec files' lines. GitHub shows at most 10 error and 10
// warning annotations per step; the rest is listed in the job summary instead. One error
// annotation is kept free for the run's failure headline, so GitHub never hides it.
import { error as annotateError, notice, warning } from '@actions/core';
import type { Diagnostic } from '@aml-k8s/shared/core';

export const ANNOTATIONS_PER_SEVERITY = 10;
const LIMIT = { error: ANNOTATIONS_PER_SEVERITY - 1, warning: ANNOTATIONS_PER_SEVERITY, info: ANNOTATIONS_PER_SEVERITY };

export interface AnnotationResult {
  annotated: Diagnostic[];
  /** Diagnostics over the per-step limit, for the summary. */
  overflow: Diagnostic[];
}

/** Errors first, and within a severity those in the files the pull request changed. */
export function annotate(diagnostics: readonly Diagnostic[], changedFiles: ReadonlySet<string> = new Set()): AnnotationResult {
  const rank = (d: Diagnostic): number => (changedFiles.has(d.file) ? 0 : 1);
  const ordered = [...diagnostics].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line);
  const used = { error: 0, warning: 0, info: 0 };
  const annotated: Diagnostic[] = [];
  const overflow: Diagnostic[] = [];
  for (const d of ordered) {
    if (used[d.severity] >= LIMIT[d.severity]) {
      overflow.push(d);
      continue;
    }
    used[d.severity]++;
    annotated.push(d);
    const props = { title: `${d.code}${d.setting ? ` (${d.setting})` : ''}`, file: d.file, startLine: d.line, startColumn: d.column };
    if (d.severity === 'error') annotateError(d.message, props);
    else if (d.severity === 'warning') warning(d.message, props);
    else notice(d.message, props);
  }
  return { annotated, overflow };
}
