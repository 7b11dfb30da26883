// `aml-k8s status PATH...`: the live state of each compute, with documented remedies for failures.
import { computeRefOf, explainFailure, extensionRefOf, hasErrors, loadSpecFiles, validateSpecs } from '@aml-k8s/shared';
import pLimit from 'p-limit';
import { gatewayFromEnv } from './azure.ts';
import { referencedSecrets, scrubbingIo } from './specs.ts';
import { diagnosticsText, parseFormat } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export async function statusCommand(paths: string[], options: { format?: string | undefined; armEndpoint?: string | undefined }, rawIo: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  if (paths.length === 0) throw new UsageError('status needs at least one spec file or folder.');
  const validated = validateSpecs(loadSpecFiles(paths, rawIo.cwd));
  // Azure's failure messages (Helm's) may quote a protected value: printed only through this.
  const io = scrubbingIo(rawIo, referencedSecrets(validated, rawIo));
  if (hasErrors(validated.diagnostics)) {
    io.stderr(diagnosticsText(validated.diagnostics.filter((d) => d.severity === 'error')));
    return EXIT.failed;
  }
  const { gateway } = gatewayFromEnv(io, { armEndpoint: options.armEndpoint });
  const limit = pLimit(16);
  const rows = await Promise.all(
    validated.specs.map((s) =>
      limit(async () => {
        const computeRef = computeRefOf(s.doc);
        const [ext, compute] = await Promise.all([gateway.getExtension(extensionRefOf(s.doc)), computeRef ? gateway.getCompute(computeRef) : undefined]);
        const error = ext?.errorInfo?.message ?? compute?.provisioningErrors[0];
        const remedy = explainFailure(error)?.remedy;
        return {
          name: s.doc.metadata.name,
          file: s.parsed.file,
          desired: s.doc.spec.state ?? 'present',
          extension: ext ? (ext.provisioningState ?? 'Unknown') : 'NotInstalled',
          compute: computeRef ? (compute ? (compute.provisioningState ?? 'Unknown') : 'NotAttached') : 'NoAttach',
          ...(error ? { error } : {}),
          ...(remedy ? { remedy } : {}),
        };
      }),
    ),
  );
  if (format === 'json') io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    const w = Math.max(7, ...rows.map((r) => r.name.length));
    io.stdout(`${'compute'.padEnd(w)}  ${'extension'.padEnd(12)}  compute\n`);
    for (const r of rows) io.stdout(`${r.name.padEnd(w)}  ${r.extension.padEnd(12)}  ${r.compute}${r.desired === 'absent' ? '  (state: absent)' : ''}${r.error ? `\n${' '.repeat(w + 2)}error: ${r.error}${r.remedy ? `\n${' '.repeat(w + 2)}fix: ${r.remedy}` : ''}` : ''}\n`);
  }
  // A present compute is healthy when installed and attached; an absent one when it is gone.
  const removed = (r: (typeof rows)[number], spec: (typeof validated.specs)[number]): boolean => (r.compute === 'NotAttached' || r.compute === 'NoAttach') && (!spec.doc.spec.extension || r.extension === 'NotInstalled');
  const healthy = rows.every((r, i) => (r.desired === 'absent' ? removed(r, validated.specs[i]!) : r.extension === 'Succeeded' && (r.compute === 'Succeeded' || r.compute === 'NoAttach')));
  return healthy ? EXIT.ok : EXIT.failed;
}
