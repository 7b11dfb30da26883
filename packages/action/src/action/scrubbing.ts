// What the Action sends to GitHub (comments, issues, deployment descriptions) is scrubbed of every
// secret value the run has read: the runner masks secrets in logs only, never in what the API posts.
import type { GitHubApi } from './github-api.ts';

export type Scrub = (text: string) => string;

export function scrubbingGitHubApi(api: GitHubApi, scrub: Scrub): GitHubApi {
  return {
    ...api,
    createComment: (issue, body) => api.createComment(issue, scrub(body)),
    updateComment: (id, body) => api.updateComment(id, scrub(body)),
    createIssue: (title, body, labels) => api.createIssue(scrub(title), scrub(body), labels),
    updateIssue: (issue, change) => api.updateIssue(issue, change.body === undefined ? change : { ...change, body: scrub(change.body) }),
    recordDeployment: (environment, sha, state, description, logUrl) => api.recordDeployment(environment, sha, state, scrub(description), logUrl),
  };
}
