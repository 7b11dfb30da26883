// `aml-k8s apply PATH...`: plan, then make Azure match, with live progress.
import { applySpecs, ApplyRefused, desire, hasErrors, renderManifests, renderPlanText } from '@aml-k8s/shared';
import { loadAndValidate, referencedSecrets, scrubbingIo } from './specs.ts';
import type { ComputeResult, ValidationResult } from '@aml-k8s/shared';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { kubernetesFromOptions } from './cluster-api.ts';
import { gatewayFromEnv, parseConcurrency } from './azure.ts';
import { diagnosticsText, jsonError, parseFormat } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';
import { duration, progressPrinter } from '@aml-k8s/shared/core';

export interface ApplyCommandOptions {
  format?: string | undefined;
  allowDisruptive: boolean;
  concurrency?: string | undefined;
  armEndpoint?: string | undefined;
  prune?: boolean;
  forceDelete?: boolean;
  createRoleAssignments?: boolean;
  kubeconfig?: string | undefined;
  kubeContext?: string | undefined;
  /** Folder to write each compute's Kubernetes manifests to. */
  manifestsOut?: string | undefined;
}

export async function applyCommand(paths: string[], options: ApplyCommandOptions, rawIo: CliIo): Promise<number> {
  let io = rawIo;
  const format = parseFormat(options.format);
  if (paths.length === 0) throw new UsageError('apply needs at least one spec file or folder.');
  const concurrency = parseConcurrency(options.concurrency, 64);
  const kubernetes = await kubernetesFromOptions(options, io.cwd);
  const { inputs, validated } = loadAndValidate(paths, io);
  // What Azure says is printed only through this: it may quote protected values.
  io = scrubbingIo(io, referencedSecrets(validated, io));
  const { gateway, describe, pollIntervalMs } = gatewayFromEnv(io, { armEndpoint: options.armEndpoint });
  io.stderr(`aml-k8s apply: ${inputs.length} spec file(s) against ${describe}\n`);
  if (options.manifestsOut) {
    const written = writeManifests(validated, resolve(io.cwd, options.manifestsOut), io);
    io.stderr(`wrote ${written.length} manifest file(s) to ${options.manifestsOut}${written.length ? ` (${written.join(', ')})` : ''}\n`);
  }
  const print = progressPrinter((line, compute) => io.stderr(`[${compute}] ${line}\n`));
  let outcome;
  try {
    outcome = await applySpecs(validated, gateway, {
      resolveSecrets: true,
      env: io.env,
      cwd: io.cwd,
      allowDisruptive: options.allowDisruptive,
      concurrency,
      pollIntervalMs,
      ...(options.prune ? { prune: true } : {}),
      ...(options.forceDelete ? { forceDelete: true } : {}),
      ...(options.createRoleAssignments ? { createRoleAssignments: true } : {}),
      ...(kubernetes ? { kubernetes } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onEvent: print,
    });
  } catch (err) {
    if (err instanceof ApplyRefused) {
      if (format === 'json') io.stdout(jsonError('apply', err.code, err.message, { diagnostics: err.diagnostics }));
      io.stderr(diagnosticsText(err.diagnostics.filter((d) => d.severity === 'error')));
      io.stderr(`✗ ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
  const { plan, results } = outcome;
  if (format === 'json') io.stdout(`${JSON.stringify({ plan, results }, null, 2)}\n`);
  else {
    io.stdout(renderPlanText(plan));
    io.stdout(resultsTable(results));
  }
  return results.every((r) => r.outcome === 'applied' || r.outcome === 'unchanged') ? EXIT.ok : EXIT.failed;
}

/**
 * Each present compute's Kubernetes objects as YAML for kubectl (the CI artifact when apply has no
 * kubeconfig). Written before any change, so they exist whatever apply does; none when the specs
 * are invalid (apply then reports them).
 */
function writeManifests(validated: ValidationResult, dir: string, io: CliIo): string[] {
  if (hasErrors(validated.diagnostics)) return [];
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const spec of validated.specs) {
    if (spec.doc.spec.state === 'absent') continue;
    const state = desire(spec.doc, { specDir: dirname(resolve(io.cwd, spec.parsed.file)), env: io.env, settings: spec.settings });
    if (!state.manifests.some((m) => m.form === 'object')) continue;
    const base = manifestFileBase(String(spec.doc.metadata.name));
    let name = `${base}.yaml`;
    for (let i = 2; written.includes(name); i++) name = `${base}-${i}.yaml`;
    const path = resolve(dir, name);
    // Belt and braces: the sanitized name has no separator, but never write outside the folder.
    if (dirname(path) !== resolve(dir)) throw new UsageError(`refusing to write manifests for "${spec.doc.metadata.name}" outside ${dir}.`);
    writeFileSync(path, renderManifests(state));
    written.push(name);
  }
  return written;
}

/** A file name from a compute name: letters, digits, `.`, `_` and `-` only (no `/`, `\\`, `..` or leading dot). */
export function manifestFileBase(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '-').replace(/^[.-]+/, '');
  return safe === '' ? 'compute' : safe.slice(0, 200);
}

function resultsTable(results: ComputeResult[]): string {
  const width = Math.max(7, ...results.map((r) => r.name.length));
  const lines = results.map((r) => `${r.name.padEnd(width)}  ${r.outcome.padEnd(11)}  ${duration(r.durationMs).padStart(6)}${r.error ? `  ${r.error.code ? `${r.error.code}: ` : ''}${r.error.message}${r.error.remedy ? ` → ${r.error.remedy}` : ''}` : ''}`);
  const failed = results.filter((r) => r.outcome !== 'applied' && r.outcome !== 'unchanged').length;
  return [`${'compute'.padEnd(width)}  ${'result'.padEnd(11)}  ${'time'.padStart(6)}`, ...lines, '', failed ? `✗ ${failed} of ${results.length} compute(s) did not converge; run apply again after fixing the cause.` : `✓ ${results.length} compute(s) converged.`, ''].join('\n');
}
