// What a command may touch of the outside world; tests pass their own.
import { AmlK8sError } from '@aml-k8s/shared/core';
import type { AmlK8sErrorOptions } from '@aml-k8s/shared/core';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Reads standard input (for `import az -`). */
  readStdin: () => Promise<string>;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, changes: 3 } as const;

/** The command line is wrong: the command prints its usage and exits with EXIT.usage. */
export class UsageError extends AmlK8sError<'usage'> {
  override readonly name = 'UsageError';
  constructor(message: string, options: AmlK8sErrorOptions = {}) {
    super('usage', message, options);
  }
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
