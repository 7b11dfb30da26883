// A finding about a spec file, located at a line and column, with the fix in its message.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable rule code, e.g. `AMLK101`. */
  code: string;
  /** What is wrong and how to fix it. */
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted spec path of the field at fault, e.g. `spec.extension.inference.tls`. */
  path?: string;
  /** The Azure configuration key involved, e.g. `inferenceRouterServiceType`. */
  setting?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || order[a.severity] - order[b.severity] || a.code.localeCompare(b.code),
  );
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const setting = d.setting ? ` [${d.setting}]` : '';
  return `${where}: ${d.severity} ${d.code}${setting}: ${d.message}`;
}
