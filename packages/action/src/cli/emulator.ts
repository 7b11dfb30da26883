// `aml-k8s emulator [--seed DIR] ...`: the local ARM emulator, seeded with the clusters and
// workspaces the specs in DIR reference. For tests, demos and trying aml-k8s without Azure.
import { loadSpecFiles } from '@aml-k8s/shared/offline';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CliIo } from './io.ts';
import { EXIT } from './io.ts';

export async function emulatorCommand(argv: string[], io: CliIo): Promise<number> {
  // The emulator is a development tool: loaded only when asked for, never by other commands.
  const { fixturesFromSpecs, runEmulatorCli } = await import('@aml-k8s/arm-emulator');
  const args = [...argv];
  const seedAt = args.indexOf('--seed');
  if (seedAt >= 0) {
    const dir = args[seedAt + 1];
    if (!dir) {
      io.stderr('aml-k8s emulator: --seed needs a folder of spec files.\n');
      return EXIT.usage;
    }
    const docs = loadSpecFiles([dir], io.cwd).flatMap((i) => parseAllDocuments(i.text).map((d) => d.toJS() as unknown));
    const file = join(mkdtempSync(join(tmpdir(), 'aml-k8s-emulator-')), 'fixtures.json');
    writeFileSync(file, JSON.stringify(fixturesFromSpecs(docs)));
    args.splice(seedAt, 2, '--fixtures', file);
  }
  return runEmulatorCli(args, { stdout: io.stdout, stderr: io.stderr });
}
