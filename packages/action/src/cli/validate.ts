// `aml-k8s validate PATH...`: specs and InstanceType manifests, and Terraform, ARM/REST JSON, Bicep
// and az ml compute YAML files read in place (docs/cli.md, "Formats").
import { hasErrors, loadConfigFiles, loadSpecFiles, partitionInputs, sortDiagnostics, specPaths, validateConfigFiles } from '@aml-k8s/shared/core';
import { validateWithSecretFiles } from './specs.ts';
import { diagnosticsText, parseFormat, plural, summarize } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export async function validateCommand(paths: string[], options: { format?: string }, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  if (paths.length === 0) throw new UsageError('validate needs at least one spec file or folder.');
  const yamlPaths = specPaths(paths);
  const { specInputs, configInputs } = partitionInputs([...(yamlPaths.length > 0 ? loadSpecFiles(yamlPaths, io.cwd) : []), ...loadConfigFiles(paths, io.cwd)]);
  const result = validateWithSecretFiles(specInputs, io, { instanceTypeManifests: true });
  const found = await validateConfigFiles(configInputs);
  const diagnostics = sortDiagnostics([...result.diagnostics, ...found.diagnostics]);
  const files = [...specInputs, ...configInputs].map((i) => i.file);
  const instanceTypes = (result.manifests ?? []).reduce((n, m) => n + m.instanceTypes.length, 0);
  const counts = summarize(diagnostics);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ files, computes: result.specs.length, instanceTypes, resources: found.resources.length, diagnostics, summary: counts }, null, 2)}\n`);
  } else {
    io.stdout(diagnosticsText(diagnostics));
    const read = [plural(files.length, 'file'), plural(result.specs.length, 'compute'), ...(instanceTypes > 0 ? [plural(instanceTypes, 'instance type')] : []), ...(found.resources.length > 0 ? [plural(found.resources.length, 'resource')] : [])];
    const tail = files.length === 0 ? 'no spec files found' : `${read.join(', ')}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
    io.stdout(`${hasErrors(diagnostics) ? '✗' : '✓'} ${tail}\n`);
  }
  if (files.length === 0) return EXIT.failed;
  return hasErrors(diagnostics) ? EXIT.failed : EXIT.ok;
}
