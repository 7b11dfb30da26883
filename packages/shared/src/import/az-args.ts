// argparse-style reading of an az command's arguments: flags with one value, several values
// (`nargs='+'`, e.g. `--config a=1 b=2`), an optional boolean, or none.
import type { ShellWord, SourcePos } from './shell.ts';
import { sliceWord } from './shell.ts';

export type FlagArity = 'value' | 'values' | 'bool' | 'switch';

export interface FlagSpec {
  /** Long and short spellings; the first is the canonical one. */
  names: readonly string[];
  takes: FlagArity;
  /** Why the flag has no effect on the spec; reported as info. `quiet` reports nothing. */
  ignored?: string | 'quiet';
}

export interface FlagUse {
  spec: FlagSpec;
  /** The flag as written. */
  flag: ShellWord;
  values: ShellWord[];
}

export interface ParsedArgs {
  uses: FlagUse[];
  unknown: { flag: ShellWord; values: ShellWord[] }[];
  /** Words that belong to no flag. */
  positionals: ShellWord[];
}

/** Flags every az command accepts; none of them changes what is deployed. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { names: ['--output', '-o'], takes: 'value', ignored: 'quiet' },
  { names: ['--query'], takes: 'value', ignored: 'quiet' },
  { names: ['--only-show-errors'], takes: 'switch', ignored: 'quiet' },
  { names: ['--debug'], takes: 'switch', ignored: 'quiet' },
  { names: ['--verbose'], takes: 'switch', ignored: 'quiet' },
];

export function isOption(word: ShellWord): boolean {
  return !word.quoted && /^--?[A-Za-z]/.test(word.text);
}

export function parseArgs(words: readonly ShellWord[], specs: readonly FlagSpec[], at: (offset: number) => SourcePos): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const spec of [...specs, ...GLOBAL_FLAGS]) for (const name of spec.names) byName.set(name, spec);
  const out: ParsedArgs = { uses: [], unknown: [], positionals: [] };
  let i = 0;
  const takeValues = (max: number): ShellWord[] => {
    const values: ShellWord[] = [];
    while (i < words.length && values.length < max && !isOption(words[i]!)) values.push(words[i++]!);
    return values;
  };
  while (i < words.length) {
    const word = words[i++]!;
    if (!isOption(word)) {
      out.positionals.push(word);
      continue;
    }
    const eq = word.text.indexOf('=');
    const name = eq > 0 && word.text.startsWith('--') ? word.text.slice(0, eq) : word.text;
    const spec = byName.get(name);
    const inline = name !== word.text ? [sliceWord(word, eq + 1, word.text.length, at)] : [];
    const flag = name !== word.text ? sliceWord(word, 0, eq, at) : word;
    if (!spec) {
      out.unknown.push({ flag, values: [...inline, ...takeValues(Infinity)] });
      continue;
    }
    const max = spec.takes === 'values' ? Infinity : spec.takes === 'switch' ? 0 : 1;
    out.uses.push({ spec, flag, values: [...inline, ...takeValues(max - inline.length)] });
  }
  return out;
}

/**
 * Documentation sometimes loses the space before a flag (`sslKeyPemFile=<path>--resource-group`).
 * Splits such words where a known flag follows a placeholder's `>`; returns the split points.
 */
export function splitGluedFlags(words: readonly ShellWord[], specs: readonly FlagSpec[], at: (offset: number) => SourcePos): { words: ShellWord[]; splits: { before: ShellWord; flag: ShellWord }[] } {
  const names = new Set(specs.flatMap((s) => s.names.filter((n) => n.startsWith('--'))));
  const out: ShellWord[] = [];
  const splits: { before: ShellWord; flag: ShellWord }[] = [];
  for (const word of words) {
    const m = /^(.*>)(--[A-Za-z][\w-]*)$/.exec(word.text);
    if (!m || word.quoted || !names.has(m[2]!)) {
      out.push(word);
      continue;
    }
    const before = sliceWord(word, 0, m[1]!.length, at);
    const flag = sliceWord(word, m[1]!.length, word.text.length, at);
    out.push(before, flag);
    splits.push({ before, flag });
  }
  return { words: out, splits };
}
