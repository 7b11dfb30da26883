// Scaffolder action: open a pull request in an existing Azure DevOps repository with the files of the
// task workspace. Branch and commit are created by one "Pushes - Create" call (a ref update from the
// target branch's head plus one commit), then "Pull Requests - Create" opens the pull request.
// Credentials come from the backend's Azure integration config (integrations.azure[].credentials).
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError, ConflictError, AuthenticationError } from '@backstage/errors';
import type { AzureDevOpsCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction, getRepoSourceDirectory, parseRepoUrl, serializeDirectoryContents } from '@backstage/plugin-scaffolder-node';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { posix } from 'node:path';

// @backstage/integration's `import` build is ESM that takes named exports from lodash (CommonJS),
// which Node's own ESM loader refuses; its CommonJS build (the one Backstage's backends load) works.
const { DefaultAzureDevOpsCredentialsProvider, ScmIntegrations } = createRequire(import.meta.url)('@backstage/integration') as typeof import('@backstage/integration');

export const AZURE_DEVOPS_PULL_REQUEST_ACTION_ID = 'azureml:compute:azure-devops-pull-request';

/** The Azure DevOps REST API version every call uses. */
export const AZURE_DEVOPS_API_VERSION = '7.1';

/** Azure DevOps limits a pull request description to 4,000 characters. */
const MAX_DESCRIPTION = 4000;

export interface AzureDevOpsPullRequestActionOptions {
  /** The SCM integrations (`ScmIntegrations.fromConfig(config)`); give this or `config`. */
  integrations?: ScmIntegrationRegistry;
  /** The backend's root config, read for `integrations`. */
  config?: RootConfigService;
  /** Where credentials come from; default `DefaultAzureDevOpsCredentialsProvider` over the integrations. */
  credentialsProvider?: AzureDevOpsCredentialsProvider;
  /** The REST base of a host (no trailing slash); default `https://<host>`. Tests point it at a local double. */
  apiBaseUrl?: (host: string) => string;
}

interface Target {
  host: string;
  organization: string;
  project: string;
  repo: string;
}

interface RepoFile {
  /** Path in the repository, with a leading slash. */
  path: string;
  content: Buffer;
}

const describeTarget = (t: Target) => `repository ${t.repo} of project ${t.project} in organization ${t.organization} (${t.host})`;

const PERMISSION = 'Code (read & write): for a personal access token, the "Code: Read & write" scope; for a service principal or managed identity, Contribute, Create branch and Contribute to pull requests on the repository';

/** Branch names are taken with or without refs/heads/. */
const shortBranch = (name: string) => name.trim().replace(/^refs\/heads\//, '');

/** The git blob id of a content: what Azure DevOps reports as an item's objectId. */
function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Text that survives a UTF-8 round trip goes as rawtext, anything else as base64. */
function newContent(content: Buffer): { content: string; contentType: 'rawtext' | 'base64encoded' } {
  const text = content.toString('utf8');
  return Buffer.from(text, 'utf8').equals(content) && !text.includes('\0') ? { content: text, contentType: 'rawtext' } : { content: content.toString('base64'), contentType: 'base64encoded' };
}

/** Relative, inside the repository; '' for its root. */
function repoDir(targetPath: string | undefined): string {
  const raw = (targetPath ?? '').trim().replace(/\\/g, '/');
  if (raw === '' || raw === '.' || raw === '/') return '';
  const normalized = posix.normalize(raw.replace(/^\/+/, '')).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) throw new InputError(`targetPath must stay inside the repository: ${targetPath}`);
  return normalized === '.' ? '' : normalized;
}

class AzureDevOpsClient {
  private readonly base: string;
  private readonly target: Target;
  private readonly headers: Record<string, string>;
  private readonly signal: AbortSignal | undefined;

  constructor(base: string, target: Target, headers: Record<string, string>, signal: AbortSignal | undefined) {
    this.base = base;
    this.target = target;
    this.headers = headers;
    this.signal = signal;
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const t = this.target;
    const segments = [t.organization, t.project, '_apis', 'git', 'repositories', t.repo].map(encodeURIComponent).join('/');
    const params = new URLSearchParams({ ...query, 'api-version': AZURE_DEVOPS_API_VERSION });
    return `${this.base}/${segments}${path}?${params.toString()}`;
  }

