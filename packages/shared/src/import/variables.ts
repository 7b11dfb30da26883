// Shell variables assigned in the imported text (`RG=ml-rg`, `$rg = "ml-rg"`,
// `CLUSTER_ID=$(az aks show -g RG -n NAME --query id -o tsv)`), so that later commands that use
// them can be read. Variables assigned elsewhere stay as written.
import { parseArgs } from './az-args.ts';
import type { ShellCommand, ShellDialect, ShellWord, SourcePos } from './shell.ts';
import { parseShell, sliceWord } from './shell.ts';

export interface Variable {
  /** The value, when the text shows it; a cluster resource ID for `az aks show --query id`. */
  value?: string;
  /** Where it was assigned. */
  at: SourcePos;
}

export type Variables = Map<string, Variable>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longest value recorded; a longer one stays unresolved. */
const MAX_VALUE_LENGTH = 64 * 1024;
const DECLARE = new Set(['export', 'declare', 'local', 'readonly', 'typeset']);

interface Assignment {
  name: string;
  value: ShellWord | undefined;
  at: SourcePos;
}

/** The assignments a command consists of, or undefined when it is not only assignments. */
function assignments(cmd: ShellCommand, at: (offset: number) => SourcePos): Assignment[] | undefined {
  const words = cmd.words;
  const first = words[0];
  if (!first) return undefined;
  // PowerShell: `$name = value` or `$env:NAME = value`.
  const ps = /^\$(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(=(.*))?$/.exec(first.text);
  if (ps && !first.quoted) {
    if (ps[2] !== undefined && words.length === 1) return [{ name: ps[1]!, value: sliceWord(first, first.text.indexOf('=') + 1, first.text.length, at), at: first.start }];
    if (words[1]?.text === '=' && words.length <= 3) return [{ name: ps[1]!, value: words[2], at: first.start }];
    return undefined;
  }
  const rest = DECLARE.has(first.text) ? words.slice(1) : words;
  if (rest.length === 0) return undefined;
  const out: Assignment[] = [];
  for (const w of rest) {
    const eq = w.text.indexOf('=');
    if (eq <= 0 || !NAME.test(w.text.slice(0, eq)) || w.offsets[eq - 1]! + 1 !== w.offsets[eq]) return undefined;
    out.push({ name: w.text.slice(0, eq), value: sliceWord(w, eq + 1, w.text.length, at), at: w.start });
  }
  return out;
}

/** `/subscriptions/.../managedClusters/NAME` for `az aks show ... --query id` (or connectedk8s). */
function clusterIdFromCommand(inner: string, dialect: ShellDialect): string | undefined {
  const parsed = parseShell(inner, { dialect });
  const cmd = parsed.commands.find((c) => c.words[0]?.text === 'az');
  if (!cmd) return undefined;
  const group = cmd.words.slice(1, 3).map((w) => w.text).join(' ');
  const provider = group === 'aks show' ? 'Microsoft.ContainerService/managedClusters' : group === 'connectedk8s show' ? 'Microsoft.Kubernetes/connectedClusters' : undefined;
  if (!provider) return undefined;
  const locate = (offset: number): SourcePos => ({ line: 1, column: offset + 1, offset });
  const args = parseArgs(
    cmd.words.slice(3),
    [
      { names: ['--resource-group', '-g'], takes: 'value' },
      { names: ['--name', '-n'], takes: 'value' },
      { names: ['--subscription'], takes: 'value' },
    ],
    locate,
  );
  const value = (name: string): string | undefined => args.uses.find((u) => u.spec.names[0] === name)?.values[0]?.text;
  const rg = value('--resource-group');
  const name = value('--name');
  if (value('--query')?.toLowerCase() !== 'id' || !rg || !name) return undefined;
  return `/subscriptions/${value('--subscription') ?? '<subscription-id>'}/resourceGroups/${rg}/providers/${provider}/${name}`;
}

/**
 * Records the variables a command assigns; returns true when the command is only assignments.
 * Values may use variables assigned before.
 */
export function recordAssignments(cmd: ShellCommand, vars: Variables, dialect: ShellDialect, at: (offset: number) => SourcePos): boolean {
  const list = assignments(cmd, at);
  if (!list) return false;
  for (const a of list) {
    const v: Variable = { at: a.at };
    if (a.value) {
      const subs = a.value.substitutions;
      if (subs.length === 1 && a.value.text.trim() === `$(${subs[0]})`) {
        const id = clusterIdFromCommand(subs[0]!, dialect);
        if (id !== undefined) v.value = id;
      } else if (subs.length === 0) {
        const expanded = expandWord(a.value, vars, at);
        // Values that use others (`B=$A$A`) could double at every line; none real is this long.
        if (expanded.unresolved.length === 0 && expanded.word.text.length <= MAX_VALUE_LENGTH) v.value = expanded.word.text;
      }
    } else {
      v.value = '';
    }
    vars.set(a.name, v);
  }
  return true;
}

export interface Expansion {
  word: ShellWord;
  /** Variables replaced by their value. */
  resolved: { name: string; at: SourcePos }[];
  /** Variables kept as written (assigned elsewhere, or by a command). */
  unresolved: string[];
}

const REFERENCE = /\$(?:\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}|env:([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Replaces `$NAME` / `${NAME}` by values known from the text; keeps the others as written. */
export function expandWord(word: ShellWord, vars: Variables, at: (offset: number) => SourcePos): Expansion {
  const out: Expansion = { word, resolved: [], unresolved: [] };
  if (!word.expands) return out;
  let text = '';
  const offsets: number[] = [];
  let last = 0;
  for (const m of word.text.matchAll(REFERENCE)) {
    const name = (m[1] ?? m[2] ?? m[3])!;
    const value = vars.get(name)?.value;
    if (value === undefined) {
      out.unresolved.push(name);
      continue;
    }
    text += word.text.slice(last, m.index);
    offsets.push(...word.offsets.slice(last, m.index));
    text += value;
    const dollar = word.offsets[m.index]!;
    for (let k = 0; k < value.length; k++) offsets.push(dollar);
    last = m.index + m[0].length;
    out.resolved.push({ name, at: at(dollar) });
  }
  if (out.resolved.length === 0) return out;
  text += word.text.slice(last);
  offsets.push(...word.offsets.slice(last));
  out.word = { ...word, text, offsets, expands: out.unresolved.length > 0 };
  return out;
}
