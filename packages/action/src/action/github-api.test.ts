import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { GitHubApi, OctokitApiOptions } from './github-api.ts';
import { GitHubApiError, isPermissionError, octokitApi } from './github-api.ts';

const BASE = 'https://api.github.test';
const TOKEN = 'ghs_TestInstallationToken0123456789abcdef';
const REPO_ID = 424242;
const REPO = `${BASE}/repos/octo-org/ml-infra`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const logs: string[] = [];
afterEach(() => {
  logs.length = 0;
});

function api(options: OctokitApiOptions = {}): GitHubApi {
  // The global fetch is read per call, so requests go through msw's patched fetch.
  return octokitApi(TOKEN, { owner: 'octo-org', repo: 'ml-infra' }, { baseUrl: BASE, fetch: (input, init) => globalThis.fetch(input, init), retryUnitMs: 10, log: (m) => logs.push(m), ...options });
}

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GitHubApiError);
  const error = e as GitHubApiError;
  expect(`${error.message} ${error.url} ${error.githubMessage} ${error.details.join(' ')} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  return error;
}

/** A `link` header as GitHub sends it: absolute URLs under /repositories/{id}, next/last/first/prev. */
function linkHeader(path: string, page: number, last: number, perPage = 100): string {
  const url = (p: number) => `<${BASE}/repositories/${REPO_ID}${path}?per_page=${perPage}&page=${p}>`;
  const rels: string[] = [];
  if (page > 1) rels.push(`${url(page - 1)}; rel="prev"`);
  if (page < last) rels.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) rels.push(`${url(1)}; rel="first"`);
  return rels.join(', ');
}

function pageOf(request: Request): number {
  return Number(new URL(request.url).searchParams.get('page') ?? '1');
}

/** Serves `items` in pages of 100 on both the repo path and the /repositories/{id} path of the link header. */
function paged<T>(path: string, items: T[], seen: { pages: number[]; auth: string[] }) {
  const resolver = ({ request }: { request: Request }) => {
    const page = pageOf(request);
    seen.pages.push(page);
    seen.auth.push(request.headers.get('authorization') ?? '');
    const last = Math.max(1, Math.ceil(items.length / 100));
    const link = linkHeader(path, page, last);
    return HttpResponse.json(items.slice((page - 1) * 100, page * 100) as never, { headers: link ? { link } : {} });
  };
  return [http.get(`${REPO}${path}`, resolver), http.get(`${BASE}/repositories/${REPO_ID}${path}`, resolver)];
}

function comment(id: number, association: string, type = 'User') {
  return {
    id,
    node_id: `IC_kwDOAbc${id}`,
    url: `${REPO}/issues/comments/${id}`,
    html_url: `https://github.test/octo-org/ml-infra/pull/7#issuecomment-${id}`,
    issue_url: `${REPO}/issues/7`,
    body: `comment ${id}`,
    user: { login: type === 'Bot' ? 'github-actions[bot]' : `user${id}`, id: id + 1000, type },
    author_association: association,
    created_at: '2025-05-01T10:00:00Z',
    updated_at: '2025-05-01T10:00:00Z',
  };
}

function sha(n: number): string {
  return n.toString(16).padStart(40, '0');
}

function changedFile(n: number, status = 'modified') {
  return { sha: sha(n + 5000), filename: `computes/c${n}.yaml`, status, additions: 2, deletions: 1, changes: 3, blob_url: `https://github.test/octo-org/ml-infra/blob/x/computes/c${n}.yaml` };
}

function ghError(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return HttpResponse.json({ message, documentation_url: 'https://docs.github.com/rest', status: String(status), ...extra }, { status, headers });
}

const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ABCD:1234.';

