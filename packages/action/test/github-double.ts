// A local stand-in for the parts of GitHub the Action talks to: the REST API (pull request files,
// issue comments, commit → pull request, issues, commit comparison, deployments) and the Actions
// OIDC token endpoint. It keeps
// state in memory and records every request, so tests can see what the Action did.
import { generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DoubleComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  author_association: string;
}

export interface DoubleIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
}

export interface DoublePullRequest {
  number: number;
  files: { filename: string; status: 'added' | 'modified' | 'removed' | 'renamed'; previous_filename?: string }[];
  labels: string[];
  mergeCommitSha?: string;
  headSha?: string;
}

/** A commit on the default branch, oldest first in `GitHubDouble.history`. */
export interface DoubleCommit {
  sha: string;
  files: DoublePullRequest['files'];
}

export interface DoubleDeployment {
  id: number;
  sha: string;
  environment: string;
  statuses: { state: string; description?: string }[];
}

export interface GitHubDouble {
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL for the runner environment. */
  idTokenUrl: string;
  idTokenRequestToken: string;
  comments: DoubleComment[];
  issues: DoubleIssue[];
  pulls: Map<number, DoublePullRequest>;
  /** The default branch's commits, oldest first (what the compare API reads). */
  history: DoubleCommit[];
  deployments: DoubleDeployment[];
  /** Refuse writes the way a read-only token is refused (403 "Resource not accessible by integration"). */
  readOnly: { comments: boolean; deployments: boolean };
  requests: { method: string; path: string; status: number }[];
  idTokensIssued: number;
  /**
   * The OIDC issuer of the ID tokens, with its public keys (also served at `/_oidc/jwks`): pass it
   * in the emulator's `federatedIssuers` so that it verifies their RS256 signatures.
   */
  oidcIssuer: { issuer: string; keys: JsonWebKey[] };
  /** The OIDC subject the double puts in ID tokens. */
  subject: string;
  stop(): Promise<void>;
}

const REPO = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/;

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      try {
        resolve(data ? (JSON.parse(data) as Record<string, unknown>) : {});
      } catch (e) {
        reject(e);
      }
    });
  });
}

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

const OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
const OIDC_KID = 'double';

