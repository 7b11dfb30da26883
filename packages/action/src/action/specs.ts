// Loads and validates the workspace's spec files, annotating what is wrong.
import { loadSpecFiles, validateSpecs } from '@aml-k8s/shared';
import type { Diagnostic, SpecInput, ValidationResult } from '@aml-k8s/shared';
import { join } from 'node:path';
import { annotate } from './annotations.ts';
import type { RunContext } from './context.ts';
import { findSpecs } from './spec-files.ts';

export interface WorkspaceSpecs {
  files: string[];
  inputs: SpecInput[];
  validation: ValidationResult;
  /** Diagnostics over the annotation limit, to list in the summary. */
  overflow: Diagnostic[];
}

export function loadWorkspaceSpecs(ctx: RunContext, focus: ReadonlySet<string> = new Set()): WorkspaceSpecs {
  const files = findSpecs(ctx.inputs.specs, ctx.workspace);
  const inputs = files.length ? loadSpecFiles(files.map((f) => join(ctx.workspace, f)), ctx.workspace) : [];
  const validation = validateSpecs(inputs);
  const { overflow } = annotate(validation.diagnostics.filter((d) => d.severity !== 'info'), focus);
  return { files, inputs, validation, overflow };
}