describe('pagination', () => {
  test('listComments follows the link header across 3 pages (230 comments)', async () => {
    const seen = { pages: [] as number[], auth: [] as string[] };
    const all = Array.from({ length: 230 }, (_, i) => comment(i + 1, i % 2 === 0 ? 'MEMBER' : 'NONE', i === 229 ? 'Bot' : 'User'));
    server.use(...paged('/issues/7/comments', all, seen));
    const comments = await api().listComments(7);
    expect(comments).toHaveLength(230);
    expect(comments.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(comments[0]).toEqual({ id: 1, body: 'comment 1', trusted: true });
    expect(comments[1]?.trusted).toBe(false);
    expect(comments[229]?.trusted).toBe(true);
    expect(seen.pages).toEqual([1, 2, 3]);
    expect(seen.auth.every((a) => a === `token ${TOKEN}`)).toBe(true);
  });

  test('pullRequestFiles follows the link header past 100 files', async () => {
    const seen = { pages: [] as number[], auth: [] as string[] };
    const files = Array.from({ length: 130 }, (_, i) => changedFile(i));
    files[5] = { ...changedFile(5, 'renamed'), previous_filename: 'computes/old.yaml' } as ReturnType<typeof changedFile>;
    server.use(...paged('/pulls/7/files', files, seen));
    const got = await api().pullRequestFiles(7);
    expect(got).toHaveLength(130);
    expect(got[5]).toEqual({ filename: 'computes/c5.yaml', status: 'renamed', previousFilename: 'computes/old.yaml' });
    expect(got[129]).toEqual({ filename: 'computes/c129.yaml', status: 'modified' });
    expect(seen.pages).toEqual([1, 2]);
  });
});

describe('compareCommits', () => {
  function compareHandler(total: number, fileCount: number, requests: URL[]) {
    const path = `/compare/${sha(1)}...${sha(2)}`;
    return http.get(`${REPO}/compare/:basehead`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      const page = pageOf(request);
      const perPage = Number(url.searchParams.get('per_page') ?? '250');
      const last = Math.ceil(total / perPage);
      const commits = Array.from({ length: total }, (_, i) => ({ sha: sha(100 + i), commit: { message: `change ${i}` } })).slice((page - 1) * perPage, page * perPage);
      const link = linkHeader(path, page, last, perPage);
      return HttpResponse.json(
        {
          url: `${REPO}/compare/${sha(1)}...${sha(2)}`,
          status: 'ahead',
          ahead_by: total,
          behind_by: 0,
          total_commits: total,
          base_commit: { sha: sha(1) },
          merge_base_commit: { sha: sha(1) },
          commits,
          ...(page === 1 ? { files: Array.from({ length: fileCount }, (_, i) => changedFile(i, i === 0 ? 'added' : 'modified')) } : {}),
        } as never,
        { headers: link ? { link } : {} },
      );
    });
  }

  test('pages the commits (oldest first) and takes the files from the first page', async () => {
    const requests: URL[] = [];
    server.use(compareHandler(250, 3, requests));
    const c = await api().compareCommits(sha(1), sha(2));
    expect(c.commits).toHaveLength(250);
    expect(c.commits[0]).toBe(sha(100));
    expect(c.commits[249]).toBe(sha(349));
    expect(c.files).toEqual([
      { filename: 'computes/c0.yaml', status: 'added' },
      { filename: 'computes/c1.yaml', status: 'modified' },
      { filename: 'computes/c2.yaml', status: 'modified' },
    ]);
    expect(c.status).toBe('ahead');
    expect(c.truncated).toBe(false);
    expect(requests.map((u) => u.searchParams.get('page'))).toEqual(['1', '2', '3']);
    expect(decodeURIComponent(requests[0]!.pathname)).toBe(`/repos/octo-org/ml-infra/compare/${sha(1)}...${sha(2)}`);
  });

  test('300 files means the list is truncated', async () => {
    server.use(compareHandler(2, 300, []));
    const c = await api().compareCommits(sha(1), sha(2));
    expect(c.files).toHaveLength(300);
    expect(c.truncated).toBe(true);
  });

  test('a base that no longer exists is a 404 GitHubApiError', async () => {
    server.use(http.get(`${REPO}/compare/:basehead`, () => ghError(404, 'Not Found')));
    const e = await failure(api().compareCommits(sha(9), sha(2)));
    expect(e.status).toBe(404);
    expect(e.method).toBe('GET');
    expect(e.operation).toBe('compareCommits');
    expect(e.githubMessage).toBe('Not Found');
    expect(e.message).toContain('/repos/octo-org/ml-infra/compare/');
  });
});

