// The GitHub workflows (.github/workflows) and the turbo wiring behind the README's commands. SchemaStore's
// github-workflow schema is not vendored (no network here), so each workflow is parsed as strict YAML (every
// error and warning counts) and its shape is checked: triggers, the CI script, the dist/ check, the npm
// publication of exactly the non-private packages, and the moving major tag of the Action.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { REPO } from './run-cli.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');

function loadStrict(path: string): Obj {
  const doc = parseDocument(read(path), { strict: true, uniqueKeys: true, prettyErrors: true });
  expect([...doc.errors, ...doc.warnings].map((e) => `${path}: ${e.name} ${e.code}: ${e.message}`)).toEqual([]);
  const value: unknown = doc.toJS();
  if (!isObj(value)) throw new Error(`${path} is not a mapping at the top level`);
  return value;
}

interface Step { uses?: string; run?: string; with?: Obj; env?: Obj; if?: string; name?: string }
interface Job { 'runs-on'?: unknown; steps?: Step[] }

function jobs(wf: Obj): Record<string, Job> {
  expect(isObj(wf.jobs)).toBe(true);
  const all = wf.jobs as Record<string, Job>;
  for (const [id, job] of Object.entries(all)) {
    expect({ id, runsOn: typeof job['runs-on'], steps: Array.isArray(job.steps) && job.steps.length > 0 }).toEqual({ id, runsOn: 'string', steps: true });
    for (const s of job.steps!) expect({ id, step: s.name ?? s.uses, oneOf: (s.uses === undefined) !== (s.run === undefined) }).toEqual({ id, step: s.name ?? s.uses, oneOf: true });
  }
  return all;
}

const steps = (wf: Obj): Step[] => Object.values(jobs(wf)).flatMap((j) => j.steps!);
const runs = (ss: Step[]): string[] => ss.flatMap((s) => (s.run ? s.run.split('\n').map((l) => l.trim()) : []));

