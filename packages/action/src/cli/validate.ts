// `aml-k8s validate PATH...`
import { hasErrors } from '@aml-k8s/shared/core';
import { loadAndValidate } from './specs.ts';
import { diagnosticsText, parseFormat, plural, summarize } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export async function validateCommand(paths: string[], options: { format?: string }, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  if (paths.length === 0) throw new UsageError('validate needs at least one spec file or folder.');
  const { inputs, validated: result } = loadAndValidate(paths, io, { instanceTypeManifests: true });
  const instanceTypes = (result.manifests ?? []).reduce((n, m) => n + m.instanceTypes.length, 0);
  const counts = summarize(result.diagnostics);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ files: inputs.map((i) => i.file), computes: result.specs.length, instanceTypes, diagnostics: result.diagnostics, summary: counts }, null, 2)}\n`);
  } else {
    io.stdout(diagnosticsText(result.diagnostics));
    const tail = inputs.length === 0 ? 'no spec files found' : `${plural(inputs.length, 'file')}, ${plural(result.specs.length, 'compute')}${instanceTypes > 0 ? `, ${plural(instanceTypes, 'instance type')}` : ''}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
    io.stdout(`${hasErrors(result.diagnostics) ? '✗' : '✓'} ${tail}\n`);
  }
  if (inputs.length === 0) return EXIT.failed;
  return hasErrors(result.diagnostics) ? EXIT.failed : EXIT.ok;
}
