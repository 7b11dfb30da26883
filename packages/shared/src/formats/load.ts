// Finds the Terraform, JSON and Bicep files `validate` reads besides YAML: named directly, or
// below named folders (where a JSON file that declares no extension or compute, or one too large
// to be a template, such as a lock file, is skipped).
import { statSync } from 'node:fs';
import { extname, relative } from 'node:path';
import { readSpecFile, SpecPathError, walkFiles } from '../model/load.ts';
import type { SpecInput } from '../model/load.ts';
import { CONFIG_EXTENSIONS, fileFormat } from './read.ts';

export const isConfigFile = (path: string): boolean => CONFIG_EXTENSIONS.includes(extname(path).toLowerCase());

/** The paths `loadSpecFiles` should read: folders, and files other than Terraform, JSON and Bicep. */
export function specPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => !isConfigFile(p) || isFolder(p));
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export interface LoadConfigOptions {
  /** Links below a folder whose target lies outside this folder are refused (the GitHub Action passes its workspace). */
  within?: string;
  /** Walk hidden folders too, as the GitHub Action walks its workspace. */
  includeHidden?: boolean;
}

/**
 * Terraform, JSON and Bicep files named directly or found below named folders, read; `file` relative
 * to `cwd` when inside it. The one discovery rule of `aml-k8s validate` and the GitHub Action.
 */
export function loadConfigFiles(paths: readonly string[], cwd = process.cwd(), options: LoadConfigOptions = {}): SpecInput[] {
  const shown = (p: string): string => {
    const rel = relative(cwd, p);
    return rel && !rel.startsWith('..') ? rel : p;
  };
  const out: SpecInput[] = [];
  for (const p of paths) {
    if (isFolder(p)) {
      for (const found of walkFiles(p, { keep: isConfigFile, ...options })) {
        try {
          const input = { file: shown(found), text: readSpecFile(found, shown(found)) };
          if (fileFormat(input.file, input.text) !== undefined) out.push(input);
        } catch (error) {
          if (!(error instanceof SpecPathError)) throw error;
        }
      }
    } else if (isConfigFile(p)) out.push({ file: shown(p), text: readSpecFile(p, shown(p)) });
  }
  return out;
}