describe('typed errors', () => {
  test('403 "Resource not accessible by integration" is a permission error', async () => {
    server.use(http.post(`${REPO}/issues/:issue/comments`, () => ghError(403, 'Resource not accessible by integration')));
    const e = await failure(api().createComment(7, 'plan'));
    expect(e.status).toBe(403);
    expect(e.method).toBe('POST');
    expect(e.githubMessage).toBe('Resource not accessible by integration');
    expect(e.rateLimited).toBe(false);
    expect(isPermissionError(e)).toBe(true);
    expect(e.message).toMatch(/createComment \(POST \/repos\/octo-org\/ml-infra\/issues\/7\/comments\) failed with 403: Resource not accessible by integration/);
  });

  test('404 carries GitHub message', async () => {
    server.use(http.patch(`${REPO}/issues/comments/:id`, () => ghError(404, 'Not Found')));
    const e = await failure(api().updateComment(99, 'x'));
    expect(e.status).toBe(404);
    expect(e.method).toBe('PATCH');
    expect(e.githubMessage).toBe('Not Found');
    expect(isPermissionError(e)).toBe(true);
  });

  test('422 carries the errors[].message', async () => {
    server.use(http.post(`${REPO}/issues/:issue/comments`, () => ghError(422, 'Validation Failed', { errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'body is too long (maximum is 65536 characters)' }] })));
    const e = await failure(api().createComment(7, 'x'.repeat(70000)));
    expect(e.status).toBe(422);
    expect(e.githubMessage).toBe('Validation Failed');
    expect(e.details).toEqual(['body is too long (maximum is 65536 characters)']);
    expect(e.message).toContain('Validation Failed: body is too long (maximum is 65536 characters)');
    expect(isPermissionError(e)).toBe(false);
  });

  test('a token echoed back by the server is scrubbed', async () => {
    server.use(http.delete(`${REPO}/issues/comments/:id`, () => ghError(401, `Bad credentials: ${TOKEN}`)));
    const e = await failure(api().deleteComment(5));
    expect(e.status).toBe(401);
    expect(e.message).toContain('Bad credentials: ***');
  });
});

describe('retries', () => {
  const files = `${REPO}/pulls/:pr/files`;

  test('a secondary rate limit waits for retry-after, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(files, () => {
        calls++;
        return calls === 1 ? ghError(403, SECONDARY, {}, { 'retry-after': '1', 'x-ratelimit-remaining': '4990' }) : HttpResponse.json([changedFile(1)]);
      }),
    );
    const started = Date.now();
    const got = await api({ retryUnitMs: 1000 }).pullRequestFiles(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(got).toEqual([{ filename: 'computes/c1.yaml', status: 'modified' }]);
    expect(calls).toBe(2);
    expect(logs.join('\n')).toContain('secondary rate limit');
  });

  test('a secondary rate limit that persists ends as a GitHubApiError after 2 retries', async () => {
    let calls = 0;
    server.use(
      http.get(files, () => {
        calls++;
        return ghError(403, SECONDARY, {}, { 'retry-after': '1' });
      }),
    );
    const e = await failure(api().pullRequestFiles(7));
    expect(calls).toBe(3);
    expect(e.status).toBe(403);
    expect(e.rateLimited).toBe(true);
    expect(isPermissionError(e)).toBe(false);
  });

  test('a primary rate limit far from its reset fails at once', async () => {
    let calls = 0;
    const reset = Math.floor(Date.now() / 1000) + 3600;
    server.use(
      http.get(files, () => {
        calls++;
        return ghError(403, 'API rate limit exceeded for installation ID 1.', {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(reset) });
      }),
    );
    const e = await failure(api().pullRequestFiles(7));
    expect(calls).toBe(1);
    expect(e.rateLimited).toBe(true);
  });

  test('a primary rate limit about to reset is retried once', async () => {
    let calls = 0;
    server.use(
      http.get(files, () => {
        calls++;
        const reset = Math.floor(Date.now() / 1000);
        return calls === 1 ? ghError(403, 'API rate limit exceeded for installation ID 1.', {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }) : HttpResponse.json([]);
      }),
    );
    await expect(api().pullRequestFiles(7)).resolves.toEqual([]);
    expect(calls).toBe(2);
  });

  test('a 502 is retried', async () => {
    let calls = 0;
    server.use(
      http.get(`${REPO}/commits/:sha/pulls`, () => {
        calls++;
        if (calls === 1) return new HttpResponse('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
        return HttpResponse.json([{ number: 7, labels: [{ name: 'infra' }], merge_commit_sha: sha(3), html_url: 'https://github.test/octo-org/ml-infra/pull/7', head: { sha: sha(4), ref: 'feature' }, merged_at: '2025-05-02T12:00:00Z' }] as never);
      }),
    );
    const prs = await api().pullRequestsOfCommit(sha(3));
    expect(calls).toBe(2);
    expect(prs).toEqual([{ number: 7, labels: ['infra'], mergeCommitSha: sha(3), htmlUrl: 'https://github.test/octo-org/ml-infra/pull/7', headSha: sha(4), mergedAt: '2025-05-02T12:00:00Z' }]);
  });

  test('a 5xx that persists ends as a GitHubApiError', async () => {
    let calls = 0;
    server.use(
      http.get(files, () => {
        calls++;
        return ghError(503, 'Service Unavailable');
      }),
    );
    const e = await failure(api().pullRequestFiles(7));
    expect(e.status).toBe(503);
    expect(calls).toBe(4);
  });
});

