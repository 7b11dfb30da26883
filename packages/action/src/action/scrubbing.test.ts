// The Action's paths to GitHub with a protected value that Azure's text quotes: the pull request
// comment, the apply follow-up, drift issues, the deployment record, the job summary, the log's
// progress lines and the failure message. The runner's masking applies to none of the API bodies.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { secretScrubber, SecretValue } from '@aml-k8s/shared/core';
import type { SecretScrubber } from '@aml-k8s/shared/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureStdout } from '../../test/workflow-commands.ts';
import { applyLog } from './apply-log.ts';
import { postComment, publishPlanComment } from './comments.ts';
import type { RunContext } from './context.ts';
import { failureReport } from './failure-report.ts';
import type { GitHubApi } from './github-api.ts';
import { writePlanOutputs, writeSummary } from './outputs.ts';
import { scrubbingGitHubApi } from './scrubbing.ts';

const SECRET = 'Endpoint=sb://relay/;SharedAccessKey=QuotedByHelm0x5eed';
const AZURE_TEXT = `Helm installation failed: relayServerConnectionString "${SECRET}" is invalid`;
const stdout = captureStdout();
let secrets: SecretScrubber;
let dir: string;
const savedSummary = process.env.GITHUB_STEP_SUMMARY;
const savedOutput = process.env.GITHUB_OUTPUT;

beforeAll(() => {
  secrets = secretScrubber();
  // What resolution does when apply reads the protected setting.
  SecretValue.of('relayServerConnectionString', SECRET);
  dir = mkdtempSync(join(tmpdir(), 'aml-k8s-scrub-'));
});

afterAll(() => {
  secrets.stop();
  rmSync(dir, { recursive: true, force: true });
  process.env.GITHUB_STEP_SUMMARY = savedSummary;
  process.env.GITHUB_OUTPUT = savedOutput;
});

/** A GitHub API that records every text it is sent. */
function recordingApi(sent: string[]): GitHubApi {
  const record = async (...texts: unknown[]) => {
    sent.push(...texts.filter((t): t is string => typeof t === 'string'));
    return { id: 1, number: 1, body: '', title: '', trusted: true };
  };
  return { listComments: async () => [], createComment: record, updateComment: record, createIssue: record, updateIssue: async (_n: number, change: { body?: string }) => void sent.push(change.body ?? ''), recordDeployment: record } as unknown as GitHubApi;
}

function context(sent: string[]): RunContext {
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  writeFileSync(join(dir, 'output'), '');
  process.env.GITHUB_STEP_SUMMARY = summary;
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  return { api: scrubbingGitHubApi(recordingApi(sent), secrets.scrub), inputs: { comment: true }, specKey: 'k', env: { GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: dir }, scrub: secrets.scrub } as unknown as RunContext;
}

test('comments, issues and deployment records carry no secret value', async () => {
  const sent: string[] = [];
  const ctx = context(sent);
  await publishPlanComment(ctx, 7, `### plan\n\n${AZURE_TEXT}`);
  await postComment(ctx, 7, `### apply\n\n| c | failed | ${AZURE_TEXT} |`);
  await ctx.api!.createIssue(`Drift: ${AZURE_TEXT}`, AZURE_TEXT, ['drift']);
  await ctx.api!.updateIssue(3, { body: AZURE_TEXT });
  await ctx.api!.recordDeployment('prod', 'a'.repeat(40), 'failure', AZURE_TEXT);
  expect(sent.filter((t) => t.includes('relayServerConnectionString')).length).toBeGreaterThanOrEqual(6);
  expect(sent.filter((t) => t.includes(SECRET))).toEqual([]);
  expect(sent.join('\n')).toContain('<redacted>');
});

test('the job summary and the plan file carry no secret value', async () => {
  const ctx = context([]);
  await writeSummary(ctx, `### apply\n\n${AZURE_TEXT}\n`);
  const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
  expect(summary).toContain('relayServerConnectionString "<redacted>"');
  expect(summary).not.toContain(SECRET);
  const plan = { computes: [{ name: 'c', changes: [{ target: 'extension', action: 'update', settings: [{ key: 'relay', from: SECRET }] }] }], summary: { disruptive: 0 } };
  const file = writePlanOutputs(ctx, plan as never);
  expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
});

test('progress lines and the failure message carry no secret value', () => {
  const log = applyLog(1, secrets.scrub, 60_000);
  log.onEvent({ kind: 'step', compute: 'c', message: `install: ${AZURE_TEXT}` });
  log.onEvent({ kind: 'done', compute: 'c', result: { name: 'c', file: 'c.yaml', outcome: 'failed', changes: [], durationMs: 5, error: { message: AZURE_TEXT } } });
  log.stop();
  const printed = stdout.lines().join('');
  expect(printed).toContain('relayServerConnectionString');
  expect(printed).not.toContain(SECRET);
  const failure = failureReport(new Error(AZURE_TEXT), secrets.scrub);
  expect(failure.message).toContain('relayServerConnectionString "<redacted>"');
  expect(failure.message).not.toContain(SECRET);
});

test('positive control: without scrubbing the text does hold the value', () => {
  expect(AZURE_TEXT).toContain(SECRET);
  expect(failureReport(new Error(AZURE_TEXT), (t) => t).message).toContain(SECRET);
});
