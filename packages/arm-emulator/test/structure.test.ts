// The emulator's modules: kebab-case file names, as in the rest of the repository, and no import
// cycles (type-only imports count: they couple the modules just the same).
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const files = [...sources(join(root, 'src')), ...sources(join(root, 'test'))];

test('file names are kebab-case', () => {
  expect(files.map((f) => relative(root, f)).filter((f) => !/^[a-z0-9-]+(\.[a-z0-9-]+)*\.ts$/.test(f.split('/').pop()!))).toEqual([]);
});

test('no import cycles', () => {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*'(\.[^']+)'/gm)].map((m) => resolve(dirname(f), m[1]!));
    graph.set(f, deps.filter((d) => graph.has(d) || files.includes(d)));
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    path.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...path.slice(path.indexOf(d)), d].map((p) => relative(root, p)).join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});