describe('deployments', () => {
  function deployment(id: number, ref: string) {
    return { id, node_id: `DE_${id}`, sha: ref, ref, task: 'deploy', environment: 'aml-prod', description: null, creator: { login: 'github-actions[bot]' }, created_at: '2025-05-01T10:00:00Z', url: `${REPO}/deployments/${id}` };
  }

  test('latestDeployment skips a deployment whose latest status is failure', async () => {
    const statusRequests: string[] = [];
    let environment: string | null = null;
    server.use(
      http.get(`${REPO}/deployments`, ({ request }) => {
        environment = new URL(request.url).searchParams.get('environment');
        return HttpResponse.json([deployment(30, sha(30)), deployment(20, sha(20)), deployment(10, sha(10))] as never);
      }),
      http.get(`${REPO}/deployments/:id/statuses`, ({ params }) => {
        statusRequests.push(String(params['id']));
        const state = params['id'] === '30' ? 'failure' : 'success';
        return HttpResponse.json([{ id: Number(params['id']) * 10, state, description: 'aml-k8s apply', created_at: '2025-05-01T10:05:00Z' }] as never);
      }),
    );
    await expect(api().latestDeployment('aml-prod')).resolves.toEqual({ id: 20, sha: sha(20) });
    expect(environment).toBe('aml-prod');
    expect(statusRequests).toEqual(['30', '20']);
  });

  test('latestDeployment is undefined when nothing succeeded', async () => {
    server.use(
      http.get(`${REPO}/deployments`, () => HttpResponse.json([deployment(1, sha(1))] as never)),
      http.get(`${REPO}/deployments/:id/statuses`, () => HttpResponse.json([])),
    );
    await expect(api().latestDeployment('aml-prod')).resolves.toBeUndefined();
  });

  test('recordDeployment creates the deployment, then its status', async () => {
    const bodies: { path: string; body: unknown }[] = [];
    server.use(
      http.post(`${REPO}/deployments`, async ({ request }) => {
        bodies.push({ path: new URL(request.url).pathname, body: await request.json() });
        return HttpResponse.json(deployment(77, sha(5)) as never, { status: 201 });
      }),
      http.post(`${REPO}/deployments/:id/statuses`, async ({ request }) => {
        bodies.push({ path: new URL(request.url).pathname, body: await request.json() });
        return HttpResponse.json({ id: 1, state: 'success' } as never, { status: 201 });
      }),
    );
    const description = `Applied 3 computes: ${'x'.repeat(200)}`;
    await api().recordDeployment('aml-prod', sha(5), 'success', description, 'https://github.test/octo-org/ml-infra/actions/runs/1');
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual({
      path: '/repos/octo-org/ml-infra/deployments',
      body: { ref: sha(5), environment: 'aml-prod', auto_merge: false, required_contexts: [], transient_environment: false, production_environment: false, description },
    });
    const status = bodies[1]!.body as { state: string; description: string; log_url: string };
    expect(bodies[1]!.path).toBe('/repos/octo-org/ml-infra/deployments/77/statuses');
    expect(status.state).toBe('success');
    expect(status.log_url).toBe('https://github.test/octo-org/ml-infra/actions/runs/1');
    expect(status.description).toHaveLength(140);
    expect(description.startsWith(status.description.slice(0, 139))).toBe(true);
  });
});
