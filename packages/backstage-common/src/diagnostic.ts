// A finding about a spec file as the routes answer it: the JSON shape `aml-k8s validate --format
// json` reports (the core's `Diagnostic`, which the backend type-checks against this one).

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: DiagnosticSeverity;
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
