// azureml:compute:azure-devops-pull-request against a local Azure DevOps double (node:http) that
// records every REST call: the calls themselves (method, path, api-version, bodies), the outputs,
// the dry run (no call at all) and the errors a user has to act on.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mockServices } from '@backstage/backend-test-utils';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AZURE_DEVOPS_PULL_REQUEST_ACTION_ID, createAzureDevOpsPullRequestAction } from '../src/index.ts';

const PAT = 'pat-for-the-double-0123456789';
const MAIN_HEAD = '1111111111111111111111111111111111111111';
const RELEASE_HEAD = '2222222222222222222222222222222222222222';
const COMMIT = '3333333333333333333333333333333333333333';
const REPO_URL = 'dev.azure.com?organization=contoso&project=ML%20Platform&repo=ml-computes';
const REPO_PATH = '/contoso/ML%20Platform/_apis/git/repositories/ml-computes';
const WEB_URL = 'https://dev.azure.com/contoso/ML%20Platform/_git/ml-computes';
const SPEC = 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata:\n  name: gpu-east\n';
const README = '# Computes\n';

const blobId = (text: string) => createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');

interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  authorization?: string;
}

/** What the double answers; a route's override replaces its normal answer. */
interface DoubleState {
  /** path at a commit → content */
  files: Record<string, Record<string, string>>;
  override: Partial<Record<'repo' | 'refs' | 'items' | 'pushes' | 'pullrequests', { status: number; body?: unknown; contentType?: string }>>;
}

const calls: Call[] = [];
const state: DoubleState = { files: {}, override: {} };
let server: Server;
let base: string;
const workspaces: string[] = [];

function routeOf(path: string): keyof DoubleState['override'] | undefined {
  if (!path.startsWith(REPO_PATH)) return undefined;
  const rest = path.slice(REPO_PATH.length);
  if (rest === '') return 'repo';
  return (['refs', 'items', 'pushes', 'pullrequests'] as const).find((r) => rest === `/${r}`);
}

type Answer = [status: number, body: unknown, contentType?: string];

/** The double's answer to a request it recorded. */
function answer(url: URL): Answer {
  const route = routeOf(url.pathname);
  if (!route) return [404, { message: 'TF200016: The following project does not exist' }];
  const override = state.override[route];
  if (override) return [override.status, override.body ?? { message: `double: ${override.status}` }, override.contentType];
  switch (route) {
    case 'repo':
      return [200, { id: 'r-1', name: 'ml-computes', defaultBranch: 'refs/heads/main', webUrl: WEB_URL }];
    case 'refs':
      // Azure DevOps filters by prefix: heads/main also lists heads/main-old.
      return [
        200,
        {
          value: [
            { name: 'refs/heads/main', objectId: MAIN_HEAD },
            { name: 'refs/heads/main-old', objectId: '9999999999999999999999999999999999999999' },
            { name: 'refs/heads/release', objectId: RELEASE_HEAD },
          ].filter((r) => r.name.startsWith(`refs/${url.searchParams.get('filter')}`)),
        },
      ];
    case 'items': {
      const content = state.files[url.searchParams.get('versionDescriptor.version') ?? '']?.[url.searchParams.get('path') ?? ''];
      if (content === undefined) return [404, { message: 'TF401174: The item could not be found' }];
      return [200, { objectId: blobId(content), gitObjectType: 'blob', path: url.searchParams.get('path') }];
    }
    case 'pushes':
      return [201, { pushId: 7, commits: [{ commitId: COMMIT }], refUpdates: [] }];
    case 'pullrequests':
      return [201, { pullRequestId: 42, status: 'active', url: `${base}${REPO_PATH}/pullRequests/42` }];
    default:
      return [500, { message: 'double: unknown route' }];
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const call: Call = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization };
      if (raw) call.body = JSON.parse(raw);
      calls.push(call);
      const [status, body, contentType = 'application/json; charset=utf-8'] = answer(url);
      res.writeHead(status, { 'content-type': contentType });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

afterEach(() => {
  calls.length = 0;
  state.files = {};
  state.override = {};
});

const config = mockServices.rootConfig({
  data: { integrations: { azure: [{ host: 'dev.azure.com', credentials: [{ personalAccessToken: PAT }] }] } },
});

function action() {
  return createAzureDevOpsPullRequestAction({ config, apiBaseUrl: () => base });
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'azdo-pr-'));
  workspaces.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function run(input: Record<string, unknown>, options: { files?: Record<string, string>; isDryRun?: boolean } = {}) {
  const outputs: Record<string, unknown> = {};
  const logged: string[] = [];
  const log = (...args: unknown[]) => void logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const logger = { info: log, warn: log, error: log, debug: log, child: () => logger } as unknown as LoggerService;
  const ctx = createMockActionContext({
    input: { repoUrl: REPO_URL, branchName: 'azureml-compute/gpu-east', title: 'Azure ML compute gpu-east', ...input } as never,
    workspacePath: workspace(options.files ?? { 'computes/gpu-east.yaml': SPEC }),
    logger,
  });
  // createMockActionContext does not pass isDryRun on.
  ctx.isDryRun = options.isDryRun;
  ctx.output = (name: string, value: unknown) => void (outputs[name] = value);
  return { promise: action().handler(ctx), outputs, logged };
}