/** A GitHub Actions filter pattern (branches/tags) as a RegExp: `*` no `/`, `**` anything, `+`/`?` quantifiers, `[...]` classes. */
function filterRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') { re += '.*'; i++; } else re += '[^/]*';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i);
      re += pattern.slice(i, end + 1);
      i = end;
    } else if (c === '+' || c === '?') re += c;
    else re += c.replace(/[.\\^$(){}|/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const WORKFLOWS = '.github/workflows';

describe('.github/workflows', () => {
  test('every workflow file parses as strict YAML with a name, triggers and jobs', () => {
    const files = readdirSync(join(REPO, WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files).toEqual(['ci.yml', 'release.yml']);
    for (const f of files) {
      const wf = loadStrict(`${WORKFLOWS}/${f}`);
      expect({ f, name: typeof wf.name, on: isObj(wf.on) }).toEqual({ f, name: 'string', on: true });
      jobs(wf);
    }
  });

  test('ci.yml: on push and pull requests, Node 20, runs exactly `bash .ci/run`, checks dist/ against a fresh build', () => {
    const wf = loadStrict(`${WORKFLOWS}/ci.yml`);
    const on = wf.on as Obj;
    expect(Object.keys(on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const all = jobs(wf);
    for (const job of Object.values(all)) {
      const uses = job.steps!.map((s) => s.uses?.replace(/@.*/, ''));
      expect(uses).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node']));
      expect(String(job.steps!.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'])).toBe('20');
    }
    const test = Object.values(all).find((j) => runs(j.steps!).includes('bash .ci/run'));
    expect(test).toBeDefined();
    const dist = Object.values(all).find((j) => runs(j.steps!).includes('git diff --exit-code packages/action/dist'));
    expect(dist).toBeDefined();
    const lines = runs(dist!.steps!);
    expect(lines.indexOf('npm run build')).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('npm run build')).toBeLessThan(lines.indexOf('git diff --exit-code packages/action/dist'));
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  test('.ci/run runs exactly the README test command', () => {
    const ci = read('.ci/run').split('\n').map((l) => l.trim());
    expect(ci).toContain('npm test');
    expect(read('README.md')).toMatch(/```sh\nnpm start\nnpm test\n```/);
  });

  test('release.yml: on vX.Y.Z tags (not the moving major tag), publishes exactly the non-private packages, moves the major tag', () => {
    const wf = loadStrict(`${WORKFLOWS}/release.yml`);
    const tags = ((wf.on as Obj).push as Obj).tags as string[];
    const matches = (t: string): boolean => tags.some((p) => filterRegExp(p).test(t));
    expect(['v1.2.3', 'v10.0.0', 'v2.0.0-rc.1'].filter((t) => !matches(t))).toEqual([]);
    expect(['v1', 'v12', 'latest', '1.2.3'].filter(matches)).toEqual([]);
    expect(wf.permissions).toMatchObject({ contents: 'write' });

    const ss = steps(wf);
    const lines = runs(ss);
    expect(lines).toEqual(expect.arrayContaining(['npm test', 'npm run build', 'git diff --exit-code packages/action/dist']));
    const publish = ss.find((s) => s.run?.includes('npm publish "$tarball"'));
    expect(publish?.env?.NODE_AUTH_TOKEN).toMatch(/^\$\{\{\s*secrets\.[A-Z_]+\s*\}\}$/);
    // The publishable set (not `private`) and its order come from the pack script (scripts/packages.test.ts).
    expect(publish?.run).toContain('bash scripts/pack-packages.sh');
    expect(ss.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['registry-url']).toBe('https://registry.npmjs.org');

    const move = ss.find((s) => s.run?.includes('git push --force origin "refs/tags/$major"'));
    expect(move?.run).toContain('major="${GITHUB_REF_NAME%%.*}"');
    expect(move?.if).toMatch(/contains\(github\.ref_name, '-'\)/); // prereleases do not move v1
  });

  test('CONTRIBUTING.md names every publishable (non-private) package, or says there are none', () => {
    const publishable = readdirSync(join(REPO, 'packages'))
      .map((d) => join(REPO, 'packages', d, 'package.json'))
      .filter((f) => existsSync(f))
      .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { name: string; private?: boolean })
      .filter((p) => p.private !== true)
      .map((p) => p.name);
    const doc = read('CONTRIBUTING.md');
    if (publishable.length === 0) expect(doc).toMatch(/every workspace package is `"private": true`/);
    else expect(publishable.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
});

describe('turbo', () => {
  const turbo = JSON.parse(read('turbo.json')) as { remoteCache?: Obj; tasks: Record<string, Obj> };
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  test('npm test runs setup, then the type check, the one root jest run and the lint through turbo, telemetry off', () => {
    expect(scripts.test).toMatch(/^bash scripts\/setup\.sh --quiet && .*turbo run \/\/#typecheck \/\/#test:jest lint \/\/#lint:root\b/);
    expect(scripts.lint).toMatch(/\bturbo run lint \/\/#lint:root\b/);
    for (const name of ['test', 'build', 'lint']) expect({ name, telemetryOff: /TURBO_TELEMETRY_DISABLED=1/.test(scripts[name]!) }).toEqual({ name, telemetryOff: true });
    expect(scripts['test:jest']).toBe('NODE_OPTIONS=--experimental-vm-modules jest');
    expect(scripts.typecheck).toBe('tsc -b tsconfig.json');
  });

  test('jest (servers, browsers) is never cached; it waits for the type check and the Action bundle; no remote cache', () => {
    // Tests run the committed bundle: building it first would make the freshness test (dist.test.ts) unable to fail.
    expect(turbo.tasks['//#test:jest']).toEqual({ cache: false, dependsOn: ['//#typecheck'] });
    expect(turbo.tasks['@aml-k8s/action#build']?.outputs).toEqual(['dist/**']);
    expect(turbo.remoteCache).toMatchObject({ enabled: false });
    // Lint tasks are cached, write nothing and wait for no build.
    const lints = Object.entries(turbo.tasks).filter(([t]) => /(^|#)lint(:root)?$/.test(t));
    expect(lints.length).toBeGreaterThan(1);
    for (const [task, t] of lints) expect({ task, cache: t.cache ?? true, outputs: t.outputs, dependsOn: t.dependsOn ?? [] }).toEqual({ task, cache: true, outputs: [], dependsOn: [] });
    // Every workspace package has a lint script (turbo skips a package without one, silently).
    const unlinted = readdirSync(join(REPO, 'packages')).filter((d) => existsSync(join(REPO, 'packages', d, 'package.json')) && !(JSON.parse(read(`packages/${d}/package.json`)) as { scripts?: Obj }).scripts?.lint);
    expect(unlinted).toEqual([]);
    // Root scripts that turbo runs as root tasks must not call turbo themselves (turbo refuses the loop).
    for (const task of Object.keys(turbo.tasks).filter((t) => t.startsWith('//#'))) {
      const script = scripts[task.slice(3)];
      expect({ task, script: typeof script, turbo: /\bturbo\b/.test(script ?? '') }).toEqual({ task, script: 'string', turbo: false });
    }
  });
});
