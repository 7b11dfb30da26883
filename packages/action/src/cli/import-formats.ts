// `aml-k8s import terraform|arm|bicep|azml|manifests FILE...`, or `aml-k8s import FILE...` with the
// format found from each file: Terraform, ARM/REST JSON, Bicep, az ml compute YAML and InstanceType
// manifests in, spec YAML out (even with errors, so it can be fixed), judged as `import az` judges.
import { FileReadError, fileDeployment, fileFormat, hasErrors, importedYaml, importFound, isResourceGroupName, isSubscriptionId, mentionsInstanceTypes, readFormat, readInstanceTypeManifests, readRegularFile, validateImported } from '@aml-k8s/shared/core';
import type { DeploymentScope, Diagnostic, FoundResource, InstanceTypeSpec, SourceFormat } from '@aml-k8s/shared/core';
import { resolve } from 'node:path';
import { diagnosticsText, parseFormat, plural, summarize } from './format.ts';
import { IMPORTED_FILE } from './import.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export const IMPORT_FORMS = ['terraform', 'arm', 'bicep', 'azml', 'manifests'] as const;
type Form = (typeof IMPORT_FORMS)[number];

/** Configuration files are small; larger input is refused. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

function readInput(source: string, io: CliIo): string {
  try {
    return readRegularFile(resolve(io.cwd, source), MAX_IMPORT_BYTES);
  } catch (error) {
    throw new UsageError(`cannot read ${source}${error instanceof FileReadError && error.code !== 'missing' ? `: ${error.message.replace(`${error.path} `, '')}` : ''}.`);
  }
}

/** The form of a file from its extension and content; undefined when no importer wants it. */
function detectForm(file: string, text: string): Form | undefined {
  const format = fileFormat(file, text);
  if (format === 'spec') return mentionsInstanceTypes(text) ? 'manifests' : undefined;
  return format;
}

export interface ImportFormatsOptions {
  format?: string;
  /** Where the files are deployed (`az deployment group create --subscription --resource-group`): wins over what their comments say. */
  subscription?: string;
  resourceGroup?: string;
}

/** `--subscription ID --resource-group NAME`, checked as Azure checks them. */
export function parseDeploymentScope(options: { subscription?: string; resourceGroup?: string }): DeploymentScope {
  const { subscription, resourceGroup } = options;
  if (subscription !== undefined && !isSubscriptionId(subscription)) throw new UsageError(`--subscription takes a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000), not "${subscription}".`);
  if (resourceGroup !== undefined && !isResourceGroupName(resourceGroup)) throw new UsageError(`--resource-group takes a resource group name (1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending in "."), not "${resourceGroup}".`);
  return { ...(subscription !== undefined ? { subscriptionId: subscription } : {}), ...(resourceGroup !== undefined ? { resourceGroup } : {}) };
}

export async function importFormatsCommand(args: string[], options: ImportFormatsOptions, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  const given = parseDeploymentScope(options);
  const scopes = new Map<string, DeploymentScope | undefined>();
  const named = (IMPORT_FORMS as readonly string[]).includes(args[0] ?? '') ? (args[0] as Form) : undefined;
  const files = named ? args.slice(1) : args;
  if (files.length === 0) throw new UsageError(`import takes az, ${IMPORT_FORMS.join(', ')} or nothing (the format is then found from each file), and the files to import.`);
  const resources: FoundResource[] = [];
  const instanceTypes: { file: string; types: Record<string, InstanceTypeSpec> }[] = [];
  const readerDiagnostics: Diagnostic[] = [];
  const forms = new Set<Form>();
  if (!named && files.includes('-')) throw new UsageError('standard input (-) needs its format named: aml-k8s import terraform|arm|bicep|azml|manifests -.');
  for (const source of files) {
    const file = source === '-' ? '(stdin)' : source;
    const text = source === '-' ? await io.readStdin() : readInput(source, io);
    const form = named ?? detectForm(file, text);
    if (!form) throw new UsageError(`cannot tell what ${file} is: name its format (aml-k8s import ${IMPORT_FORMS.join('|')} FILE). A spec file needs no import.`);
    forms.add(form);
    if (form === 'manifests') {
      const read = readInstanceTypeManifests(file, text);
      instanceTypes.push({ file, types: read.types });
      readerDiagnostics.push(...read.diagnostics);
    } else {
      // Templates are deployed to a resource group they do not name: their comment's az command, or the options, say it.
      const deployment = form === 'bicep' || form === 'arm' ? fileDeployment(file, text, given) : { scope: Object.keys(given).length > 0 ? given : undefined, diagnostics: [] };
      scopes.set(file, deployment.scope);
      readerDiagnostics.push(...deployment.diagnostics);
      const read = await readFormat(form as SourceFormat, file, text);
      resources.push(...read.resources);
      readerDiagnostics.push(...read.diagnostics);
    }
  }
  const imported = importFound({ resources, instanceTypes }, { deployment: (r) => scopes.get(r.file) });
  const yaml = importedYaml(imported.documents, files.map((f) => (f === '-' ? 'standard input' : f)).join(', '), [...forms].join(' + '));
  const importDiagnostics = [...readerDiagnostics, ...imported.diagnostics];
  // Settings kept as placeholders for expressions are judged as unknown, as unassigned variables are in `import az`.
  const variableSettings = imported.documents.map((d) => Object.entries(d.spec.extension?.settings ?? {}).flatMap(([k, v]) => (typeof v === 'string' && /^<[^<>]*>$/.test(v) ? [k] : [])));
  const validation = validateImported({ documents: imported.documents, diagnostics: [], sourceLines: [], updates: imported.documents.map(() => undefined), variableSettings, yaml }, IMPORTED_FILE);
  const all = [...importDiagnostics, ...validation];
  const failed = hasErrors(all) || imported.documents.length === 0;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ yaml, documents: imported.documents.length, diagnostics: importDiagnostics, validation, summary: summarize(all) }, null, 2)}\n`);
  } else {
    io.stdout(yaml);
    io.stderr(diagnosticsText(importDiagnostics));
    io.stderr(diagnosticsText(validation));
    const counts = summarize(all);
    io.stderr(imported.documents.length === 0 ? 'nothing imported: no AzureML extension, Kubernetes compute or InstanceType found\n' : `${failed ? '✗' : '✓'} imported ${plural(imported.documents.length, 'compute')}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}\n`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}
