// Bundles the CLI and the GitHub Action entry into dist/ (committed: the Action runs it as is).
// Deterministic: same sources and lockfile give byte-identical output.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** `node build.ts --outdir DIR` builds elsewhere (the freshness test compares with dist/). */
const outIndex = process.argv.indexOf('--outdir');
const outdir = outIndex > 0 ? process.argv[outIndex + 1]! : 'dist';

const entries: Record<string, string> = { cli: 'src/cli/bin.ts', index: 'src/action/main.ts' };

rmSync(join(here, outdir), { recursive: true, force: true });

await build({
  absWorkingDir: here,
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  legalComments: 'none',
  splitting: true,
  // The ARM emulator is a test double: `aml-k8s emulator` loads it at run time where it is installed
  // (src/cli/emulator.ts), so none of it ships in dist/ (test/dist.test.ts checks).
  external: ['@aml-k8s/arm-emulator'],
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`built ${Object.keys(entries).map((e) => `${outdir}/${e}.js`).join(', ')}`);
