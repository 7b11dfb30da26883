// Shared output helpers for CLI commands.
import { formatDiagnostic } from '@aml-k8s/shared/core';
import type { Diagnostic } from '@aml-k8s/shared/core';
import { UsageError } from './io.ts';

export type Format = 'text' | 'json' | 'markdown';

export function parseFormat(value: string | undefined, allowed: readonly Format[] = ['text', 'json']): Format {
  const f = (value ?? 'text') as Format;
  if (!allowed.includes(f)) throw new UsageError(`--format must be ${allowed.join(', ')}; got "${value}".`);
  return f;
}

export function summarize(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    infos: diagnostics.filter((d) => d.severity === 'info').length,
  };
}

export function diagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The JSON error object `--format json` prints when a command fails before its normal output. */
export function jsonError(command: string, code: string, message: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ error: { command, code, message, exitCode: 1 }, ...extra }, null, 2)}\n`;
}
