// Process entry of the `aml-k8s` CLI.
import { secretScrubber } from '@aml-k8s/shared/core';
import { processIo } from './io.ts';
import { main } from './main.ts';

// A closed pipe (`aml-k8s plan | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// main scrubs what commands print; this covers a failure of main itself.
const secrets = secretScrubber();
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
main(process.argv.slice(2), { ...processIo(), signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(secrets.scrub(`aml-k8s: internal error: ${err instanceof Error ? err.message : String(err)}\n`));
    process.exitCode = 1;
  },
);
