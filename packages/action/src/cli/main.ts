// The `aml-k8s` command line: parses arguments and dispatches to one command.
import { isAmlK8sError, SECRET_DIRS_ENV, secretScrubber, SpecPathError } from '@aml-k8s/shared/core';
import type { SecretScrubber } from '@aml-k8s/shared/core';
import { delimiter, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  run(positionals: string[], values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number>;
}

const format: Options = { format: { type: 'string', short: 'f' } };

const azure: Options = { 'arm-endpoint': { type: 'string' } };

/** Folders secret files may be read from beyond the spec's folder and repository (repeatable). */
const secretDirs: Options = { 'allow-secret-dir': { type: 'string', multiple: true } };

/** Removal, identities and the cluster API: shared by plan and apply. */
const changes: Options = {
  prune: { type: 'boolean' },
  'force-delete': { type: 'boolean' },
  'create-role-assignments': { type: 'boolean' },
  kubeconfig: { type: 'string' },
  'kube-context': { type: 'string' },
};

const changeOptions = (v: Record<string, string | boolean | undefined>) => ({
  prune: v.prune === true,
  forceDelete: v['force-delete'] === true,
  createRoleAssignments: v['create-role-assignments'] === true,
  kubeconfig: v.kubeconfig as string | undefined,
  kubeContext: v['kube-context'] as string | undefined,
});

const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check spec files against every Azure rule',
    usage: 'aml-k8s validate PATH... [--format text|json] [--allow-secret-dir DIR]',
    options: { ...format, ...secretDirs },
    run: async (p, v, io) => (await import('./validate.ts')).validateCommand(p, { format: v.format as string | undefined }, io),
  },
  render: {
    summary: 'print the desired state: ARM request bodies, az commands or Kubernetes manifests',
    usage: 'aml-k8s render PATH... --as arm|az|manifests|terraform|terraform-azurerm|bicep [--format text|json] [--show-secrets] [--allow-secret-dir DIR]',
    options: { ...format, ...secretDirs, as: { type: 'string' }, 'show-secrets': { type: 'boolean' } },
    run: async (p, v, io) => (await import('./render.ts')).renderCommand(p, { format: v.format as string | undefined, as: v.as as string | undefined, showSecrets: v['show-secrets'] === true }, io),
  },
  plan: {
    summary: 'show what apply would change in Azure, and what it would interrupt',
    usage: 'aml-k8s plan PATH... [--format text|json|markdown] [--offline] [--prune] [--force-delete] [--create-role-assignments] [--kubeconfig FILE [--kube-context NAME]] [--arm-endpoint URL] [--concurrency N] [--allow-secret-dir DIR]',
    options: { ...format, ...azure, ...changes, ...secretDirs, offline: { type: 'boolean' }, concurrency: { type: 'string' } },
    run: async (p, v, io) => (await import('./plan.ts')).planCommand(p, { format: v.format as string | undefined, offline: v.offline === true, armEndpoint: v['arm-endpoint'] as string | undefined, concurrency: v.concurrency as string | undefined, ...changeOptions(v) }, io),
  },
  apply: {
    summary: 'make Azure match the specs: install extensions, attach computes, remove what is absent',
    usage: 'aml-k8s apply PATH... [--allow-disruptive] [--prune] [--force-delete] [--create-role-assignments] [--kubeconfig FILE [--kube-context NAME]] [--manifests-out DIR] [--concurrency N] [--format text|json] [--arm-endpoint URL] [--allow-secret-dir DIR]',
    options: { ...format, ...azure, ...changes, ...secretDirs, 'allow-disruptive': { type: 'boolean' }, 'manifests-out': { type: 'string' }, concurrency: { type: 'string' } },
    run: async (p, v, io) =>
      (await import('./apply.ts')).applyCommand(p, { format: v.format as string | undefined, allowDisruptive: v['allow-disruptive'] === true, concurrency: v.concurrency as string | undefined, armEndpoint: v['arm-endpoint'] as string | undefined, manifestsOut: v['manifests-out'] as string | undefined, ...changeOptions(v) }, io),
  },
  status: {
    summary: 'live state of each compute, with remedies for failures',
    usage: 'aml-k8s status PATH... [--format text|json] [--arm-endpoint URL]',
    options: { ...format, ...azure },
    run: async (p, v, io) => (await import('./status.ts')).statusCommand(p, { format: v.format as string | undefined, armEndpoint: v['arm-endpoint'] as string | undefined }, io),
  },
  import: {
    summary: 'turn az k8s-extension / az ml compute attach command lines into spec YAML',
    usage: 'aml-k8s import az FILE|- | aml-k8s import [terraform|arm|bicep|azml|manifests] FILE... [--subscription ID] [--resource-group NAME] [--format text|json]',
    options: { ...format, subscription: { type: 'string' }, 'resource-group': { type: 'string' } },
    run: async (p, v, io) => (await import('./import.ts')).importCommand(p, { format: v.format as string | undefined, subscription: v.subscription as string | undefined, resourceGroup: v['resource-group'] as string | undefined }, io),
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'aml-k8s: declarative Azure ML compute on AKS and Arc-enabled Kubernetes',
    '',
    'Usage: aml-k8s COMMAND [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    `  ${'emulator'.padEnd(width)}  start the local ARM emulator (--seed DIR; development only: needs @aml-k8s/arm-emulator)`,
    '',
    'Run `aml-k8s COMMAND --help` for a command\'s options. Docs: docs/cli.md',
    '',
  ].join('\n');
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  // Every secret value a command reads is scrubbed from everything it prints, errors included:
  // Azure's messages are not ours and may quote any of them.
  const secrets = secretScrubber();
  try {
    return await run(argv, rawIo, secrets);
  } finally {
    secrets.stop();
  }
}

