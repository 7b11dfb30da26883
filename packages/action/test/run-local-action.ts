// Runs the committed Action through @github/local-action (GitHub's own local runner), as its README
// says: `local-action run <action path> <entrypoint> <dotenv file>`, with the entrypoint taken
// from action.yml `runs.main` (the bundle, dist/index.js).
//
// What local-action does (7.x, src/commands/run.ts), and why this helper looks the way it does:
// - bin/local-action.js runs `npm exec tsx <local-action>/src/index.ts -- <args>` through a shell,
//   so `npm`, `tsx` and `node` come from PATH: the directory of this Node (24) goes first.
// - It loads the dotenv file into process.env (override) once it is running, so variables Node
//   reads at startup (NODE_EXTRA_CA_CERTS, the emulator's CA) must be in the process environment.
//   Everything else (INPUT_*, GITHUB_*, Azure) goes in the file, as a user of the tool would write it.
// - It sets no GITHUB_* variable itself (no GITHUB_OUTPUT, summary or event path): the file does.
// - It stubs @actions/core and @actions/github with quibble only where `npm ls` finds them as
//   dependencies of the project; our bundle inlines them (and the root lists none), so the bundle's
//   own @actions/core runs: inputs come straight from INPUT_* (action.yml defaults are not applied
//   by it; the Action has its own), outputs go to GITHUB_OUTPUT, and local-action's own
//   "Action Outputs" table stays empty.
// - It imports the entrypoint (which runs the Action when loaded), then calls its exported run():
//   the entry's run() is idempotent, so the Action runs once.
// - setFailed sets process.exitCode, which tsx, npm exec and the bin pass on as the exit code.
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { parseOutputFile, runnerStep } from './run-action.ts';
import type { ActionRun, ActionRunOptions } from './run-action.ts';
import { REPO, runNode } from './run-cli.ts';

export interface LocalActionRun extends ActionRun {
  /** The Action's own log: what it printed between local-action's "Running Action" and "Action Outputs" banners. */
  log: string;
  /** The outputs local-action's "Action Outputs" table lists (what its @actions/core stub saw). */
  reportedOutputs: Record<string, string>;
  durationMs: number;
}

/** The local-action CLI script, from its package.json `bin` (its `exports` hide package.json from resolution). */
export function localActionBin(): string {
  const pkgFile = join(REPO, 'node_modules/@github/local-action/package.json');
  const bin = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> }).bin['local-action']!;
  return join(dirname(pkgFile), bin);
}

/** The entrypoint the runner runs: action.yml `runs.main`, relative to the action directory (the repository root). */
export function actionMain(): string {
  return (parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { runs: { main: string } }).runs.main;
}

/** One `NAME='value'` line; dotenv takes single-quoted values literally. */
function dotenvLine(name: string, value: string): string {
  if (!/^[\w.-]+$/.test(name) || /['\r\n]/.test(value)) throw new Error(`cannot write ${name} to a dotenv file`);
  return `${name}='${value}'`;
}

/** Rows of a console.table with Output and Value columns, after the "Action Outputs" banner. */
function parseReportedOutputs(stdout: string): Record<string, string> {
  const section = stdout.slice(stdout.lastIndexOf('Action Outputs'));
  const out: Record<string, string> = {};
  for (const m of section.matchAll(/^│\s*\d+\s*│\s*'([^']*)'\s*│\s*'?(.*?)'?\s*│$/gm)) out[m[1]!] = m[2]!;
  return out;
}

export async function runLocalAction(o: ActionRunOptions): Promise<LocalActionRun> {
  const step = runnerStep(o, 'aml-k8s-local-action-');
  const dir = step.dir;
  const dotenvPath = join(dir, '.env');
  // Node reads NODE_* variables when it starts, before local-action loads the dotenv file.
  const extra = Object.entries(o.env ?? {});
  const startup = Object.fromEntries(extra.filter(([k]) => k.startsWith('NODE_')));
  const fileEnv: Record<string, string> = { ...step.env, ...Object.fromEntries(extra.filter(([k]) => !k.startsWith('NODE_'))) };
  writeFileSync(dotenvPath, `${Object.entries(fileEnv).map(([k, v]) => dotenvLine(k, v)).join('\n')}\n`);
  const env: Record<string, string> = {
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
    HOME: dir,
    CI: 'true',
    FORCE_COLOR: '0',
    NODE_OPTIONS: '',
    npm_config_update_notifier: 'false',
    ...startup,
  };
  const started = Date.now();
  // The action path is the repository root (where action.yml is); cwd there so `npm exec` finds tsx locally.
  const run = await runNode([localActionBin(), 'run', '.', actionMain(), dotenvPath], { cwd: REPO, env, timeoutMs: 120_000 });
  const durationMs = Date.now() - started;
  const start = run.stdout.indexOf('Running Action');
  const end = run.stdout.lastIndexOf('Action Outputs');
  const log = start < 0 ? '' : run.stdout.slice(start, end < start ? undefined : end);
  return {
    ...run,
    log,
    reportedOutputs: parseReportedOutputs(run.stdout),
    durationMs,
    outputs: parseOutputFile(readFileSync(step.outputPath, 'utf8')),
    summary: readFileSync(step.summaryPath, 'utf8'),
  };
}
