// Markdown for the job summary, the PR comment and drift issues.
import type { ComputeResult, Diagnostic } from '@aml-k8s/shared';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function diagnosticsMarkdown(diagnostics: readonly Diagnostic[], title: string): string {
  if (diagnostics.length === 0) return '';
  const icon = { error: '❌', warning: '⚠️', info: 'ℹ️' };
  return [
    `#### ${title}`,
    '',
    '| | where | rule | message |',
    '|---|---|---|---|',
    ...diagnostics.map((d) => `| ${icon[d.severity]} | \`${cell(d.file)}:${d.line}:${d.column}\` | ${d.code}${d.setting ? ` \`${cell(d.setting)}\`` : ''} | ${cell(d.message)} |`),
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
      return `| ${cell(r.name)} | \`${cell(r.file)}\` | ${OUTCOME_ICON[r.outcome]} ${r.outcome} | ${duration(r.durationMs)} | ${details} |`;
    }),
    '',
  ].join('\n');
}