  /** JSON of a 2xx answer; undefined for a 404 when `allow404`; a clear error otherwise. */
  async call<T>(what: string, method: 'GET' | 'POST', path: string, options: { query?: Record<string, string>; body?: unknown; allow404?: boolean } = {}): Promise<T | undefined> {
    const res = await fetch(this.url(path, options.query), {
      method,
      headers: { ...this.headers, accept: 'application/json', ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: this.signal,
      redirect: 'manual',
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json') ? (safeJson(text) as { message?: string } | undefined) : undefined;
    // A rejected credential may get a sign-in page (203, or a redirect to it) instead of a 401.
    if (res.status === 203 || (res.status >= 300 && res.status < 400) || (res.ok && json === undefined)) {
      throw new AuthenticationError(`Azure DevOps did not accept the credentials for ${describeTarget(this.target)} (${what}: HTTP ${res.status}, a sign-in page instead of JSON). Check integrations.azure[].credentials for ${this.target.host}; the credential needs ${PERMISSION}.`);
    }
    if (res.ok) return json as T;
    if (res.status === 404 && options.allow404) return undefined;
    const detail = json?.message ? `: ${json.message}` : '';
    const where = describeTarget(this.target);
    switch (res.status) {
      case 401:
        throw new AuthenticationError(`Azure DevOps rejected the credentials for ${where} (${what}: HTTP 401${detail}). Check integrations.azure[].credentials for ${this.target.host} (expired or revoked token?); the credential needs ${PERMISSION}.`);
      case 403:
        throw new NotAllowedError(`The Azure DevOps credential may not ${what} in ${where} (HTTP 403${detail}). It needs ${PERMISSION}.`);
      case 404:
        throw new NotFoundError(`Azure DevOps found no ${where}, or the credential cannot see it (${what}: HTTP 404${detail}). Check the organization, project and repository names, and that the credential has ${PERMISSION}.`);
      case 409:
        throw new ConflictError(`Azure DevOps refused to ${what} in ${where}: conflict (HTTP 409${detail}).`);
      default:
        throw new Error(`Azure DevOps could not ${what} in ${where}: HTTP ${res.status}${detail}`);
    }
  }
}

/** Code-unit order, the same on every machine. */
function byPath(a: RepoFile, b: RepoFile): number {
  if (a.path === b.path) return 0;
  return a.path < b.path ? -1 : 1;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface GitRepository {
  id: string;
  name: string;
  defaultBranch?: string;
  webUrl?: string;
  remoteUrl?: string;
}

export function createAzureDevOpsPullRequestAction(options: AzureDevOpsPullRequestActionOptions) {
  const integrations = options.integrations ?? (options.config ? ScmIntegrations.fromConfig(options.config) : undefined);
  if (!integrations) throw new Error(`${AZURE_DEVOPS_PULL_REQUEST_ACTION_ID}: give integrations or config`);
  let credentialsProvider = options.credentialsProvider;
  const apiBaseUrl = options.apiBaseUrl ?? ((host: string) => `https://${host}`);

  return createTemplateAction({
    id: AZURE_DEVOPS_PULL_REQUEST_ACTION_ID,
    description:
      'Opens a pull request in an existing Azure DevOps repository with the files of the workspace: one push creates the branch and its commit from the target branch, then the pull request is created. Credentials come from integrations.azure.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Open a pull request with the rendered spec',
        example: `steps:\n  - id: publish\n    name: Open a pull request in Azure DevOps\n    action: ${AZURE_DEVOPS_PULL_REQUEST_ACTION_ID}\n    input:\n      repoUrl: dev.azure.com?organization=my-org&project=platform&repo=ml-computes\n      branchName: azureml-compute/\${{ parameters.computeName }}\n      title: Azure ML compute \${{ parameters.computeName }}\n      description: Adds \${{ steps.render.output.path }}\n`,
      },
    ],
    schema: {
      input: {
        repoUrl: (z) => z.string().min(1).describe('dev.azure.com?organization=<org>&project=<project>&repo=<repo> (the RepoUrlPicker value)'),
        branchName: (z) => z.string().min(1).describe('The new branch the commit goes to; it must not exist yet'),
        targetBranchName: (z) => z.string().optional().describe("The branch the pull request merges into (default: the repository's default branch)"),
        title: (z) => z.string().min(1).describe('Pull request title (also the commit message unless commitMessage is given)'),
        description: (z) => z.string().max(MAX_DESCRIPTION).optional().describe('Pull request description (Markdown, at most 4,000 characters)'),
        commitMessage: (z) => z.string().optional().describe('Commit message (default: the title)'),
        sourcePath: (z) => z.string().optional().describe('Folder of the workspace whose files are committed (default: the whole workspace)'),
        targetPath: (z) => z.string().optional().describe('Folder of the repository the files go to (default: its root)'),
        draft: (z) => z.boolean().optional().describe('Open the pull request as a draft'),
      },
      output: {
        pullRequestUrl: (z) => z.string().describe('Web URL of the pull request'),
        pullRequestId: (z) => z.number().describe('Pull request ID'),
        branchName: (z) => z.string().describe('The branch created (refs/heads/...)'),
        targetBranchName: (z) => z.string().describe('The branch the pull request targets (refs/heads/...)'),
        commitId: (z) => z.string().describe('The commit pushed (empty in a dry run)'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const parsed = parseRepoUrl(input.repoUrl, integrations);
      if (integrations.byHost(parsed.host)?.type !== 'azure') throw new InputError(`${input.repoUrl} is not an Azure DevOps repository (host ${parsed.host} has no integrations.azure entry)`);
      if (!parsed.organization) throw new InputError(`Invalid repoUrl ${input.repoUrl}: missing organization`);
      const target: Target = { host: parsed.host, organization: parsed.organization, project: parsed.project!, repo: parsed.repo };
      const branch = shortBranch(input.branchName);
      if (!branch) throw new InputError('branchName is empty');
      const requestedTarget = input.targetBranchName?.trim() ? shortBranch(input.targetBranchName) : undefined;
      const title = input.title.trim();

      // The files to commit: everything under sourcePath, placed under targetPath.
      const dir = repoDir(input.targetPath);
      const sourceDir = getRepoSourceDirectory(ctx.workspacePath, input.sourcePath);
      const serialized = await serializeDirectoryContents(sourceDir, { gitignore: true });
      const symlinks = serialized.filter((f) => f.symlink).map((f) => f.path);
      if (symlinks.length) throw new InputError(`Symbolic links cannot be pushed through the Azure DevOps REST API: ${symlinks.join(', ')}`);
      const files: RepoFile[] = serialized.map((f) => ({ path: `/${dir ? `${dir}/` : ''}${f.path}`, content: f.content })).sort(byPath);
      if (!files.length) throw new InputError(`No files to commit in ${input.sourcePath ? `workspace folder ${input.sourcePath}` : 'the workspace'}`);

      const webRepo = `${apiBaseUrl(target.host)}/${[target.organization, target.project, '_git', target.repo].map(encodeURIComponent).join('/')}`;
      if (ctx.isDryRun) {
        const targetRef = `refs/heads/${requestedTarget ?? '<default branch>'}`;
        ctx.logger.info(`[dry run] would push ${files.map((f) => f.path).join(', ')} to refs/heads/${branch} of ${describeTarget(target)} and open a pull request into ${targetRef}: ${title}`);
        ctx.output('pullRequestUrl', `${webRepo}/pullrequest/0`);
        ctx.output('pullRequestId', 0);
        ctx.output('branchName', `refs/heads/${branch}`);
        ctx.output('targetBranchName', targetRef);
        ctx.output('commitId', '');
        return;
      }

      credentialsProvider ??= DefaultAzureDevOpsCredentialsProvider.fromIntegrations(integrations);
      const credentials = await credentialsProvider.getCredentials({ url: `https://${target.host}/${encodeURIComponent(target.organization)}` });
      if (!credentials) {
        throw new InputError(`No Azure DevOps credentials for organization ${target.organization} on ${target.host}: add integrations.azure[].credentials for it to the backend config (the credential needs ${PERMISSION}).`);
      }
      const client = new AzureDevOpsClient(apiBaseUrl(target.host), target, credentials.headers, ctx.signal);

      // 1. The repository: its default branch and web URL (and a clear error if it cannot be read).
      const repository = (await client.call<GitRepository>('read the repository', 'GET', ''))!;
      const targetShort = requestedTarget ?? (repository.defaultBranch ? shortBranch(repository.defaultBranch) : undefined);
      if (!targetShort) throw new InputError(`${describeTarget(target)} has no default branch (is it empty?): give targetBranchName`);
      if (targetShort === branch) throw new InputError(`branchName and the target branch are both ${branch}: name a new branch`);
      const targetRef = `refs/heads/${targetShort}`;
      const sourceRef = `refs/heads/${branch}`;

      // 2. The target branch's head ("Refs - List"; the filter is a prefix, so match the name exactly).
      const refs = (await client.call<{ value: { name: string; objectId: string }[] }>('list branches', 'GET', '/refs', { query: { filter: `heads/${targetShort}` } }))!;
      const head = refs.value?.find((r) => r.name === targetRef)?.objectId;
      if (!head) throw new NotFoundError(`${describeTarget(target)} has no branch ${targetShort}`);

      // 3. Add or edit, per file, from what the target branch holds; unchanged files are left out.
      const changes: unknown[] = [];
      for (const file of files) {
        const item = await client.call<{ objectId?: string; gitObjectType?: string; isFolder?: boolean }>('read a file', 'GET', '/items', {
          query: { path: file.path, 'versionDescriptor.version': head, 'versionDescriptor.versionType': 'commit', includeContent: 'false' },
          allow404: true,
        });
        if (item?.isFolder || (item?.gitObjectType && item.gitObjectType !== 'blob')) throw new InputError(`${file.path} is a folder in ${targetShort} of ${describeTarget(target)}`);
        if (item?.objectId === blobId(file.content)) {
          ctx.logger.info(`${file.path} is unchanged in ${targetShort}; left out of the commit`);
          continue;
        }
        changes.push({ changeType: item ? 'edit' : 'add', item: { path: file.path }, newContent: newContent(file.content) });
      }
      if (!changes.length) throw new InputError(`Every file is already in ${targetShort} of ${describeTarget(target)} with the same content: there is nothing to propose`);

      // 4. One push: the new branch from the target's head, with one commit.
      let push: { commits?: { commitId: string }[] };
      try {
        push = (await client.call<typeof push>('push a branch', 'POST', '/pushes', {
          body: { refUpdates: [{ name: sourceRef, oldObjectId: head }], commits: [{ comment: input.commitMessage?.trim() || title, changes }] },
        }))!;
      } catch (e) {
        if (e instanceof ConflictError || (e instanceof Error && /TF401028/.test(e.message))) {
          throw new ConflictError(`Branch ${branch} already exists in ${describeTarget(target)} (or was changed while pushing): rename branchName (e.g. add a suffix) or delete the old branch, then run again. ${e.message}`);
        }
        throw e;
      }
      const commitId = push.commits?.[0]?.commitId ?? '';
      ctx.logger.info(`pushed ${changes.length} file(s) to ${sourceRef} (commit ${commitId || 'unknown'}) of ${describeTarget(target)}`);

      // 5. The pull request.
      const pr = (await client.call<{ pullRequestId: number }>('create a pull request', 'POST', '/pullrequests', {
        body: { sourceRefName: sourceRef, targetRefName: targetRef, title, description: input.description ?? '', isDraft: input.draft ?? false },
      }))!;
      const pullRequestUrl = `${repository.webUrl ?? webRepo}/pullrequest/${pr.pullRequestId}`;
      ctx.logger.info(`opened pull request ${pr.pullRequestId}: ${pullRequestUrl}`);
      ctx.output('pullRequestUrl', pullRequestUrl);
      ctx.output('pullRequestId', pr.pullRequestId);
      ctx.output('branchName', sourceRef);
      ctx.output('targetBranchName', targetRef);
      ctx.output('commitId', commitId);
    },
  });
}
