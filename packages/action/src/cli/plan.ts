// `aml-k8s plan PATH...`: what apply would change, what it would interrupt, and what it would remove.
import { hasErrors, OFFLINE_GATEWAY, planSpecSet, renderPlanMarkdown, renderPlanText } from '@aml-k8s/shared';
import { loadAndValidate, referencedSecrets, scrubbingIo } from './specs.ts';
import { gatewayFromEnv, parseConcurrency } from './azure.ts';
import { kubernetesFromOptions } from './cluster-api.ts';
import { diagnosticsText, jsonError, parseFormat } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export interface PlanCommandOptions {
  format?: string | undefined;
  offline: boolean;
  armEndpoint?: string | undefined;
  concurrency?: string | undefined;
  prune?: boolean;
  forceDelete?: boolean;
  createRoleAssignments?: boolean;
  kubeconfig?: string | undefined;
  kubeContext?: string | undefined;
}

export async function planCommand(paths: string[], options: PlanCommandOptions, rawIo: CliIo): Promise<number> {
  let io = rawIo;
  const format = parseFormat(options.format, ['text', 'json', 'markdown']);
  if (paths.length === 0) throw new UsageError('plan needs at least one spec file or folder.');
  const concurrency = parseConcurrency(options.concurrency, 16);
  if (options.offline && options.kubeconfig) throw new UsageError('--offline plans without reading anything: leave out --kubeconfig.');
  const kubernetes = await kubernetesFromOptions(options, io.cwd);
  const { validated } = loadAndValidate(paths, io);
  // What Azure says is printed only through this: it may quote protected values.
  io = scrubbingIo(io, referencedSecrets(validated, io));
  io.stderr(diagnosticsText(validated.diagnostics.filter((d) => d.severity !== 'info')));
  if (hasErrors(validated.diagnostics)) {
    if (format === 'json') io.stdout(jsonError('plan', 'validation-errors', 'the specs have errors; nothing was planned', { diagnostics: validated.diagnostics }));
    io.stderr('✗ not planned: fix the errors above first.\n');
    return EXIT.failed;
  }
  const { gateway } = options.offline ? { gateway: OFFLINE_GATEWAY } : gatewayFromEnv(io, { armEndpoint: options.armEndpoint });
  const { plan } = await planSpecSet(validated.specs, gateway, {
    resolveSecrets: true,
    env: io.env,
    cwd: io.cwd,
    concurrency,
    offline: options.offline,
    ...(options.prune ? { prune: true } : {}),
    ...(options.forceDelete ? { forceDelete: true } : {}),
    ...(options.createRoleAssignments ? { createRoleAssignments: true } : {}),
    ...(kubernetes ? { kubernetes } : {}),
  });
  if (format === 'json') io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
  else if (format === 'markdown') io.stdout(renderPlanMarkdown(plan));
  else io.stdout(renderPlanText(plan));
  if (plan.computes.some((c) => c.blocked)) return EXIT.failed;
  return plan.computes.some((c) => c.changes.some((ch) => ch.action !== 'noop')) ? EXIT.changes : EXIT.ok;
}
