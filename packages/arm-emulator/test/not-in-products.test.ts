// The emulator is a test double: product code never imports it, nor @aml-k8s/backstage-dev (the
// Backstage development stack, which runs it). Product code is every workspace package's src/
// except these two, test files aside; their package.json may list them as devDependencies only.
// (`aml-k8s emulator` forwards to the emulator through a runtime import where it is installed;
// packages/action/test/dist.test.ts checks the bundle carries none of it.)
import { expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEV_ONLY = ['@aml-k8s/arm-emulator', '@aml-k8s/backstage-dev'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) && !/\.test\.(ts|tsx|mts)$/.test(e.name) ? [full] : [];
  });
}

const products = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'packages', d.name, 'package.json')))
  .map((d) => ({ dir: join(ROOT, 'packages', d.name), json: JSON.parse(readFileSync(join(ROOT, 'packages', d.name, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> } }))
  .filter((p) => !DEV_ONLY.includes(p.json.name));

test('the product packages are found', () => {
  expect(products.map((p) => p.json.name)).toEqual(expect.arrayContaining(['@aml-k8s/shared', '@aml-k8s/action', '@aml-k8s/plugin-azureml-compute-backend']));
});

test('no product source imports the emulator or the Backstage dev stack', () => {
  const offenders: string[] = [];
  const specifier = new RegExp(`(?:from\\s*|import\\s*\\(\\s*|import\\s+|require\\(\\s*)['"](${DEV_ONLY.join('|')})(?:/[^'"]*)?['"]`, 'g');
  for (const p of products) {
    const src = join(p.dir, 'src');
    if (!existsSync(src)) continue;
    for (const f of sources(src)) for (const m of readFileSync(f, 'utf8').matchAll(specifier)) offenders.push(`${relative(ROOT, f)}: ${m[0]}`);
  }
  expect(offenders).toEqual([]);
});

test('product packages list them as devDependencies at most', () => {
  expect(products.flatMap((p) => DEV_ONLY.filter((d) => p.json.dependencies?.[d]).map((d) => `${p.json.name} depends on ${d}`))).toEqual([]);
});
