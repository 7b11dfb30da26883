// `aml-k8s import az FILE|-`: az command lines in, spec YAML out (even with errors, so it can be fixed).
import { FileReadError, hasErrors, importAzToYaml, readRegularFile, validateImported } from '@aml-k8s/shared/core';
import type { Diagnostic } from '@aml-k8s/shared/core';
import { resolve } from 'node:path';
import { diagnosticsText, parseFormat, plural, summarize } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export const IMPORTED_FILE = '(imported spec)';

/** Scripts and docs with az commands are a few KiB; larger input is refused. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

export async function importCommand(args: string[], options: { format?: string; subscription?: string; resourceGroup?: string }, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  const [kind, source, ...extra] = args;
  if (kind !== 'az') return (await import('./import-formats.ts')).importFormatsCommand(args, options, io);
  if (options.subscription !== undefined || options.resourceGroup !== undefined) throw new UsageError('--subscription and --resource-group are for import arm, bicep and azml: az commands name their own.');
  if (!source || extra.length > 0) throw new UsageError('import takes `az` and one FILE (or - for standard input).');
  let text: string;
  const file = source === '-' ? '(stdin)' : source;
  if (source === '-') text = await io.readStdin();
  else {
    try {
      // A regular file of bounded size: a FIFO or /dev/zero would hang or exhaust memory.
      text = readRegularFile(resolve(io.cwd, source), MAX_IMPORT_BYTES);
    } catch (error) {
      throw new UsageError(`cannot read ${source}${error instanceof FileReadError && error.code !== 'missing' ? `: ${error.message.replace(`${error.path} `, '')}` : ''}.`);
    }
  }
  // `file` is relative to io.cwd: settings files named in the commands are read relative to the input file's folder.
  const imported = importAzToYaml(text, { file, cwd: io.cwd });
  const importDiagnostics: Diagnostic[] = imported.diagnostics.map((d) => ({ ...d, file: d.file ?? file }));
  // Placeholders and unassigned variables count as filled in; documents made only of updates are judged as updates.
  const validation = validateImported(imported, IMPORTED_FILE);
  const all = [...importDiagnostics, ...validation];
  const failed = hasErrors(all) || imported.documents.length === 0;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ yaml: imported.yaml, documents: imported.documents.length, diagnostics: importDiagnostics, validation, summary: summarize(all) }, null, 2)}\n`);
  } else {
    io.stdout(imported.yaml);
    io.stderr(diagnosticsText(importDiagnostics));
    io.stderr(diagnosticsText(validation));
    const counts = summarize(all);
    io.stderr(imported.documents.length === 0 ? 'no `az k8s-extension create|update` (AzureML) or `az ml compute attach --type Kubernetes` command found\n' : `${failed ? '✗' : '✓'} imported ${plural(imported.documents.length, 'compute')}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}\n`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}
