// Loads and validates the workspace's spec files, annotating what is wrong.
import { loadSpecFiles } from '@aml-k8s/shared';
import { referencedSecrets, validateWithSecretFiles } from '../cli/specs.ts';
import type { Diagnostic, SpecInput, SpecSetPlanOptions, ValidationResult } from '@aml-k8s/shared';
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
  // Secret files a spec names are read only from the workspace (or AML_K8S_SECRET_DIRS), regular and small.
  const validation = validateWithSecretFiles(inputs, { cwd: ctx.workspace, env: ctx.env });
  // Read before Azure is asked anything, so that the runner masks them and the run scrubs them
  // from what it posts even when a failure ends the run before apply would resolve them.
  referencedSecrets(validation, { cwd: ctx.workspace, env: ctx.env });
  const { overflow } = annotate(validation.diagnostics.filter((d) => d.severity !== 'info'), focus);
  return { files, inputs, validation, overflow };
}

/**
 * The spec files a run plans: those the pull request changed, or with `prune` all of them
 * (pruning removes what no spec declares, so it must know every declared compute).
 */
export function planTargets(ctx: RunContext, all: readonly string[], changed: readonly string[], removed: readonly string[]): Set<string> {
  return ctx.inputs.prune && removed.length > 0 ? new Set(all) : new Set(changed);
}

/** Options of a spec-set plan, the same for plan, apply and drift so that their hashes agree. */
export function planSetOptions(ctx: RunContext): SpecSetPlanOptions {
  return {
    resolveSecrets: true,
    env: ctx.env,
    cwd: ctx.workspace,
    concurrency: ctx.inputs.concurrency,
    offline: false,
    prune: ctx.inputs.prune,
    forceDelete: ctx.inputs.forceDelete,
    createRoleAssignments: ctx.inputs.createRoleAssignments,
  };
}
