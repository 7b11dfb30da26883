// The plugin's packages as Backstage sees them: backend feature discovery loads the plugin and both
// modules from an app's dependencies; the package.json `backstage` fields agree with each other
// (the rules `backstage-cli repo fix --publish` applies); dependencies point the allowed way.
import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const APP = fileURLToPath(new URL('./discovery-app/', import.meta.url));

interface PackageJson {
  name: string;
  exports?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  backstage?: { role?: string; pluginId?: string; pluginPackage?: string; pluginPackages?: string[]; peerModules?: string[] };
}

const workspace: PackageJson[] = readdirSync(`${ROOT}packages`, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    try {
      return [JSON.parse(readFileSync(`${ROOT}packages/${d.name}/package.json`, 'utf8')) as PackageJson];
    } catch {
      return [];
    }
  });
const pkg = (name: string): PackageJson => workspace.find((p) => p.name === name) ?? (undefined as never);

const PLUGIN_ROLES = ['frontend-plugin', 'backend-plugin', 'common-library', 'web-library', 'node-library'];
const BACKEND = '@aml-k8s/plugin-azureml-compute-backend';
const CATALOG_MODULE = '@aml-k8s/plugin-catalog-backend-module-azureml-compute';
const SCAFFOLDER_MODULE = '@aml-k8s/plugin-scaffolder-backend-module-azureml-compute';
const COMMON = '@aml-k8s/plugin-azureml-compute-common';
const FRONTEND = '@aml-k8s/plugin-azureml-compute';

describe('backend feature discovery', () => {
  test("loads the plugin and both modules from an app backend's dependencies", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [`${APP}discover.cjs`], { cwd: APP });
    const found = JSON.parse(stdout) as { detected: string[]; features: { $$type: string; type: string; pluginId: string; moduleId?: string }[] };
    expect(found.detected).toEqual([`Detected: ${BACKEND}`, `Detected: ${CATALOG_MODULE}`, `Detected: ${SCAFFOLDER_MODULE}`]);
    expect(found.features).toEqual([
      { $$type: '@backstage/BackendFeature', type: expect.stringMatching(/^plugin/), pluginId: 'azureml-compute' },
      { $$type: '@backstage/BackendFeature', type: expect.stringMatching(/^module/), pluginId: 'catalog', moduleId: 'azureml-compute' },
      { $$type: '@backstage/BackendFeature', type: expect.stringMatching(/^module/), pluginId: 'scaffolder', moduleId: 'azureml-compute' },
    ]);
  });

  test('docs/backstage.md adds exactly those packages to the backend', () => {
    const docs = readFileSync(`${ROOT}docs/backstage.md`, 'utf8');
    const added = [...docs.matchAll(/backend\.add\(import\('([^']+)'\)\)/g)].map((m) => m[1]);
    const app = JSON.parse(readFileSync(`${APP}package.json`, 'utf8')) as PackageJson;
    expect(new Set(added)).toEqual(new Set(Object.keys(app.dependencies ?? {})));
  });
});

describe('package metadata', () => {
  test('every package of the azureml-compute plugin lists all of them', () => {
    const family = workspace.filter((p) => p.backstage?.pluginId === 'azureml-compute' && PLUGIN_ROLES.includes(p.backstage.role ?? ''));
    const names = family.map((p) => p.name).sort();
    expect(names).toEqual([FRONTEND, BACKEND, COMMON, '@aml-k8s/plugin-azureml-compute-node']);
    for (const p of family) expect({ name: p.name, pluginPackages: p.backstage?.pluginPackages }).toEqual({ name: p.name, pluginPackages: names });
    expect(pkg(COMMON).backstage?.role).toBe('common-library');
  });

  test('the modules name the plugin they extend; the backend plugin names them as peer modules', () => {
    expect(pkg(CATALOG_MODULE).backstage).toEqual({ role: 'backend-plugin-module', pluginId: 'catalog', pluginPackage: '@backstage/plugin-catalog-backend' });
    expect(pkg(SCAFFOLDER_MODULE).backstage).toEqual({ role: 'backend-plugin-module', pluginId: 'scaffolder', pluginPackage: '@backstage/plugin-scaffolder-backend' });
    expect(pkg(BACKEND).backstage?.peerModules).toEqual([CATALOG_MODULE, SCAFFOLDER_MODULE]);
    // Discovery reads `<name>/package.json`: a package that does not export it is skipped.
    for (const name of [BACKEND, CATALOG_MODULE, SCAFFOLDER_MODULE]) expect(pkg(name).exports?.['./package.json']).toBe('./package.json');
  });

  test('dependencies: the frontend only on common, common on no package of ours, modules never on the backend plugin', () => {
    const ours = (p: PackageJson) => Object.keys({ ...p.dependencies, ...p.peerDependencies }).filter((d) => d.startsWith('@aml-k8s/'));
    expect(ours(pkg(FRONTEND))).toEqual([COMMON]);
    expect(ours(pkg(COMMON))).toEqual([]);
    for (const name of [CATALOG_MODULE, SCAFFOLDER_MODULE]) expect(ours(pkg(name))).not.toContain(BACKEND);
  });
});
