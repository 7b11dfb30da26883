// Validation of a mixed set of files: specs and InstanceType manifests as before, and Terraform,
// ARM/REST JSON, Bicep and az ml YAML read in place and checked by the same rules.
import type { Diagnostic } from '../diagnostics.ts';
import { sortDiagnostics } from '../diagnostics.ts';
import type { SpecInput } from '../model/load.ts';
import { validateSpecs } from '../validate/validate.ts';
import type { ValidateOptions, ValidationResult } from '../validate/validate.ts';
import { checkFoundResources } from './check.ts';
import type { FoundResource } from './found-resource.ts';
import { fileFormat, readFormat } from './read.ts';

export interface FilesValidation extends ValidationResult {
  /** Resources read from Terraform, ARM/REST JSON, Bicep and az ml YAML files. */
  resources: FoundResource[];
  /** The inputs validated as specs or manifests (the rest were read by a format reader or ignored). */
  specInputs: SpecInput[];
  /** The inputs read by a format reader. */
  configInputs: SpecInput[];
}

/** Splits inputs into spec files and files of another format (dropping JSON files that declare nothing of interest). */
export function partitionInputs(inputs: readonly SpecInput[]): { specInputs: SpecInput[]; configInputs: SpecInput[] } {
  const specInputs: SpecInput[] = [];
  const configInputs: SpecInput[] = [];
  for (const input of inputs) {
    const format = fileFormat(input.file, input.text);
    if (format === 'spec') specInputs.push(input);
    else if (format !== undefined) configInputs.push(input);
  }
  return { specInputs, configInputs };
}

/** Reads the non-spec inputs and checks what they declare, all together (rules across resources see every file). */
export async function validateConfigFiles(inputs: readonly SpecInput[]): Promise<{ resources: FoundResource[]; diagnostics: Diagnostic[] }> {
  const resources: FoundResource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const format = fileFormat(input.file, input.text);
    if (format === undefined || format === 'spec') continue;
    const read = await readFormat(format, input.file, input.text);
    resources.push(...read.resources);
    diagnostics.push(...read.diagnostics);
  }
  diagnostics.push(...checkFoundResources(resources));
  return { resources, diagnostics: sortDiagnostics(diagnostics) };
}

/** Specs and manifests through `validateSpecs` (with `options`), every other format through its reader and the rules. */
export async function validateFiles(inputs: readonly SpecInput[], options: ValidateOptions = {}): Promise<FilesValidation> {
  const { specInputs, configInputs } = partitionInputs(inputs);
  const specs = validateSpecs(specInputs, options);
  const found = await validateConfigFiles(configInputs);
  return { ...specs, diagnostics: sortDiagnostics([...specs.diagnostics, ...found.diagnostics]), resources: found.resources, specInputs, configInputs };
}
