// The publishable packages and the order they are packed and published in. A workspace package is
// publishable when its package.json is not `"private": true` (the one rule the release workflow and
// CONTRIBUTING.md state). Each comes after the workspace packages it needs at run time (dependencies,
// optional dependencies and required peers; development dependencies and optional peers do not count,
// and development dependencies may form cycles).
// `node scripts/pack-packages.ts` prints the package folders (under packages/), one a line, in that order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkspacePackage {
  /** Folder under packages/. */
  dir: string;
  name: string;
  private: boolean;
  /** Workspace packages it needs at run time, by name. */
  needs: string[];
}

interface Manifest {
  name?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export function workspacePackages(repo: string): WorkspacePackage[] {
  const root = join(repo, 'packages');
  const found = readdirSync(root)
    .sort()
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => {
      const file = join('packages', dir, 'package.json');
      let manifest: Manifest;
      try {
        manifest = JSON.parse(readFileSync(join(repo, file), 'utf8')) as Manifest;
      } catch (error) {
        throw new Error(`${file}: not valid JSON (${(error as Error).message}); fix the file`);
      }
      if (typeof manifest.name !== 'string') throw new Error(`${file}: "name" is missing; every workspace package needs one`);
      const peers = Object.keys(manifest.peerDependencies ?? {}).filter((n) => manifest.peerDependenciesMeta?.[n]?.optional !== true);
      const runtime = [...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }), ...peers];
      return { dir, name: manifest.name, private: manifest.private === true, needs: runtime };
    });
  const names = new Set(found.map((p) => p.name));
  return found.map((p) => ({ ...p, needs: [...new Set(p.needs.filter((n) => names.has(n)))].sort() }));
}

/** The publishable packages, each after those it needs; fails on a private dependency or a cycle. */
export function publishOrder(packages: WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const publishable = packages.filter((p) => !p.private);
  for (const p of publishable) {
    const hidden = p.needs.filter((n) => byName.get(n)?.private);
    if (hidden.length > 0) {
      throw new Error(`packages/${p.dir}/package.json: ${p.name} is publishable but depends on private ${hidden.join(', ')}; publish those too (drop "private") or move them to devDependencies`);
    }
  }
  const ordered: WorkspacePackage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: WorkspacePackage, path: string[]): void => {
    if (state.get(p.name) === 'done') return;
    if (state.get(p.name) === 'visiting') throw new Error(`dependency cycle between publishable packages: ${[...path, p.name].join(' -> ')}`);
    state.set(p.name, 'visiting');
    for (const n of p.needs) visit(byName.get(n)!, [...path, p.name]);
    state.set(p.name, 'done');
    ordered.push(p);
  };
  for (const p of publishable) visit(p, []);
  return ordered;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  try {
    for (const p of publishOrder(workspacePackages(repo))) console.log(p.dir);
  } catch (error) {
    console.error(`pack-packages: ${(error as Error).message}`);
    process.exit(1);
  }
}
