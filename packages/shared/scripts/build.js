// `npm run build`: the core as it is published. tsc (tsconfig.build.json) emits ES modules and their
// declarations into dist/, with the sources' `.ts` import specifiers rewritten to `.js`. tsc does not
// copy the JavaScript modules kept in src/ (the generated schema validator) nor their declarations,
// so they are copied next to the emitted files. The output is assembled next to dist/ and swapped in at
// the end, so a pack running meanwhile never finds dist/ half-written or missing for long.
// Plain JavaScript so npm's lifecycle runs it under any Node.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const staging = join(here, `dist.${process.pid}.tmp`);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json'), '--outDir', staging], { stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

/** The files under `dir` that tsc leaves out of dist/: JavaScript modules and hand-written declarations. */
function untranspiled(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return untranspiled(path);
    return /\.(js|d\.ts)$/.test(e.name) && !/\.test\./.test(e.name) ? [path] : [];
  });
}

for (const file of untranspiled(src)) {
  const target = join(staging, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);