/** `io` that scrubs stderr always and stdout unless the user asked for secrets (`render --show-secrets`). */
function scrubbed(io: CliIo, secrets: SecretScrubber, showSecrets = false): CliIo {
  return { ...io, stdout: showSecrets ? io.stdout : (t) => io.stdout(secrets.scrub(t)), stderr: (t) => io.stderr(secrets.scrub(t)) };
}

async function run(argv: string[], rawIo: CliIo, secrets: SecretScrubber): Promise<number> {
  const io = scrubbed(rawIo, secrets);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    io.stdout('aml-k8s 0.1.0\n');
    return EXIT.ok;
  }
  if (name === 'emulator') return (await import('./emulator.ts')).emulatorCommand(rest, io);
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`aml-k8s: unknown command "${name}".\n\n${help()}`);
    return EXIT.usage;
  }
  let json = rest.some((a, i) => a === '--format=json' || a === '-fjson' || ((a === '--format' || a === '-f') && rest[i + 1] === 'json'));
  try {
    const parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    const { positionals } = parsed;
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    json = values.format === 'json';
    if (values.help) {
      io.stdout(`Usage: ${command.usage}\n`);
      return EXIT.ok;
    }
    const dirs = values['allow-secret-dir'] as string[] | undefined;
    const commandIo = values['show-secrets'] === true ? scrubbed(rawIo, secrets, true) : io;
    const runIo = dirs?.length ? withSecretDirs(commandIo, dirs) : commandIo;
    return await command.run(positionals, values as Record<string, string | boolean | undefined>, runIo);
  } catch (err) {
    // Every failure ends here with a message, an exit code and, with --format json, a JSON error object.
    const usage = err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
    const exit = usage || err instanceof SpecPathError ? EXIT.usage : EXIT.failed;
    const e = err instanceof Error ? err : new Error(String(err));
    const code = isAmlK8sError(e) ? e.code : usage ? 'usage' : 'unexpected';
    const remedy = isAmlK8sError(e) ? e.remedy : undefined;
    if (json) io.stdout(`${JSON.stringify({ error: { command: name, code, message: e.message, ...(remedy ? { remedy } : {}), exitCode: exit } }, null, 2)}\n`);
    if (usage) io.stderr(`aml-k8s ${name}: ${e.message}\nUsage: ${command.usage}\n`);
    else if (code === 'unexpected') io.stderr(`aml-k8s ${name}: ${e.message}\n  (an unexpected failure: if it persists, run again with the same options and report it with this message)\n`);
    else io.stderr(`aml-k8s ${name}: ${e.message}${remedy ? `\n  → ${remedy}` : ''}\n`);
    return exit;
  }
}

/** `--allow-secret-dir DIR` (repeatable) adds to AML_K8S_SECRET_DIRS, as absolute folders. */
function withSecretDirs(io: CliIo, dirs: readonly string[]): CliIo {
  const all = [...dirs.map((d) => resolve(io.cwd, d)), ...(io.env[SECRET_DIRS_ENV] ?? '').split(delimiter).filter(Boolean).map((d) => resolve(io.cwd, d))];
  return { ...io, env: { ...io.env, [SECRET_DIRS_ENV]: all.join(delimiter) } };
}
