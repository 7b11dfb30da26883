// Diagnostics and apply results as Markdown tables (job summaries, pull request comments, issues).
// Every text (names, files, messages, which quote spec values and Azure's errors) is escaped.
import type { ComputeResult } from '../apply/types.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { markdownCode as code, markdownText as cell } from './markdown.ts';
import { duration } from './progress.ts';

export function diagnosticsMarkdown(diagnostics: readonly Diagnostic[], title: string): string {
  if (diagnostics.length === 0) return '';
  const icon = { error: '❌', warning: '⚠️', info: 'ℹ️' };
  return [
    `#### ${title}`,
    '',
    '| | where | rule | message |',
    '|---|---|---|---|',
    ...diagnostics.map((d) => `| ${icon[d.severity]} | ${code(`${d.file}:${d.line}:${d.column}`)} | ${cell(d.code)}${d.setting ? ` ${code(d.setting)}` : ''} | ${cell(d.message)} |`),
    '',
  ].join('\n');
}

const OUTCOME_ICON: Record<ComputeResult['outcome'], string> = { applied: '✅', unchanged: '✅', failed: '❌', refused: '⛔', interrupted: '⏸️' };

export function resultsMarkdown(results: readonly ComputeResult[]): string {
  return [
    '| compute | spec | result | duration | details |',
    '|---|---|---|---|---|',
    ...results.map((r) => {
      const changes = r.changes.filter((c) => c.action !== 'noop').map((c) => `${c.target} ${c.action}`).join(', ');
      const details = r.error ? `${cell(r.error.message)}${r.error.remedy ? `<br>**Fix:** ${cell(r.error.remedy)}` : ''}` : cell(changes || 'no changes');
      return `| ${cell(r.name)} | ${code(r.file)} | ${OUTCOME_ICON[r.outcome]} ${r.outcome} | ${duration(r.durationMs)} | ${details} |`;
    }),
    '',
  ].join('\n');
}
