// What the readers of az commands share: positions, diagnostics, variables, settings files.
import type { Severity } from '../diagnostics.ts';
import type { DiagnosticSink, ImportCode, ImportDiagnostic } from './diagnostics.ts';
import { IMPORT_CODES } from './diagnostics.ts';
import type { ShellDialect, ShellWord, SourcePos } from './shell.ts';
import type { Variables } from './variables.ts';
import { expandWord } from './variables.ts';

/** A flag value as it will appear in the spec, with the word it came from. */
export interface Value {
  text: string;
  word: ShellWord;
  /** `$VARIABLES` left as written because the text does not assign them. */
  unresolved: string[];
}

export interface ReadContext {
  at: (offset: number) => SourcePos;
  sink: DiagnosticSink;
  vars: Variables;
  dialect: ShellDialect;
  /** Content of a settings file named in the text, or why it cannot be read. */
  readSettingsFile: (path: string) => { content: string } | { problem: string };
}

export function valueOf(word: ShellWord, ctx: ReadContext): Value {
  const expanded = expandWord(word, ctx.vars, ctx.at);
  for (const r of expanded.resolved) {
    const v = ctx.vars.get(r.name)!;
    ctx.sink.add('info', IMPORT_CODES.variable, r.at, `$${r.name} is read as "${v.value}", assigned at line ${v.at.line}.`);
  }
  return { text: expanded.word.text, word: expanded.word, unresolved: expanded.unresolved };
}

/** A sink that holds diagnostics until it is known whether the command is imported at all. */
export function heldSink(): DiagnosticSink & { flushTo(target: DiagnosticSink): void } {
  const held: { severity: Severity; code: ImportCode; at: SourcePos; message: string; setting?: string }[] = [];
  return {
    all: [] as ImportDiagnostic[],
    add(severity, code, at, message, setting) {
      held.push(setting === undefined ? { severity, code, at, message } : { severity, code, at, message, setting });
    },
    flushTo(target) {
      for (const d of held) target.add(d.severity, d.code, d.at, d.message, d.setting);
      held.length = 0;
    },
  };
}
