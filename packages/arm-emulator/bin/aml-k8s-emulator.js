#!/usr/bin/env node
// `aml-k8s-emulator [options]` (`npx aml-k8s-emulator --seed examples` in this repository): the local
// ARM emulator. Node 24 runs the TypeScript sources directly; `--help` lists the options.
if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(`aml-k8s-emulator: needs Node 24 or later (it runs its TypeScript sources directly), not ${process.version}; run it with npx or npm run, which use the repository's Node 24.\n`);
  process.exit(1);
}
await import('../src/main.ts');
