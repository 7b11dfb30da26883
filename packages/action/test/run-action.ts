// Runs the bundled Action (packages/action/dist/index.js) in a child process the way the GitHub
// runner does: inputs as INPUT_* variables, the event payload in a file, and the output, summary
// and temp locations the runner provides.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runNode } from './run-cli.ts';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionRunOptions {
  workspace: string;
  eventName: string;
  payload: Record<string, unknown>;
  sha: string;
  ref: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  apiUrl: string;
  repository?: string;
}

/** `name<<DELIMITER\nvalue\nDELIMITER` records, as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

/** The files and variables a runner gives a step: event payload, output and summary files, GITHUB_* and INPUT_*. */
export interface RunnerStep {
  dir: string;
  outputPath: string;
  summaryPath: string;
  /** GITHUB_*, RUNNER_TEMP and INPUT_* variables (without PATH, HOME or the caller's extra env). */
  env: Record<string, string>;
}

export function runnerStep(o: ActionRunOptions, prefix = 'aml-k8s-runner-'): RunnerStep {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(o.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const repository = o.repository ?? 'contoso/ml-platform';
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: o.sha,
    GITHUB_REF: o.ref,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0]!,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    ...Object.fromEntries(Object.entries(o.inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])),
  };
  return { dir, outputPath, summaryPath, env };
}

export async function runAction(o: ActionRunOptions): Promise<ActionRun> {
  const step = runnerStep(o);
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: step.dir, ...step.env, ...o.env };
  // AML_K8S_ACTION_ENTRY=packages/action/src/action/main.ts runs the same tests on the sources, before the bundle is rebuilt.
  const run = await runNode([join(REPO, process.env.AML_K8S_ACTION_ENTRY ?? 'packages/action/dist/index.js')], { cwd: o.workspace, env, timeoutMs: 90_000 });
  return { ...run, outputs: parseOutputFile(readFileSync(step.outputPath, 'utf8')), summary: readFileSync(step.summaryPath, 'utf8') };
}