export async function startGitHubDouble(options: { owner?: string; repo?: string } = {}): Promise<GitHubDouble> {
  const owner = options.owner ?? 'contoso';
  const repo = options.repo ?? 'ml-platform';
  let nextComment = 1000;
  let nextIssue = 500;
  let nextDeployment = 70;
  // A key pair of this run: ID tokens are signed as GitHub signs them (RS256), so a verifier can check them.
  const oidcKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk: JsonWebKey = { ...oidcKeys.publicKey.export({ format: 'jwk' }), kid: OIDC_KID, alg: 'RS256', use: 'sig' } as JsonWebKey;
  const state: Omit<GitHubDouble, 'url' | 'idTokenUrl' | 'stop'> = {
    idTokenRequestToken: 'runtime-request-token',
    comments: [],
    issues: [],
    pulls: new Map(),
    history: [],
    deployments: [],
    readOnly: { comments: false, deployments: false },
    requests: [],
    idTokensIssued: 0,
    oidcIssuer: { issuer: OIDC_ISSUER, keys: [publicJwk] },
    subject: `repo:${owner}/${repo}:ref:refs/heads/main`,
  };

  const issueJson = (i: DoubleIssue): Record<string, unknown> => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    html_url: `https://github.example/${owner}/${repo}/issues/${i.number}`,
  });

  async function route(req: IncomingMessage, url: URL, origin: string): Promise<[number, unknown]> {
    const method = req.method ?? 'GET';
    if (url.pathname === '/_oidc/token') {
      if (req.headers.authorization !== `Bearer ${state.idTokenRequestToken}`) return [401, { message: 'Bad request token' }];
      state.idTokensIssued++;
      const now = Math.floor(Date.now() / 1000);
      const aud = url.searchParams.get('audience') ?? origin;
      const signed = `${b64url({ alg: 'RS256', typ: 'JWT', kid: OIDC_KID })}.${b64url({ iss: OIDC_ISSUER, sub: state.subject, aud, iat: now, nbf: now, exp: now + 300, jti: `id-${state.idTokensIssued}` })}`;
      const jwt = `${signed}.${sign('sha256', Buffer.from(signed), oidcKeys.privateKey).toString('base64url')}`;
      return [200, { value: jwt }];
    }
    if (url.pathname === '/_oidc/jwks') return [200, { keys: state.oidcIssuer.keys }];
    const m = REPO.exec(url.pathname);
    if (!m || m[1] !== owner || m[2] !== repo) return [404, { message: 'Not Found' }];
    const rest = m[3]!;
    let p: RegExpExecArray | null;
    if ((p = /^\/pulls\/(\d+)\/files$/.exec(rest)) && method === 'GET') {
      const pr = state.pulls.get(Number(p[1]));
      return pr ? [200, pr.files.map((f) => ({ sha: '0'.repeat(40), additions: 1, deletions: 0, changes: 1, ...f }))] : [404, { message: 'Not Found' }];
    }
    if ((p = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(rest)) && method === 'GET') {
      const sha = p[1];
      const prs = [...state.pulls.values()].filter((x) => x.mergeCommitSha === sha);
      return [200, prs.map((x) => ({ number: x.number, state: 'closed', merge_commit_sha: x.mergeCommitSha, merged_at: '2026-11-23T10:00:00Z', head: { sha: x.headSha ?? 'a'.repeat(40), ref: `pr-${x.number}` }, labels: x.labels.map((name) => ({ name })), html_url: `https://github.example/${owner}/${repo}/pull/${x.number}` }))];
    }
    if ((p = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(rest)) && method === 'GET') {
      const base = state.history.findIndex((c) => c.sha === p![1]);
      const head = state.history.findIndex((c) => c.sha === p![2]);
      if (base < 0 || head < 0) return [404, { message: 'Not Found' }];
      const commits = base < head ? state.history.slice(base + 1, head + 1) : [];
      const files = new Map<string, DoublePullRequest['files'][number]>();
      for (const c of commits) for (const f of c.files) files.set(f.filename, f);
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Number(url.searchParams.get('per_page') ?? '250');
      return [200, {
        status: base === head ? 'identical' : base < head ? 'ahead' : 'behind',
        ahead_by: Math.max(0, head - base),
        behind_by: Math.max(0, base - head),
        total_commits: commits.length,
        commits: commits.slice((page - 1) * perPage, page * perPage).map((c) => ({ sha: c.sha, commit: { message: `commit ${c.sha.slice(0, 7)}` } })),
        files: page === 1 ? [...files.values()].map((f) => ({ sha: '0'.repeat(40), additions: 1, deletions: 0, changes: 1, ...f })) : [],
      }];
    }
    if (rest === '/deployments' && method === 'GET') {
      const env = url.searchParams.get('environment');
      return [200, state.deployments.filter((d) => !env || d.environment === env).slice().reverse().map((d) => ({ id: d.id, sha: d.sha, ref: d.sha, environment: d.environment, task: 'deploy' }))];
    }
    if (rest === '/deployments' && method === 'POST') {
      if (state.readOnly.deployments) return [403, { message: 'Resource not accessible by integration' }];
      const body = await readBody(req);
      const d: DoubleDeployment = { id: nextDeployment++, sha: String(body['ref']), environment: String(body['environment']), statuses: [] };
      state.deployments.push(d);
      return [201, { id: d.id, sha: d.sha, ref: d.sha, environment: d.environment }];
    }
    if ((p = /^\/deployments\/(\d+)\/statuses$/.exec(rest))) {
      const d = state.deployments.find((x) => x.id === Number(p![1]));
      if (!d) return [404, { message: 'Not Found' }];
      if (method === 'GET') return [200, d.statuses.slice().reverse().map((st, i) => ({ id: i + 1, ...st }))];
      if (method === 'POST') {
        const body = await readBody(req);
        d.statuses.push({ state: String(body['state']), ...(typeof body['description'] === 'string' ? { description: body['description'] } : {}) });
        return [201, { state: body['state'] }];
      }
    }
    if ((p = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(p[1]);
      if (method === 'GET') return [200, state.comments.filter((c) => c.issue === issue)];
      if (method === 'POST') {
        if (state.readOnly.comments) return [403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment' }];
        const body = await readBody(req);
        const c: DoubleComment = { id: nextComment++, issue, body: String(body['body'] ?? ''), user: { login: 'github-actions[bot]', type: 'Bot' }, author_association: 'NONE' };
        if (c.body.length > 65536) return [422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] }];
        state.comments.push(c);
        return [201, c];
      }
    }
    if ((p = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const c = state.comments.find((x) => x.id === Number(p![1]));
      if (!c) return [404, { message: 'Not Found' }];
      if (method === 'PATCH') {
        if (state.readOnly.comments) return [403, { message: 'Resource not accessible by integration' }];
        const body = String((await readBody(req))['body'] ?? '');
        if (body.length > 65536) return [422, { message: 'Validation Failed' }];
        c.body = body;
        return [200, c];
      }
      if (method === 'DELETE') {
        state.comments.splice(state.comments.indexOf(c), 1);
        return [204, undefined];
      }
    }
    if (rest === '/issues' && method === 'GET') {
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const wanted = url.searchParams.get('state') ?? 'open';
      return [200, state.issues.filter((i) => (wanted === 'all' || i.state === wanted) && labels.every((l) => i.labels.includes(l))).map(issueJson)];
    }
    if (rest === '/issues' && method === 'POST') {
      const body = await readBody(req);
      const i: DoubleIssue = { number: nextIssue++, title: String(body['title']), body: String(body['body'] ?? ''), labels: (body['labels'] as string[] | undefined) ?? [], state: 'open' };
      state.issues.push(i);
      return [201, issueJson(i)];
    }
    if ((p = /^\/issues\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      const i = state.issues.find((x) => x.number === Number(p![1]));
      if (!i) return [404, { message: 'Not Found' }];
      const body = await readBody(req);
      if (typeof body['body'] === 'string') i.body = body['body'];
      if (body['state'] === 'open' || body['state'] === 'closed') i.state = body['state'];
      return [200, issueJson(i)];
    }
    return [404, { message: `Not Found: ${method} ${rest}` }];
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const origin = `http://${req.headers.host}`;
    const url = new URL(req.url ?? '/', origin);
    route(req, url, origin)
      .then(([status, body]) => {
        state.requests.push({ method: req.method ?? 'GET', path: url.pathname, status });
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      })
      .catch((e: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(e) }));
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    idTokenUrl: `${url}/_oidc/token?api-version=2.0`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  });
}
