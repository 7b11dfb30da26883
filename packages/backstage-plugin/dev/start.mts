// `npm start -w packages/backstage-plugin`: the dev app, the dev backend and the ARM emulator with
// the examples applied. Open the printed URL; Ctrl-C stops everything.
import { resolve } from 'node:path';
import { startStack } from './stack.mts';

const verbose = process.argv.includes('--verbose');
// Until the stack is up, a signal just exits (the stack's exit hook stops what was started).
const exitNow = () => process.exit(130);
process.once('SIGINT', exitNow);
process.once('SIGTERM', exitNow);
const stack = await startStack({ repoRoot: resolve(import.meta.dirname, '../../..'), log: (line) => (verbose ? console.log(line) : undefined) });
console.log(`STACK_READY ${JSON.stringify({ appUrl: stack.appUrl, backendUrl: stack.backendUrl, emulatorUrl: stack.emulatorUrl })}`);
console.log(`Dev app: ${stack.appUrl}/azureml-compute (Ctrl-C stops it)`);
let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  void stack.stop().then(() => process.exit(0));
};
process.off('SIGINT', exitNow);
process.off('SIGTERM', exitNow);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
