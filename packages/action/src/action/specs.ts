// Loads and validates the workspace's files, annotating what is wrong: the specs the globs match,
// and (on pull requests) the files the Action validates without applying: InstanceType manifests
// and az ml YAML among them, and Terraform, ARM JSON and Bicep files in the folders the globs point at.
import { loadSpecFiles } from '@aml-k8s/shared';
import { isInside, loadConfigFiles, partitionInputs, validateConfigFiles } from '@aml-k8s/shared/core';
import { referencedSecrets, validateWithSecretFiles } from '../cli/specs.ts';
import type { Diagnostic, SpecInput, SpecSetPlanOptions, ValidationResult } from '@aml-k8s/shared';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { annotate } from './annotations.ts';
import type { RunContext } from './context.ts';
import { findSpecs, globFolders } from './spec-files.ts';

/** Files read and checked but never applied: InstanceType manifests, Terraform, ARM JSON, Bicep, az ml YAML. */
export interface ValidatedOnly {
  files: string[];
  /** Their diagnostics (manifests' included), sorted. */
  diagnostics: Diagnostic[];
}

export interface WorkspaceSpecs {
  files: string[];
  /** The spec files (InstanceType manifest files included; az ml YAML excluded). */
  inputs: SpecInput[];
  validation: ValidationResult;
  /** Diagnostics of spec documents only (what stops a plan or an apply). */
  specDiagnostics: Diagnostic[];
  validatedOnly: ValidatedOnly;
  /** Diagnostics over the annotation limit, to list in the summary. */
  overflow: Diagnostic[];
}

interface WorkspaceFiles {
  files: string[];
  specInputs: SpecInput[];
  /** az ml YAML the globs match, and with `configFiles` the Terraform, ARM JSON and Bicep files found. */
  configInputs: SpecInput[];
}

/** Terraform, ARM JSON and Bicep files in the folders the globs point at, found as `aml-k8s validate` finds them. */
function configFilesOf(ctx: RunContext): SpecInput[] {
  const root = realpathSync(ctx.workspace);
  const paths = globFolders(ctx.inputs.specs)
    .map((f) => join(ctx.workspace, f))
    .filter((p) => existsSync(p) && isInside(root, realpathSync(p)));
  return loadConfigFiles(paths, ctx.workspace, { within: ctx.workspace, includeHidden: true });
}

function readWorkspace(ctx: RunContext, configFiles: boolean): WorkspaceFiles {
  const files = findSpecs(ctx.inputs.specs, ctx.workspace);
  const read = files.length ? loadSpecFiles(files.map((f) => join(ctx.workspace, f)), ctx.workspace) : [];
  const { specInputs, configInputs } = partitionInputs(read);
  if (!configFiles) return { files, specInputs, configInputs: [] };
  const seen = new Set(configInputs.map((i) => i.file));
  return { files, specInputs, configInputs: [...configInputs, ...configFilesOf(ctx).filter((i) => !seen.has(i.file))] };
}

function checkWorkspace(ctx: RunContext, read: WorkspaceFiles, focus: ReadonlySet<string>, found: Diagnostic[]): WorkspaceSpecs {
  // Secret files a spec names are read only from the workspace (or AML_K8S_SECRET_DIRS), regular and small.
  const validation = validateWithSecretFiles(read.specInputs, { cwd: ctx.workspace, env: ctx.env }, { instanceTypeManifests: true });
  // Read before Azure is asked anything, so that the runner masks them and the run scrubs them
  // from what it posts even when a failure ends the run before apply would resolve them.
  referencedSecrets(validation, { cwd: ctx.workspace, env: ctx.env });
  const manifests = validation.manifests ?? [];
  const ofManifests = new Set(manifests.flatMap((m) => m.diagnostics));
  const validatedOnly: ValidatedOnly = {
    files: [...new Set([...manifests.map((m) => m.file), ...read.configInputs.map((i) => i.file)])].sort(),
    diagnostics: [...ofManifests, ...found].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column),
  };
  const specFiles = new Set(validation.specs.map((s) => s.parsed.file));
  const inputs = read.specInputs.filter((i) => specFiles.has(i.file) || !manifests.some((m) => m.file === i.file));
  const specDiagnostics = validation.diagnostics.filter((d) => !ofManifests.has(d));
  const all = [...validation.diagnostics, ...found];
  const { overflow } = annotate(all.filter((d) => d.severity !== 'info'), focus);
  return { files: read.files, inputs, validation, specDiagnostics, validatedOnly, overflow };
}

/** The spec files (and InstanceType manifests among them), validated and annotated: apply and drift. */
export function loadWorkspaceSpecs(ctx: RunContext, focus: ReadonlySet<string> = new Set()): WorkspaceSpecs {
  return checkWorkspace(ctx, readWorkspace(ctx, false), focus, []);
}

/**
 * The spec files and every file validated without being applied (az ml YAML the globs match;
 * Terraform, ARM JSON and Bicep in the folders they point at), annotated together: plan.
 */
export async function loadWorkspaceFiles(ctx: RunContext, focus: ReadonlySet<string> = new Set()): Promise<WorkspaceSpecs> {
  const read = readWorkspace(ctx, true);
  const found = read.configInputs.length ? (await validateConfigFiles(read.configInputs)).diagnostics : [];
  return checkWorkspace(ctx, read, focus, found);
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
