// Commands a script runs indirectly, read as if they were written on their own: inside `$(...)` or
// backquotes (`EXT=$(az k8s-extension create ...)`), in a string given to PowerShell's
// Invoke-Expression (or bash's eval), in a variable run as a command (`$CREATE --config ...`), after
// variables set for the command only (`A=b az ...`), and on the right of a PowerShell assignment
// (`$ext = az ...`).
import type { ShellCommand, ShellDialect, ShellIssue, ShellWord, SourcePos } from './shell.ts';
import { parseShell } from './shell.ts';

/** Substitutions nest; deeper than this no real script goes, and hostile input stays linear. */
export const MAX_EMBEDDING_DEPTH = 4;

/** Commands that run their argument text as a command line. */
const RUNS_TEXT = new Set(['invoke-expression', 'iex', 'eval']);

/** Only text that mentions az is parsed again. */
const MENTIONS_AZ = /(^|[\s"'`(&;|])az\s/;

export interface Unfolded {
  commands: ShellCommand[];
  issues: ShellIssue[];
}

/**
 * Parses `text`, whose character k was written at input offset `offsets[k]`, and places what it
 * finds at those input offsets.
 */
function parseAt(text: string, offsets: readonly number[], dialect: ShellDialect, at: (offset: number) => SourcePos): Unfolded {
  const inner = parseShell(text, { dialect });
  const end = offsets.length ? offsets[offsets.length - 1]! + 1 : 0;
  const place = (o: number): number => offsets[o] ?? end;
  const pos = (p: SourcePos): SourcePos => at(place(p.offset));
  const word = (w: ShellWord): ShellWord => ({
    ...w,
    start: pos(w.start),
    offsets: w.offsets.map(place),
    substitutionStarts: w.substitutionStarts.map(place),
  });
  const commands = inner.commands.map((c): ShellCommand => ({
    ...c,
    start: pos(c.start),
    words: c.words.map(word),
    redirects: c.redirects.map((r) => (r.target ? { ...r, target: word(r.target) } : r)),
    heredocs: c.heredocs.map((h) => ({ ...h, start: pos(h.start) })),
  }));
  return { commands, issues: inner.issues.map((i) => ({ ...i, start: pos(i.start) })) };
}

/** The commands inside the `$(...)` and backquoted substitutions of a command's words. */
export function substitutedCommands(cmd: ShellCommand, dialect: ShellDialect, at: (offset: number) => SourcePos): Unfolded {
  const out: Unfolded = { commands: [], issues: [] };
  for (const w of cmd.words) {
    w.substitutions.forEach((inner, k) => {
      if (!MENTIONS_AZ.test(` ${inner}`)) return;
      const start = w.substitutionStarts[k]!;
      const found = parseAt(inner, Array.from(inner, (_c, j) => start + j), dialect, at);
      out.commands.push(...found.commands);
      out.issues.push(...found.issues);
    });
  }
  return out;
}

/**
 * The command a command stands for when it runs another: the text after Invoke-Expression / eval,
 * or of a variable run as a command (its words expanded by `expand`), or the command on the right
 * of `$name = ...`.
 * Undefined for an ordinary command.
 */
export function indirectCommands(cmd: ShellCommand, dialect: ShellDialect, at: (offset: number) => SourcePos, expand: (w: ShellWord) => ShellWord): Unfolded | undefined {
  const [first, second] = cmd.words;
  if (!first) return undefined;
  if (!first.quoted && /^\$(?:env:)?[A-Za-z_]\w*$/.test(first.text) && second?.text === '=' && cmd.words.length > 3) {
    return { commands: [{ ...cmd, words: cmd.words.slice(2), start: cmd.words[2]!.start }], issues: [] };
  }
  // `AZURE_CORE_OUTPUT=none az ...`: variables set for one command only.
  const prefix = cmd.words.findIndex((w) => !/^[A-Za-z_]\w*=/.test(w.text));
  if (prefix > 0 && cmd.words[prefix]!.text === 'az') {
    return { commands: [{ ...cmd, words: cmd.words.slice(prefix), start: cmd.words[prefix]!.start }], issues: [] };
  }
  // `$CMD --config ...`: a variable holding the command line, split into words by the shell.
  const runsVariable = !first.quoted && /^\$\{?[A-Za-z_]\w*\}?$/.test(first.text);
  if (!runsVariable && !RUNS_TEXT.has(first.text.toLowerCase())) return undefined;
  const args = runsVariable ? cmd.words : cmd.words.slice(1).filter((w, i) => !(i === 0 && /^-c(ommand)?$/i.test(w.text)));
  if (args.length === 0) return undefined;
  let text = '';
  const offsets: number[] = [];
  for (const w of args.map(expand)) {
    if (text) {
      text += ' ';
      offsets.push(offsets[offsets.length - 1]! + 1);
    }
    text += w.text;
    offsets.push(...w.offsets);
  }
  if (!MENTIONS_AZ.test(` ${text} `)) return undefined;
  return parseAt(text, offsets, dialect, at);
}
