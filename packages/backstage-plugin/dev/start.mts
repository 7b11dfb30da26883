// `npm start -w packages/backstage-plugin`: the dev app, the dev backend and the ARM emulator with
// the examples applied. Open the printed URL; Ctrl-C stops everything.
import { resolve } from 'node:path';
import { DEMO_TOKEN } from '@aml-k8s/backstage-dev';
import { startStack } from './stack.mts';

const verbose = process.argv.includes('--verbose');
// Until the stack is up, a signal just exits (the stack's exit hook stops what was started).
const exitNow = () => process.exit(130);
process.once('SIGINT', exitNow);
process.once('SIGTERM', exitNow);
// --demo (root `npm start`): every example applied and healthy, apply progress shown, fixed ports
// 3000/7007, and a static token for scripts.
const demoToken = process.env.AML_K8S_DEMO_TOKEN || DEMO_TOKEN;
const demo = process.argv.includes('--demo') ? { token: demoToken, progress: (line: string) => console.log(`  ${line}`) } : undefined;
if (demo) console.log('Starting the ARM emulator and applying examples/ (as the Action does after a merge)...');
const stack = await startStack({ repoRoot: resolve(import.meta.dirname, '../../..'), log: (line) => (verbose ? console.log(line) : undefined), ...(demo ? { demo, appPort: 3000, backendPort: 7007 } : {}) });
console.log(`STACK_READY ${JSON.stringify({ appUrl: stack.appUrl, backendUrl: stack.backendUrl, emulatorUrl: stack.emulatorUrl })}`);
console.log(`Dev app: ${stack.appUrl}/azureml-compute (Ctrl-C stops it)`);
if (demo) {
  console.log(`Backend API: ${stack.backendUrl}/api/azureml-compute/computes`);
  console.log(`  curl -H 'Authorization: Bearer ${demo.token}' ${stack.backendUrl}/api/azureml-compute/computes`);
  console.log(`ARM emulator: ${stack.emulatorUrl}`);
}
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