const apiVersions = () => [...new Set(calls.map((c) => c.query['api-version']))];

describe(AZURE_DEVOPS_PULL_REQUEST_ACTION_ID, () => {
  test('one push creates the branch from the default branch with the spec, then the pull request opens', async () => {
    const { promise, outputs, logged } = run({ description: 'Adds `computes/gpu-east.yaml`.' });
    await promise;
    expect(calls.map((c) => `${c.method} ${c.path.slice(REPO_PATH.length) || '/'}`)).toEqual(['GET /', 'GET /refs', 'GET /items', 'POST /pushes', 'POST /pullrequests']);
    expect(apiVersions()).toEqual(['7.1']);
    expect(calls.every((c) => c.path.startsWith(REPO_PATH))).toBe(true);
    expect(new Set(calls.map((c) => c.authorization))).toEqual(new Set([`Basic ${Buffer.from(`:${PAT}`).toString('base64')}`]));
    expect(calls[1]!.query.filter).toBe('heads/main');
    expect(calls[2]!.query).toMatchObject({ path: '/computes/gpu-east.yaml', 'versionDescriptor.version': MAIN_HEAD, 'versionDescriptor.versionType': 'commit' });
    expect(calls[3]!.body).toEqual({
      refUpdates: [{ name: 'refs/heads/azureml-compute/gpu-east', oldObjectId: MAIN_HEAD }],
      commits: [{ comment: 'Azure ML compute gpu-east', changes: [{ changeType: 'add', item: { path: '/computes/gpu-east.yaml' }, newContent: { content: SPEC, contentType: 'rawtext' } }] }],
    });
    expect(calls[4]!.body).toEqual({
      sourceRefName: 'refs/heads/azureml-compute/gpu-east',
      targetRefName: 'refs/heads/main',
      title: 'Azure ML compute gpu-east',
      description: 'Adds `computes/gpu-east.yaml`.',
      isDraft: false,
    });
    expect(outputs).toEqual({
      pullRequestUrl: `${WEB_URL}/pullrequest/42`,
      pullRequestId: 42,
      branchName: 'refs/heads/azureml-compute/gpu-east',
      targetBranchName: 'refs/heads/main',
      commitId: COMMIT,
    });
    expect(logged.join('\n')).not.toContain(PAT);
    expect(logged.join('\n')).not.toContain(Buffer.from(`:${PAT}`).toString('base64'));
  });

  test('a named target branch (exactly, not by prefix), sourcePath and targetPath; existing files are edited, unchanged ones left out', async () => {
    state.files[RELEASE_HEAD] = { '/platform/computes/gpu-east.yaml': 'old: spec\n', '/platform/README.md': README };
    const { promise, outputs } = run(
      { targetBranchName: 'refs/heads/release', sourcePath: 'out', targetPath: '/platform/', commitMessage: 'Update gpu-east', draft: true },
      { files: { 'out/computes/gpu-east.yaml': SPEC, 'out/README.md': README, 'elsewhere.txt': 'not pushed' } },
    );
    await promise;
    expect(calls[1]!.query.filter).toBe('heads/release');
    expect(calls.filter((c) => c.path.endsWith('/items')).map((c) => c.query.path)).toEqual(['/platform/README.md', '/platform/computes/gpu-east.yaml']);
    const push = calls.find((c) => c.path.endsWith('/pushes'))!.body;
    expect(push).toEqual({
      refUpdates: [{ name: 'refs/heads/azureml-compute/gpu-east', oldObjectId: RELEASE_HEAD }],
      commits: [{ comment: 'Update gpu-east', changes: [{ changeType: 'edit', item: { path: '/platform/computes/gpu-east.yaml' }, newContent: { content: SPEC, contentType: 'rawtext' } }] }],
    });
    expect(calls.find((c) => c.path.endsWith('/pullrequests'))!.body).toMatchObject({ targetRefName: 'refs/heads/release', isDraft: true });
    expect(outputs.targetBranchName).toBe('refs/heads/release');
  });

  test('dry run: the outputs it would give, and no call to Azure DevOps', async () => {
    const { promise, outputs, logged } = run({ targetBranchName: 'main' }, { isDryRun: true });
    await promise;
    expect(calls).toEqual([]);
    expect(outputs).toEqual({
      pullRequestUrl: `${base}/contoso/ML%20Platform/_git/ml-computes/pullrequest/0`,
      pullRequestId: 0,
      branchName: 'refs/heads/azureml-compute/gpu-east',
      targetBranchName: 'refs/heads/main',
      commitId: '',
    });
    expect(logged.join('\n')).toMatch(/\[dry run\] would push \/computes\/gpu-east\.yaml to refs\/heads\/azureml-compute\/gpu-east/);
  });

  test.each([
    [401, /rejected the credentials for repository ml-computes of project ML Platform in organization contoso.*integrations\.azure\[\]\.credentials.*Code \(read & write\)/s],
    [403, /may not read the repository in repository ml-computes of project ML Platform in organization contoso.*Code \(read & write\)/s],
    [404, /found no repository ml-computes of project ML Platform in organization contoso.*Code \(read & write\)/s],
  ])('HTTP %i names the organization, project, repository and the permission needed', async (status, message) => {
    state.override.repo = { status };
    const { promise } = run({});
    await expect(promise).rejects.toThrow(message);
    expect(calls).toHaveLength(1);
  });

  test('a sign-in page instead of JSON (a rejected token) is an authentication error', async () => {
    state.override.repo = { status: 203, body: '<html>Sign in</html>', contentType: 'text/html' };
    const { promise } = run({});
    await expect(promise).rejects.toThrow(/did not accept the credentials.*Code \(read & write\)/s);
  });

  test('403 on the push names the missing permission', async () => {
    state.override.pushes = { status: 403, body: { message: 'TF401027: You need the Git \'CreateBranch\' permission' } };
    const { promise } = run({});
    await expect(promise).rejects.toThrow(/may not push a branch in repository ml-computes.*TF401027.*Code \(read & write\)/s);
    expect(calls.some((c) => c.path.endsWith('/pullrequests'))).toBe(false);
  });

  test('a branch that already exists (409) tells to rename the branch, and opens no pull request', async () => {
    state.override.pushes = { status: 409, body: { message: "TF401028: The reference 'refs/heads/azureml-compute/gpu-east' has already been updated by another client" } };
    const { promise } = run({});
    await expect(promise).rejects.toThrow(/Branch azureml-compute\/gpu-east already exists in repository ml-computes.*rename branchName/s);
    expect(calls.some((c) => c.path.endsWith('/pullrequests'))).toBe(false);
  });

  test('a target branch that does not exist, and files already merged, fail before any push', async () => {
    let r = run({ targetBranchName: 'mai' });
    await expect(r.promise).rejects.toThrow(/has no branch mai$/);
    calls.length = 0;
    state.files[MAIN_HEAD] = { '/computes/gpu-east.yaml': SPEC };
    r = run({});
    await expect(r.promise).rejects.toThrow(/already in main .* nothing to propose/);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  test('input errors: not Azure DevOps, no organization, no credentials, empty workspace folder', async () => {
    await expect(run({ repoUrl: 'github.com?owner=contoso&repo=ml' }).promise).rejects.toThrow(/not an Azure DevOps repository/);
    await expect(run({ repoUrl: 'dev.azure.com?project=p&repo=r' }).promise).rejects.toThrow(/missing organization/);
    await expect(run({ sourcePath: 'nothing-here' }).promise).rejects.toThrow(/No files to commit/);
    const noCredentials = createAzureDevOpsPullRequestAction({ config, apiBaseUrl: () => base, credentialsProvider: { getCredentials: async () => undefined } });
    const ctx = createMockActionContext({ input: { repoUrl: REPO_URL, branchName: 'b', title: 't' } as never, workspacePath: workspace({ 'a.yaml': 'a: 1\n' }) });
    await expect(noCredentials.handler(ctx)).rejects.toThrow(/No Azure DevOps credentials for organization contoso on dev\.azure\.com.*integrations\.azure\[\]\.credentials/s);
    expect(calls).toEqual([]);
  });
});
