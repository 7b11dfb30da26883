// Webhook payloads shaped like the ones GitHub sends for pull_request, push and schedule events
// (trimmed to the fields a reader of the payload can rely on).

const repository = {
  id: 812345,
  node_id: 'R_kgDOMLq7eQ',
  name: 'ml-platform',
  full_name: 'contoso/ml-platform',
  private: true,
  owner: { login: 'contoso', id: 4321, type: 'Organization' },
  html_url: 'https://github.example/contoso/ml-platform',
  default_branch: 'main',
};

const sender = { login: 'octocat', id: 583231, type: 'User' };

export function pullRequestEvent(number: number, action: 'opened' | 'synchronize' | 'labeled', headSha: string, labels: string[] = []): Record<string, unknown> {
  return {
    action,
    number,
    pull_request: {
      url: `https://api.github.example/repos/contoso/ml-platform/pulls/${number}`,
      id: 1_000_000 + number,
      number,
      state: 'open',
      locked: false,
      title: `Add computes (#${number})`,
      user: sender,
      body: 'Adds Azure ML computes.',
      labels: labels.map((name, i) => ({ id: 900 + i, name, color: 'ededed', default: false })),
      draft: false,
      merged: false,
      merge_commit_sha: null,
      head: { label: 'contoso:add-computes', ref: 'add-computes', sha: headSha, repo: repository },
      base: { label: 'contoso:main', ref: 'main', sha: 'b'.repeat(40), repo: repository },
      author_association: 'MEMBER',
    },
    repository,
    sender,
  };
}

export function pushEvent(sha: string, before: string): Record<string, unknown> {
  return {
    ref: 'refs/heads/main',
    before,
    after: sha,
    created: false,
    deleted: false,
    forced: false,
    compare: `https://github.example/contoso/ml-platform/compare/${before.slice(0, 12)}...${sha.slice(0, 12)}`,
    commits: [{ id: sha, message: 'Merge pull request', timestamp: '2026-11-23T10:00:00Z', author: { name: 'Octo Cat', email: 'octocat@example.com' } }],
    head_commit: { id: sha, message: 'Merge pull request', timestamp: '2026-11-23T10:00:00Z' },
    repository: { ...repository, master_branch: 'main' },
    pusher: { name: 'octocat', email: 'octocat@example.com' },
    sender,
  };
}

export function scheduleEvent(): Record<string, unknown> {
  return { schedule: '0 6 * * *' };
}
