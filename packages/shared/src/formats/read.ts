// Which reader a file goes to, from its extension and content; the Terraform reader (a WebAssembly
// parser) is loaded only when a Terraform file is read.
import { extname } from 'node:path';
import { readAzmlYaml } from './azml-yaml.ts';
import { readBicep } from './bicep.ts';
import type { ReadResult, SourceFormat } from './found-resource.ts';
import { mentionsCheckedResource, readJson } from './json.ts';

/** A format reader's input, or `spec` for aml-k8s specs and InstanceType manifests (validated as before). */
export type FileFormat = SourceFormat | 'spec';

/** Extensions of the files `validate` looks for in folders besides YAML. */
export const CONFIG_EXTENSIONS: readonly string[] = ['.tf', '.json', '.bicep'];

/** An az ml YAML file: an Azure ML `$schema`, or a top-level `type:` with no apiVersion or kind. */
function looksLikeAzml(text: string): boolean {
  if (/^\$schema:\s*\S*azureml/im.test(text)) return true;
  return /^type:\s*\S+/m.test(text) && !/^apiVersion:/m.test(text) && !/^kind:/m.test(text);
}

/**
 * The format of a file, or undefined for a file none of the readers wants (a JSON file that
 * declares no extension or compute, such as package.json).
 */
export function fileFormat(file: string, text: string): FileFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.tf') return 'terraform';
  if (ext === '.bicep') return 'bicep';
  if (ext === '.json' || ext === '.jsonc') return mentionsCheckedResource(text) ? 'arm' : undefined;
  if (ext === '.yaml' || ext === '.yml') return looksLikeAzml(text) ? 'azml' : 'spec';
  if (/^\s*[{[]/.test(text) && mentionsCheckedResource(text)) return 'arm';
  return 'spec';
}

export async function readFormat(format: SourceFormat, file: string, text: string): Promise<ReadResult> {
  switch (format) {
    case 'terraform': {
      const { readTerraform } = await import('./terraform.ts');
      return readTerraform(file, text);
    }
    case 'arm':
      return readJson(file, text);
    case 'bicep':
      return readBicep(file, text);
    case 'azml':
      return readAzmlYaml(file, text);
  }
}
