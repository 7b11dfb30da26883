// Entry point of `aml-k8s-emulator` (bin/aml-k8s-emulator.js) and of
// `node packages/arm-emulator/src/main.ts [options]` (Node 24 runs TypeScript directly).
import { runEmulatorCli } from './cli.ts';

process.exitCode = await runEmulatorCli(process.argv.slice(2));
