// Findings of an import from Terraform, ARM, Bicep, az ml YAML or manifests, located in the source
// file at the place the resource's reader recorded for each body path.
import type { Diagnostic, Severity } from '../../diagnostics.ts';
import type { FoundResource, ResourcePath } from '../found-resource.ts';

export const FOUND_IMPORT_CODES = {
  /** A value only known at deployment (variable, parameter, function call), kept as a placeholder. */
  expression: 'AMLK-IMPORT-EXPRESSION',
  /** Something the source sets that a spec cannot say; it is not in the imported spec. */
  unsupported: 'AMLK-IMPORT-UNSUPPORTED',
  /** A setting aml-k8s derives itself, left out of the spec because it matches what it derives. */
  derived: 'AMLK-IMPORT-DERIVED',
  /** Where a resource is deployed is not in the file (Bicep and ARM templates): placeholders. */
  deployment: 'AMLK-IMPORT-DEPLOYMENT-SCOPE',
  /** A compute whose cluster has no extension in the input, or several candidates. */
  noExtension: 'AMLK-IMPORT-NO-EXTENSION',
  /** A protected value: never copied, read from an environment variable. */
  secret: 'AMLK-IMPORT-SECRET',
  /** An InstanceType manifest that could not be read. */
  instanceTypes: 'AMLK-IMPORT-INSTANCE-TYPES',
  /** Nothing importable in the input. */
  nothing: 'AMLK-IMPORT-NOTHING',
} as const;

export type FoundImportCode = (typeof FOUND_IMPORT_CODES)[keyof typeof FOUND_IMPORT_CODES];

export interface FoundSink {
  /** A finding at a body path of a resource (its nearest recorded ancestor, else its declaration). */
  at(r: FoundResource, path: ResourcePath, severity: Severity, code: FoundImportCode, message: string, setting?: string): void;
  /** A finding at a known place of a file. */
  add(d: Diagnostic): void;
  readonly all: Diagnostic[];
}

export function foundSink(): FoundSink {
  const all: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (d: Diagnostic): void => {
    const key = `${d.file}|${d.line}|${d.column}|${d.code}|${d.setting ?? ''}|${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    all.push(d);
  };
  return {
    all,
    add,
    at(r, path, severity, code, message, setting) {
      const { line, column } = r.position(path);
      add({ severity, code, message, file: r.file, line, column, ...(setting !== undefined ? { setting } : {}) });
    },
  };
}
