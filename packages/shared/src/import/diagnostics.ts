// Findings of `aml-k8s import az`, located in the imported shell text.
import type { Severity } from '../diagnostics.ts';
import type { SourcePos } from './shell.ts';

export interface ImportDiagnostic {
  severity: Severity;
  code: ImportCode;
  /** What was found and what to do about it. */
  message: string;
  /** 1-based, in the input text. */
  line: number;
  /** 1-based, in the input text. */
  column: number;
  file?: string;
  /** The Azure configuration key involved, e.g. `sslCname`. */
  setting?: string;
}

export const IMPORT_CODES = {
  /** A documentation placeholder such as `<your-cluster>` was kept as written. */
  placeholder: 'AMLK-IMPORT-PLACEHOLDER',
  /** A flag `az` does not have (for this command) or that aml-k8s does not model. */
  unknownFlag: 'AMLK-IMPORT-UNKNOWN-FLAG',
  /** A flag that has no effect on the spec (e.g. `--no-wait`, `--release-namespace`). */
  ignoredFlag: 'AMLK-IMPORT-IGNORED-FLAG',
  /** A flag the command needs is missing. */
  missingFlag: 'AMLK-IMPORT-MISSING-FLAG',
  /** A flag value az would refuse or that means something else than intended. */
  badValue: 'AMLK-IMPORT-BAD-VALUE',
  /** Text pasted together with the next word, split or trimmed on import. */
  glued: 'AMLK-IMPORT-GLUED',
  /** A protected value was not copied into the spec: it becomes an environment variable. */
  secret: 'AMLK-IMPORT-SECRET',
  /** A `$VARIABLE` in the command: resolved from the text or kept as written. */
  variable: 'AMLK-IMPORT-VARIABLE',
  /** A settings file given with `--config-file` could not be read. */
  settingsFile: 'AMLK-IMPORT-SETTINGS-FILE',
  /** A setting given more than once in one map; the last value wins, as in az. */
  duplicateSetting: 'AMLK-IMPORT-DUPLICATE-SETTING',
  /** A setting that is not `key=value`. */
  badSetting: 'AMLK-IMPORT-BAD-SETTING',
  /** A setting moved between the plain and protected maps with the same effect in Azure. */
  movedSetting: 'AMLK-IMPORT-MOVED-SETTING',
  /** The same extension is created more than once in the text. */
  duplicateExtension: 'AMLK-IMPORT-DUPLICATE-EXTENSION',
  /** An update without the create it changes. */
  updateOnly: 'AMLK-IMPORT-UPDATE-ONLY',
  /** An update that az rejects or that does not do what it seems to (protected settings, node selectors). */
  updateRule: 'AMLK-IMPORT-UPDATE',
  /** A compute attach whose cluster has no extension command in the text. */
  noExtension: 'AMLK-IMPORT-NO-EXTENSION',
  /** A resource ID that does not name an AKS or Arc cluster. */
  resourceId: 'AMLK-IMPORT-RESOURCE-ID',
  /** No --subscription: az uses the signed-in default subscription. */
  defaultSubscription: 'AMLK-IMPORT-DEFAULT-SUBSCRIPTION',
  /** Instance types given to kubectl in a here-document that could not be read. */
  instanceTypes: 'AMLK-IMPORT-INSTANCE-TYPES',
  /** A quoting or continuation problem in the shell text. */
  shell: 'AMLK-IMPORT-SHELL',
  /** Nothing importable in the text. */
  nothing: 'AMLK-IMPORT-NOTHING',
} as const;

export type ImportCode = (typeof IMPORT_CODES)[keyof typeof IMPORT_CODES];

export interface DiagnosticSink {
  add(severity: Severity, code: ImportCode, at: SourcePos, message: string, setting?: string): void;
  readonly all: ImportDiagnostic[];
}

export function diagnosticSink(file: string | undefined): DiagnosticSink {
  const all: ImportDiagnostic[] = [];
  const seen = new Set<string>();
  return {
    all,
    add(severity, code, at, message, setting) {
      const key = `${code}|${at.offset}|${setting ?? ''}|${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const d: ImportDiagnostic = { severity, code, message, line: at.line, column: at.column };
      if (file !== undefined) d.file = file;
      if (setting !== undefined) d.setting = setting;
      all.push(d);
    },
  };
}
