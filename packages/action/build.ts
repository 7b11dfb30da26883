// Bundles the CLI and the GitHub Action entry into dist/ (committed: the Action runs it as is).
// Deterministic: same sources and lockfile give byte-identical output.
import { build } from 'esbuild';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** `node build.ts --outdir DIR` builds elsewhere (the freshness test compares with dist/). */
const outIndex = process.argv.indexOf('--outdir');
const outdir = outIndex > 0 ? process.argv[outIndex + 1]! : 'dist';

const entries: Record<string, string> = { cli: 'src/cli/bin.ts', index: 'src/action/main.ts' };

rmSync(join(here, outdir), { recursive: true, force: true });

// The Terraform reader's HCL parser (@cdktf/hcl2json, loaded lazily into a chunk) reads its
// WebAssembly from its package folder; in the bundle it reads the copy next to dist/chunks/.
const hcl2jsonDir = join(dirname(createRequire(join(here, 'package.json')).resolve('@cdktf/hcl2json')), '..');
const WASM_PATH = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';
const hcl2jsonWasm = {
  name: 'hcl2json-wasm',
  setup(b: { onLoad: (o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: 'js' }) => void }) {
    b.onLoad({ filter: /@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!source.includes(WASM_PATH)) throw new Error(`@cdktf/hcl2json changed how it finds its WebAssembly (${path}); update build.ts.`);
      // The bundle's require (the banner's) resolves from the chunk's file; import.meta here would turn this CommonJS module into ESM.
      return { contents: source.replace(WASM_PATH, 'require.resolve("../hcl2json.wasm.gz")'), loader: 'js' };
    });
  },
};

const result = await build({
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
  // `performance` is required by hcl2json's Go runtime shim only where globalThis.performance is missing (never on Node 24).
  external: ['@aml-k8s/arm-emulator', 'performance'],
  // jsonc-parser's main entry is a UMD wrapper whose require() calls esbuild cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [hcl2jsonWasm],
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
const wasmReaders = Object.keys(result.metafile.outputs).filter((o) => Object.keys(result.metafile.outputs[o]!.inputs).some((i) => /@cdktf\/hcl2json\/lib\/bridge\.js$/.test(i)));
if (!wasmReaders.every((o) => /(^|\/)chunks\/[^/]+$/.test(o))) throw new Error(`hcl2json must be bundled into ${outdir}/chunks/ to find its WebAssembly; it is in ${wasmReaders.join(', ')}.`);
copyFileSync(join(hcl2jsonDir, 'main.wasm.gz'), resolve(here, outdir, 'hcl2json.wasm.gz'));
console.log(`built ${Object.keys(entries).map((e) => `${outdir}/${e}.js`).join(', ')}`);
