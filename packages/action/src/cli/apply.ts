// `aml-k8s apply PATH...`: plan, then make Azure match, with live progress.
import { applySpecs, ApplyRefused, loadSpecFiles, renderPlanText } from '@aml-k8s/shared';
import type { ComputeResult } from '@aml-k8s/shared';
import { gatewayFromEnv, parseConcurrency } from './azure.ts';
import { diagnosticsText, parseFormat } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';
import { duration, progressPrinter } from './progress.ts';

export interface ApplyCommandOptions {
  format?: string | undefined;
  allowDisruptive: boolean;
  concurrency?: string | undefined;
  armEndpoint?: string | undefined;
}

export async function applyCommand(paths: string[], options: ApplyCommandOptions, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  if (paths.length === 0) throw new UsageError('apply needs at least one spec file or folder.');
  let concurrency: number;
  try {
    concurrency = parseConcurrency(options.concurrency, 64);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const inputs = loadSpecFiles(paths, io.cwd);
  const { gateway, describe, pollIntervalMs } = gatewayFromEnv(io, { armEndpoint: options.armEndpoint });
  io.stderr(`aml-k8s apply: ${inputs.length} spec file(s) against ${describe}\n`);
  const print = progressPrinter((line) => io.stderr(`${line}\n`));
  let outcome;
  try {
    outcome = await applySpecs(inputs, gateway, {
      resolveSecrets: true,
      env: io.env,
      cwd: io.cwd,
      allowDisruptive: options.allowDisruptive,
      concurrency,
      pollIntervalMs,
      ...(io.signal ? { signal: io.signal } : {}),
      onEvent: print,
    });
  } catch (err) {
    if (err instanceof ApplyRefused) {
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

function resultsTable(results: ComputeResult[]): string {
  const width = Math.max(7, ...results.map((r) => r.name.length));
  const lines = results.map((r) => `${r.name.padEnd(width)}  ${r.outcome.padEnd(11)}  ${duration(r.durationMs).padStart(6)}${r.error ? `  ${r.error.code ? `${r.error.code}: ` : ''}${r.error.message}${r.error.remedy ? ` → ${r.error.remedy}` : ''}` : ''}`);
  const failed = results.filter((r) => r.outcome !== 'applied' && r.outcome !== 'unchanged').length;
  return [`${'compute'.padEnd(width)}  ${'result'.padEnd(11)}  ${'time'.padStart(6)}`, ...lines, '', failed ? `✗ ${failed} of ${results.length} compute(s) did not converge; run apply again after fixing the cause.` : `✓ ${results.length} compute(s) converged.`, ''].join('\n');
}
