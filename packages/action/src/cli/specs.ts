// Loading and validating spec files for a command, with the secret-file checks: a file a spec
// references outside the allowed folders (or not a regular file, or too large) is an error at
// its line, and validation's PEM checks read only what resolution would.
import { checkSecretFiles, loadSpecFiles, redact, resolveSecretRef, secretFileReader, sortDiagnostics, validateSpecs } from '@aml-k8s/shared/core';
import { dirname, resolve } from 'node:path';
import type { SpecInput, ValidationResult } from '@aml-k8s/shared/core';
import type { CliIo } from './io.ts';

export function loadAndValidate(paths: readonly string[], io: Pick<CliIo, 'cwd' | 'env'>, extra: { instanceTypeManifests?: boolean } = {}): { inputs: SpecInput[]; validated: ValidationResult } {
  const inputs = loadSpecFiles(paths, io.cwd);
  const validated = validateWithSecretFiles(inputs, io, extra);
  return { inputs, validated };
}

export function validateWithSecretFiles(inputs: readonly SpecInput[], io: Pick<CliIo, 'cwd' | 'env'>, read: { instanceTypeManifests?: boolean } = {}): ValidationResult {
  const options = { cwd: io.cwd, env: io.env };
  const validated = validateSpecs(inputs, { readFile: secretFileReader(inputs.map((i) => i.file), options), ...(read.instanceTypeManifests ? { instanceTypeManifests: true } : {}) });
  const extra = checkSecretFiles(validated.specs, options);
  if (extra.length === 0) return validated;
  return { ...validated, diagnostics: sortDiagnostics([...validated.diagnostics, ...extra]) };
}

/**
 * The secret values the specs reference (files and variables that resolve; the rest are skipped),
 * to scrub from everything a command prints: Azure's messages are not ours and may quote them.
 */
export function referencedSecrets(validated: ValidationResult, io: Pick<CliIo, 'cwd' | 'env'>): string[] {
  const out = new Set<string>();
  for (const spec of validated.specs) {
    const baseDir = dirname(resolve(io.cwd, spec.parsed.file));
    for (const ref of Object.values(spec.settings.protected)) {
      try {
        const value = resolveSecretRef(ref, { baseDir, env: io.env });
        out.add(value.reveal());
        out.add(value.reveal().replace(/\r?\n$/, ''));
      } catch {
        // Not readable here: resolution reports it where it matters.
      }
    }
  }
  return [...out];
}

/** `io` whose stdout and stderr scrub the secrets (with redact's forms: base64, lines, JSON escapes). */
export function scrubbingIo<T extends Pick<CliIo, 'stdout' | 'stderr'>>(io: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return io;
  return { ...io, stdout: (t: string) => io.stdout(redact(t, secrets)), stderr: (t: string) => io.stderr(redact(t, secrets)) };
}
