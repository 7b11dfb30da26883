// `aml-k8s emulator ...`: forwards to the local ARM emulator's own command (`aml-k8s-emulator`, in
// the development package @aml-k8s/arm-emulator) where that package is installed, as it is in this
// repository. The emulator is a test double, so it is never bundled: build.ts marks the package
// external, and the import below stays a runtime lookup that fails cleanly without it.
import type { CliIo } from './io.ts';
import { EXIT } from './io.ts';

export const EMULATOR_PACKAGE = '@aml-k8s/arm-emulator';

export const EMULATOR_NOT_INSTALLED =
  `aml-k8s emulator: the ARM emulator is not installed here. Install ${EMULATOR_PACKAGE} (a development ` +
  'package of the aml-k8s repository), or run `npx aml-k8s-emulator` in a checkout of the repository.\n';

/** What aml-k8s uses of the emulator package (its `runEmulatorCli`). */
interface EmulatorModule {
  runEmulatorCli(argv: readonly string[], io: { stdout(text: string): void; stderr(text: string): void; program?: string }): Promise<number>;
}

const isPackageMissing = (err: unknown): boolean =>
  err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(`'${EMULATOR_PACKAGE}'`);

export async function emulatorCommand(argv: string[], io: CliIo, load: () => Promise<unknown> = () => import(EMULATOR_PACKAGE)): Promise<number> {
  let emulator: EmulatorModule;
  try {
    emulator = (await load()) as EmulatorModule;
  } catch (err) {
    io.stderr(isPackageMissing(err) ? EMULATOR_NOT_INSTALLED : `aml-k8s emulator: cannot load ${EMULATOR_PACKAGE}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failed;
  }
  return emulator.runEmulatorCli(argv, { stdout: io.stdout, stderr: io.stderr, program: 'aml-k8s emulator' });
}
