// `aml-k8s plan PATH...`: what apply would change, and what it would interrupt.
import { hasErrors, loadSpecFiles, OFFLINE_GATEWAY, planAll, renderPlanMarkdown, renderPlanText, summarizePlan, validateSpecs } from '@aml-k8s/shared';
import { gatewayFromEnv, parseConcurrency } from './azure.ts';
import { diagnosticsText, parseFormat } from './format.ts';
import type { CliIo } from './io.ts';
import { EXIT, UsageError } from './io.ts';

export interface PlanCommandOptions {
  format?: string | undefined;
  offline: boolean;
  armEndpoint?: string | undefined;
  concurrency?: string | undefined;
}

export async function planCommand(paths: string[], options: PlanCommandOptions, io: CliIo): Promise<number> {
  const format = parseFormat(options.format, ['text', 'json', 'markdown']);
  if (paths.length === 0) throw new UsageError('plan needs at least one spec file or folder.');
  let concurrency: number;
  try {
    concurrency = parseConcurrency(options.concurrency, 16);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const inputs = loadSpecFiles(paths, io.cwd);
  const validated = validateSpecs(inputs);
  io.stderr(diagnosticsText(validated.diagnostics.filter((d) => d.severity !== 'info')));
  if (hasErrors(validated.diagnostics)) {
    io.stderr('✗ not planned: fix the errors above first.\n');
    return EXIT.failed;
  }
  const { gateway } = options.offline ? { gateway: OFFLINE_GATEWAY } : gatewayFromEnv(io, { armEndpoint: options.armEndpoint });
  const planned = await planAll(validated.specs.filter((s) => s.doc.spec.state !== 'absent'), gateway, { resolveSecrets: true, env: io.env, cwd: io.cwd, concurrency, offline: options.offline });
  const plan = summarizePlan(planned.map((p) => p.plan));
  if (format === 'json') io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
  else if (format === 'markdown') io.stdout(renderPlanMarkdown(plan));
  else io.stdout(renderPlanText(plan));
  if (plan.computes.some((c) => c.blocked)) return EXIT.failed;
  return plan.computes.some((c) => c.changes.some((ch) => ch.action !== 'noop')) ? EXIT.changes : EXIT.ok;
}
