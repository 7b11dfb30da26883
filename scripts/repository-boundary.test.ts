// Tests read nothing outside the repository: a clone in any folder must pass. This scans every test
// and test helper for relative paths (`new URL('../..', import.meta.url)`, `'../x'` literals and
// `join(here, '..', ...)` chains) and fails on any that climbs out of the repository.
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'artifacts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(m?[jt]sx?)$/.test(name) ? [path] : [];
  });
}

/** Relative paths a file names, with the line they are on. */
export function relativePaths(text: string): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    // A path a test feeds in as hostile input (and expects refused) is not a path it reads.
    if (l.includes('hostile input') || lines[i - 1]?.includes('hostile input')) return;
    for (const m of l.matchAll(/['"`]((?:\.\.\/)+[^'"`$]*)['"`]/g)) out.push({ path: m[1]!, line: i + 1 });
    // join(here, '..', '..', 'x'): a chain of '..' arguments.
    for (const m of l.matchAll(/(?:join|resolve)\([^)]*?((?:,\s*'\.\.')+)/g)) out.push({ path: `${Array.from({ length: (m[1]!.match(/'\.\.'/g) ?? []).length }, () => '..').join('/')}/`, line: i + 1 });
  });
  return out;
}

const outside = (file: string, rel: string): boolean => {
  const target = resolve(dirname(file), rel);
  return target !== REPO && !target.startsWith(`${REPO}${sep}`);
};

test('no test or helper reaches outside the repository', () => {
  const self = fileURLToPath(import.meta.url);
  const files = ['packages', 'scripts', 'bench'].flatMap((d) => sources(join(REPO, d))).filter((f) => f !== self && /(\.test\.|\/test\/|\/dev\/|\/bench\/|\/scripts\/)/.test(f));
  expect(files.length).toBeGreaterThan(50);
  const escapes = files.flatMap((file) => relativePaths(readFileSync(file, 'utf8')).filter((p) => outside(file, p.path)).map((p) => `${relative(REPO, file)}:${p.line}: ${p.path}`));
  expect(escapes).toEqual([]);
});

test('the scan catches a path that climbs out', () => {
  const file = join(REPO, 'packages/shared/src/import/x.test.ts');
  const found = relativePaths("const SEEDS = new URL('../../../../../" + "outside/seeds/', import.meta.url);\nconst x = join(here, '..', '..', '..', '..', '..');\nconst y = 'a hostile input: ../../../../../../etc/passwd';");
  expect(found.filter((p) => outside(file, p.path)).map((p) => p.line)).toEqual([1, 2]);
});
