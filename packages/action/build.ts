// Bundles the CLI and the GitHub Action entry into dist/ (committed: the Action runs it as is).
// Deterministic: same sources and lockfile give byte-identical output.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

const entries: Record<string, string> = { cli: 'src/cli/bin.ts' };

await build({
  absWorkingDir: here,
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  legalComments: 'none',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`built ${Object.keys(entries).map((e) => `dist/${e}.js`).join(', ')}`);
