// `npm start -w packages/backstage-dev [-- --port 7007] [--specs DIR]... [--token TOKEN] [--no-catalog]`:
// the standalone demo backend (standalone.ts) until Ctrl-C.
import { parseArgs } from 'node:util';
import { startStandaloneBackend } from './standalone.ts';

const { values } = parseArgs({
  options: { port: { type: 'string' }, specs: { type: 'string', multiple: true }, token: { type: 'string' }, 'no-catalog': { type: 'boolean' } },
});
const backend = await startStandaloneBackend({
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values.specs?.length ? { specs: values.specs } : {}),
  ...(values.token ? { token: values.token } : {}),
  catalog: !values['no-catalog'],
});
process.stdout.write(`azureml-compute API: ${backend.apiUrl}
static token:        ${backend.token}
try:                 curl -H "Authorization: Bearer ${backend.token}" ${backend.apiUrl}/computes
${backend.emulator ? `ARM emulator:        ${backend.emulator.url}\n` : ''}`);
const stop = async (): Promise<void> => {
  await backend.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
