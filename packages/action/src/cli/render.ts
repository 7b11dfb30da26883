// `aml-k8s render PATH... --as arm|az|manifests|terraform|terraform-azurerm|bicep`: the desired
// state of each valid spec. Terraform and Bicep are written from the same ARM requests as `--as arm`.
import { armRequests, bicepFiles, desire, hasErrors, renderArm, renderAzCommands, renderBicep, renderManifests, renderTerraform, SecretResolutionError } from '@aml-k8s/shared/core';
import { loadAndValidate } from './specs.ts';
import type { DesiredState } from '@aml-k8s/shared/core';
import { dirname, resolve } from 'node:path';
import { diagnosticsText, jsonError, parseFormat } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

const AS = ['arm', 'az', 'manifests', 'terraform', 'terraform-azurerm', 'bicep'] as const;
type As = (typeof AS)[number];

/** Forms that render all specs as one text (a Terraform configuration, Bicep files), not spec by spec. */
const WHOLE: readonly As[] = ['terraform', 'terraform-azurerm', 'bicep'];

export async function renderCommand(paths: string[], options: { format?: string; as?: string; showSecrets: boolean }, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  const as = options.as as As;
  if (!AS.includes(as)) throw new UsageError(`--as must be ${AS.join(', ')}${options.as ? `; got "${options.as}"` : ''}.`);
  if (paths.length === 0) throw new UsageError('render needs at least one spec file or folder.');
  const { validated: result } = loadAndValidate(paths, io);
  if (hasErrors(result.diagnostics)) {
    if (format === 'json') io.stdout(jsonError('render', 'validation-errors', 'the specs have errors; nothing was rendered', { diagnostics: result.diagnostics }));
    io.stderr(diagnosticsText(result.diagnostics.filter((d) => d.severity === 'error')));
    io.stderr('✗ nothing rendered: fix the errors above first (aml-k8s validate shows warnings too).\n');
    return EXIT.failed;
  }
  const rendered: { file: string; name: string; state: DesiredState }[] = [];
  for (const spec of result.specs) {
    try {
      const state = desire(spec.doc, { specDir: dirname(resolve(io.cwd, spec.parsed.file)), resolveSecrets: options.showSecrets && !WHOLE.includes(as), env: io.env });
      rendered.push({ file: spec.parsed.file, name: spec.doc.metadata.name, state });
    } catch (err) {
      if (err instanceof SecretResolutionError) {
        if (format === 'json') io.stdout(jsonError('render', err.code, `${spec.parsed.file}: ${err.message}`));
        io.stderr(`${spec.parsed.file}: ${err.message}\n`);
        return EXIT.failed;
      }
      throw err;
    }
  }
  // Renderers print protected values as placeholders unless secrets were explicitly resolved.
  const out = (text: string): void => io.stdout(text);
  if (WHOLE.includes(as)) {
    // Protected settings become sensitive variables or @secure() parameters: --show-secrets does not apply.
    if (options.showSecrets) io.stderr(`--show-secrets has no effect with --as ${as}: protected settings are always ${as === 'bicep' ? '@secure() parameters' : 'sensitive variables'}.\n`);
    const specs = rendered.map(({ file, name, state }) => ({ file, doc: result.specs.find((s) => s.parsed.file === file && s.doc.metadata.name === name)!.doc, state }));
    if (as === 'bicep') {
      if (format === 'json') out(`${JSON.stringify(specs.flatMap((s) => bicepFiles(s).map((f) => ({ file: s.file, name: s.doc.metadata.name, bicepFile: f.name, subscriptionId: f.subscriptionId, resourceGroup: f.resourceGroup, text: f.text }))), null, 2)}\n`);
      else out(renderBicep(specs));
      return EXIT.ok;
    }
    const terraform = renderTerraform(specs, { flavour: as === 'terraform-azurerm' ? 'azurerm' : 'azapi' });
    out(format === 'json' ? `${JSON.stringify({ terraform }, null, 2)}\n` : terraform);
    return EXIT.ok;
  }
  if (format === 'json') {
    const items = rendered.map(({ file, name, state }) => {
      const doc = result.specs.find((s) => s.parsed.file === file && s.doc.metadata.name === name)!.doc;
      if (as === 'arm') return { file, name, requests: armRequests(state, { showSecrets: options.showSecrets }) };
      if (as === 'az') return { file, name, commands: renderAzCommands(doc) };
      return { file, name, manifests: state.manifests };
    });
    out(`${JSON.stringify(items, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const { file, name, state } of rendered) {
    const doc = result.specs.find((s) => s.parsed.file === file && s.doc.metadata.name === name)!.doc;
    if (doc.spec.state === 'absent' && as !== 'az') out(`# ${file}: ${name} has state: absent; apply detaches it and removes what it declares. As present it would be:\n`);
    if (as === 'arm') out(`${renderArm(state, { showSecrets: options.showSecrets })}\n`);
    else if (as === 'az') out(`${renderAzCommands(doc)}\n`);
    else out(`# ${file}: ${name}\n${renderManifests(state)}\n`);
  }
  return EXIT.ok;
}
