// `node scripts/bundle.js copy` (prepack): copies the CLI's part of the committed bundle,
// packages/action/dist/cli.js and every chunk it loads statically or on demand, into dist/ here;
// the Action's entry (index.js) and chunks only it loads stay out.
// `node scripts/bundle.js clean` (postpack): removes that copy (dist/ is never committed here).
// Plain JavaScript so npm's lifecycle runs it under any Node.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const source = resolve(here, '../action/dist');
const target = join(here, 'dist');

/** Relative module specifiers of esbuild's ESM output: `from"./x.js"`, `import"./x.js"`, `import("./x.js")`. */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g;

/** The files under `dir` that `entry` loads, itself included, relative to `dir`. */
export function closure(dir, entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${file} is imported but missing from ${dir} (run \`npm run build\`)`);
    seen.add(file);
    for (const m of readFileSync(path, 'utf8').matchAll(RELATIVE_IMPORT)) queue.push(relative(dir, resolve(dirname(path), m[1])));
  }
  return [...seen].sort();
}

const command = process.argv[2];
if (command === 'copy') {
  rmSync(target, { recursive: true, force: true });
  const files = closure(source, 'cli.js');
  for (const f of files) {
    mkdirSync(dirname(join(target, f)), { recursive: true });
    copyFileSync(join(source, f), join(target, f));
  }
  console.error(`@aml-k8s/cli: copied ${files.length} files of ${relative(here, source)} into dist/`);
} else if (command === 'clean') {
  rmSync(target, { recursive: true, force: true });
} else if (command !== undefined) {
  console.error('usage: node scripts/bundle.js copy|clean');
  process.exit(2);
}
