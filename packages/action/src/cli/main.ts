// The `aml-k8s` command line: parses arguments and dispatches to one command.
import { SpecPathError } from '@aml-k8s/shared/core';
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
    usage: 'aml-k8s validate PATH... [--format text|json]',
    options: { ...format },
    run: async (p, v, io) => (await import('./validate.ts')).validateCommand(p, { format: v.format as string | undefined }, io),
  },
  render: {
    summary: 'print the desired state: ARM request bodies, az commands or Kubernetes manifests',
    usage: 'aml-k8s render PATH... --as arm|az|manifests [--format text|json] [--show-secrets]',
    options: { ...format, as: { type: 'string' }, 'show-secrets': { type: 'boolean' } },
    run: async (p, v, io) => (await import('./render.ts')).renderCommand(p, { format: v.format as string | undefined, as: v.as as string | undefined, showSecrets: v['show-secrets'] === true }, io),
  },
  plan: {
    summary: 'show what apply would change in Azure, and what it would interrupt',
    usage: 'aml-k8s plan PATH... [--format text|json|markdown] [--offline] [--prune] [--force-delete] [--create-role-assignments] [--kubeconfig FILE [--kube-context NAME]] [--arm-endpoint URL] [--concurrency N]',
    options: { ...format, ...azure, ...changes, offline: { type: 'boolean' }, concurrency: { type: 'string' } },
    run: async (p, v, io) => (await import('./plan.ts')).planCommand(p, { format: v.format as string | undefined, offline: v.offline === true, armEndpoint: v['arm-endpoint'] as string | undefined, concurrency: v.concurrency as string | undefined, ...changeOptions(v) }, io),
  },
  apply: {
    summary: 'make Azure match the specs: install extensions, attach computes, remove what is absent',
    usage: 'aml-k8s apply PATH... [--allow-disruptive] [--prune] [--force-delete] [--create-role-assignments] [--kubeconfig FILE [--kube-context NAME]] [--manifests-out DIR] [--concurrency N] [--format text|json] [--arm-endpoint URL]',
    options: { ...format, ...azure, ...changes, 'allow-disruptive': { type: 'boolean' }, 'manifests-out': { type: 'string' }, concurrency: { type: 'string' } },
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
    usage: 'aml-k8s import az FILE|- [--format text|json]',
    options: { ...format },
    run: async (p, v, io) => (await import('./import.ts')).importCommand(p, { format: v.format as string | undefined }, io),
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

export async function main(argv: string[], io: CliIo): Promise<number> {
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
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout(`Usage: ${command.usage}\n`);
      return EXIT.ok;
    }
    return await command.run(positionals, values as Record<string, string | boolean | undefined>, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`aml-k8s ${name}: ${err.message}\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    if (err instanceof SpecPathError) {
      io.stderr(`aml-k8s ${name}: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
