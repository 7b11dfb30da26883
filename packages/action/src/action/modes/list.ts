// `mode: list`: the spec files as a JSON array, for a job matrix (one job per spec file or group).
import { info, setOutput } from '@actions/core';
import type { RunContext } from '../context.ts';
import { writeSummary } from '../outputs.ts';
import { findSpecs } from '../spec-files.ts';

export async function listMode(ctx: RunContext): Promise<void> {
  const files = findSpecs(ctx.inputs.specs, ctx.workspace);
  setOutput('specs', JSON.stringify(files));
  info(`${files.length} spec file(s): ${files.join(', ')}`);
  await writeSummary(ctx, `### aml-k8s: ${files.length} spec file(s)\n\n${files.map((f) => `- \`${f}\``).join('\n')}\n`);
}
