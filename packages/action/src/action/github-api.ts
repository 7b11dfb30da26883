// The few GitHub REST calls the Action makes, behind an interface the modes depend on.
import { getOctokit } from '@actions/github';

export interface Repo {
  owner: string;
  repo: string;
}

export interface IssueComment {
  id: number;
  body: string;
  /** Written by a bot (the Action's token) or by someone with write access, not by any passer-by. */
  trusted: boolean;
}

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export interface PullRequestRef {
  number: number;
  labels: string[];
  mergeCommitSha?: string;
  htmlUrl?: string;
}

export interface ChangedFile {
  filename: string;
  status: string;
  previousFilename?: string;
}

export interface TrackedIssue {
  number: number;
  title: string;
  body: string;
  htmlUrl?: string;
}

export interface GitHubApi {
  listComments(issue: number): Promise<IssueComment[]>;
  createComment(issue: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<void>;
  deleteComment(id: number): Promise<void>;
  pullRequestFiles(pr: number): Promise<ChangedFile[]>;
  pullRequestsOfCommit(sha: string): Promise<PullRequestRef[]>;
  openIssues(label: string): Promise<TrackedIssue[]>;
  createIssue(title: string, body: string, labels: string[]): Promise<TrackedIssue>;
  updateIssue(issue: number, change: { body?: string; state?: 'open' | 'closed' }): Promise<void>;
}

/** GitHub's REST API through Octokit (base URL from GITHUB_API_URL, so GHES works). */
export function octokitApi(token: string, repo: Repo): GitHubApi {
  const octokit = getOctokit(token);
  const r = { owner: repo.owner, repo: repo.repo };
  return {
    async listComments(issue) {
      const all = await octokit.paginate(octokit.rest.issues.listComments, { ...r, issue_number: issue, per_page: 100 });
      return all.map((c) => ({ id: c.id, body: c.body ?? '', trusted: c.user?.type === 'Bot' || TRUSTED_ASSOCIATIONS.has(c.author_association) }));
    },
    async createComment(issue, body) {
      const { data } = await octokit.rest.issues.createComment({ ...r, issue_number: issue, body });
      return { id: data.id, body: data.body ?? '', trusted: true };
    },
    async updateComment(id, body) {
      await octokit.rest.issues.updateComment({ ...r, comment_id: id, body });
    },
    async deleteComment(id) {
      await octokit.rest.issues.deleteComment({ ...r, comment_id: id });
    },
    async pullRequestFiles(pr) {
      const all = await octokit.paginate(octokit.rest.pulls.listFiles, { ...r, pull_number: pr, per_page: 100 });
      return all.map((f) => ({ filename: f.filename, status: f.status, ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}) }));
    },
    async pullRequestsOfCommit(sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...r, commit_sha: sha });
      return data.map((p) => ({
        number: p.number,
        labels: p.labels.map((l) => l.name ?? '').filter(Boolean),
        ...(p.merge_commit_sha ? { mergeCommitSha: p.merge_commit_sha } : {}),
        ...(p.html_url ? { htmlUrl: p.html_url } : {}),
      }));
    },
    async openIssues(label) {
      const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...r, labels: label, state: 'open', per_page: 100 });
      return all.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title, body: i.body ?? '', ...(i.html_url ? { htmlUrl: i.html_url } : {}) }));
    },
    async createIssue(title, body, labels) {
      const { data } = await octokit.rest.issues.create({ ...r, title, body, labels });
      return { number: data.number, title: data.title, body: data.body ?? '', htmlUrl: data.html_url };
    },
    async updateIssue(issue, change) {
      await octokit.rest.issues.update({ ...r, issue_number: issue, ...change });
    },
  };
}
