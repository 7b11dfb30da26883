// A forgiving shell tokenizer for command lines pasted from documentation or scripts. It splits
// text into commands and words the way bash (or PowerShell) would, keeps `$VAR` and `$(...)`
// literally, and remembers where every character of every word came from in the input.
// Documentation noise is tolerated: prompts (`$ `, `PS> `), markdown quote markers, fenced
// blocks and inline code, `<placeholders with spaces>`, apostrophes in prose.
import { offsetLocator } from '../model/offsets.ts';

export type ShellDialect = 'bash' | 'powershell';

export interface SourcePos {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** 0-based offset in the input text. */
  offset: number;
}

export interface ShellWord {
  /** The word after quote removal and escapes. */
  text: string;
  start: SourcePos;
  /** Input offset of each character of `text`. */
  offsets: number[];
  /** Some part of the word was quoted. */
  quoted: boolean;
  /** The shell would expand part of it (`$` outside single quotes); kept literally here. */
  expands: boolean;
  /** Inner text of each `$(...)` or backquoted substitution in the word, in order. */
  substitutions: string[];
  /** Input offset where the inner text of each substitution starts (it is written there as is). */
  substitutionStarts: number[];
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `2>`... */
  op: string;
  target?: ShellWord;
}

export interface HereDoc {
  delimiter: string;
  /** The delimiter was quoted (`<<'EOF'`): the shell takes the body literally, without expanding `$`. */
  quoted: boolean;
  body: string;
  start: SourcePos;
  /** Input offset where the body starts. */
  bodyOffset: number;
}

export interface ShellCommand {
  words: ShellWord[];
  redirects: ShellRedirect[];
  heredocs: HereDoc[];
  start: SourcePos;
  /** The command's output goes to the next command (`cat <<EOF | kubectl apply -f -`). */
  pipesToNext?: true;
}

export interface ShellIssue {
  message: string;
  start: SourcePos;
  /** Reported wherever it is, not only inside an imported command (it may have swallowed one). */
  anywhere?: boolean;
}

export interface ShellParse {
  commands: ShellCommand[];
  issues: ShellIssue[];
  dialect: ShellDialect;
}

/** Maps offsets of a text to line and column. */
export function lineLocator(text: string): (offset: number) => SourcePos {
  const locate = offsetLocator(text);
  return (offset) => ({ ...locate(offset), offset });
}

/** What only PowerShell writes: `$name = value`, `$env:NAME`, Invoke-Expression, a backtick-escaped quote. */
const POWERSHELL_SIGNS = /^[ \t]*\$[A-Za-z_]\w*[ \t]+=[ \t]|\$env:[A-Za-z_]|\b(?:Invoke-Expression|Write-Host|Write-Output)\b|`"/im;

/** PowerShell when lines are continued with a backtick or PowerShell syntax shows, and never a backslash continues one. */
export function detectDialect(text: string): ShellDialect {
  const backtick = /[ \t]`[ \t]*\r?$/m.test(text);
  const backslash = /\\[ \t]*\r?$/m.test(text);
  return (backtick || POWERSHELL_SIGNS.test(text)) && !backslash ? 'powershell' : 'bash';
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

interface WordBuilder {
  chars: string[];
  offsets: number[];
  start: number;
  quoted: boolean;
  expands: boolean;
  substitutions: string[];
  substitutionStarts: number[];
}

interface PendingHereDoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  owner: ShellCommand;
  start: number;
}

/** Deepest `$(` / `"` nesting followed (deeper input is read as unclosed). */
const MAX_NESTING = 200;

export function parseShell(text: string, options: { dialect?: ShellDialect } = {}): ShellParse {
  const dialect = options.dialect ?? detectDialect(text);
  const at = lineLocator(text);
  const commands: ShellCommand[] = [];
  const issues: ShellIssue[] = [];
  const n = text.length;

  let cmd: ShellCommand = { words: [], redirects: [], heredocs: [], start: at(0) };
  let word: WordBuilder | null = null;
  let pendingRedirect: string | null = null;
  let pendingHereDocs: PendingHereDoc[] = [];

  const issue = (message: string, offset: number, anywhere = false): void => {
    issues.push({ message, start: at(offset), ...(anywhere ? { anywhere } : {}) });
  };
  const ensureWord = (offset: number): WordBuilder => {
    word ??= { chars: [], offsets: [], start: offset, quoted: false, expands: false, substitutions: [], substitutionStarts: [] };
    return word;
  };
  const push = (c: string, offset: number): void => {
    const w = ensureWord(offset);
    w.chars.push(c);
    w.offsets.push(offset);
  };
  const pushRange = (from: number, to: number): void => {
    for (let k = from; k < to; k++) push(text[k]!, k);
  };
  const endWord = (): void => {
    const w = word;
    word = null;
    if (!w) return;
    const built: ShellWord = { text: w.chars.join(''), start: at(w.start), offsets: w.offsets, quoted: w.quoted, expands: w.expands, substitutions: w.substitutions, substitutionStarts: w.substitutionStarts };
    if (pendingRedirect !== null) {
      cmd.redirects.push({ op: pendingRedirect, target: built });
      pendingRedirect = null;
    } else {
      if (cmd.words.length === 0 && cmd.redirects.length === 0) cmd.start = built.start;
      cmd.words.push(built);
    }
  };
  const endCommand = (): void => {
    endWord();
    if (pendingRedirect !== null) {
      cmd.redirects.push({ op: pendingRedirect });
      pendingRedirect = null;
    }
    stripPrompt(cmd.words);
    if (cmd.words.length > 0 || cmd.redirects.length > 0 || cmd.heredocs.length > 0) commands.push(cmd);
    cmd = { words: [], redirects: [], heredocs: [], start: at(0) };
  };
  /** Offset just past blanks and one line break starting at `i`, or -1 when something else follows. */
  const continuationEnd = (i: number): number => {
    let j = i;
    while (isBlank(text[j])) j++;
    return text[j] === '\n' ? j + 1 : -1;
  };
  /** Reads here-document bodies that start at `from`; returns the offset after them. */
  const readHereDocs = (from: number): number => {
    let pos = from;
    for (const h of pendingHereDocs) {
      const bodyOffset = pos;
      const lines: string[] = [];
      let closed = false;
      while (pos < n) {
        const eol = text.indexOf('\n', pos);
        const end = eol === -1 ? n : eol;
        const raw = text.slice(pos, end).replace(/\r$/, '');
        pos = eol === -1 ? n : eol + 1;
        // Documentation often indents the closing delimiter; accept it trimmed.
        if (raw.trim() === h.delimiter) {
          closed = true;
          break;
        }
        lines.push(h.stripTabs ? raw.replace(/^\t+/, '') : raw);
      }
      if (!closed) issue(`Here-document "${h.delimiter}" is never closed: everything after it (${lines.length} line(s)) was read as its body, so no command there is imported. Close it with a line holding only ${h.delimiter}.`, h.start, true);
      h.owner.heredocs.push({ delimiter: h.delimiter, quoted: h.quoted, body: lines.length ? `${lines.join('\n')}\n` : '', start: at(h.start), bodyOffset });
    }
    pendingHereDocs = [];
    return pos;
  };

  /**
   * End offset (exclusive) of a `$(...)` that opens at `open` (the `(`), or -1. Every `(` a scan
   * passes is matched (or found unclosed) on the way and remembered: the scan from an inner `(`
   * would read the same characters the same way, so input full of `$(` lexes in linear time.
   */
  const parenEnds = new Map<number, number>();
  let nesting = 0;
  const matchParen = (open: number): number => {
    const known = parenEnds.get(open);
    if (known !== undefined) return known;
    // Substitutions inside strings inside substitutions recurse; past this depth (no real command
    // nests so deep) the rest is read as unclosed rather than exhausting the stack.
    if (nesting >= MAX_NESTING) return -1;
    nesting++;
    try {
      return scanParen(open);
    } finally {
      nesting--;
    }
  };
  const scanParen = (open: number): number => {
    const stack: number[] = [];
    const found = (end: number): number => {
      for (const o of stack) if (!parenEnds.has(o)) parenEnds.set(o, end);
      return end;
    };
    for (let k = open; k < n; k++) {
      const c = text[k];
      if (c === '\\' && dialect === 'bash') {
        k++;
        continue;
      }
      if (c === "'") {
        const close = findSingleQuoteEnd(k);
        if (close !== -1) k = close;
        continue;
      }
      if (c === '"') {
        const close = findDoubleQuoteEnd(k);
        if (close !== -1) k = close;
        continue;
      }
      if (c === '(') {
        const inner = k === open ? undefined : parenEnds.get(k);
        if (inner !== undefined) {
          // Already matched by an earlier scan: jump past it (or, unclosed, so is everything outside it).
          if (inner === -1) return found(-1);
          k = inner - 1;
          continue;
        }
        stack.push(k);
      } else if (c === ')') {
        const o = stack.pop()!;
        parenEnds.set(o, k + 1);
        if (stack.length === 0) return k + 1;
      }
    }
    return found(-1);
  };
  /** Offset of the `"` closing the string opened at `open`, or -1 when the line ends first. */
  function findDoubleQuoteEnd(open: number): number {
    for (let k = open + 1; k < n; k++) {
      const c = text[k];
      if ((c === '\\' && dialect === 'bash') || (c === '`' && dialect === 'powershell')) {
        k += text[k + 1] === '\r' && text[k + 2] === '\n' ? 2 : 1;
        continue;
      }
      if (c === '\n') return -1;
      if (c === '$' && text[k + 1] === '(') {
        const end = matchParen(k + 1);
        if (end !== -1) k = end - 1;
        continue;
      }
      if (c === '"') {
        if (dialect === 'powershell' && text[k + 1] === '"') {
          k++;
          continue;
        }
        return k;
      }
    }
    return -1;
  }
  /** Offset of the `'` closing the string opened at `open`, or -1 when the line ends first. */
  const findSingleQuoteEnd = (open: number): number => {
    for (let k = open + 1; k < n; k++) {
      const c = text[k];
      if (c === '\n') return -1;
      if (c === "'") {
        if (dialect === 'powershell' && text[k + 1] === "'") {
          k++;
          continue;
        }
        return k;
      }
    }
    return -1;
  };
  /** Bash's `$'...'` with backslash escapes (`\n`, `\t`, `\'`); returns the offset after it, or -1. */
  const ansiCString = (from: number): number => {
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
    let close = -1;
    for (let k = from; k < n && text[k] !== '\n'; k++) {
      if (text[k] === '\\') k++;
      else if (text[k] === "'") {
        close = k;
        break;
      }
    }
    if (close === -1) return -1;
    ensureWord(from - 2).quoted = true;
    for (let k = from; k < close; k++) {
      const c = text[k]!;
      if (c === '\\' && escapes[text[k + 1]!] !== undefined) {
        push(escapes[text[k + 1]!]!, k + 1);
        k++;
      } else {
        push(c, k);
      }
    }
    return close + 1;
  };
  /** `text.indexOf(ch, from)`, remembering the last answer so that repeated searches stay linear. */
  const lastFound = new Map<string, { from: number; at: number }>();
  const nextIndex = (ch: string, from: number): number => {
    const last = lastFound.get(ch);
    if (last && last.from <= from && (last.at === -1 || from <= last.at)) return last.at;
    const at = text.indexOf(ch, from);
    lastFound.set(ch, { from, at });
    return at;
  };
  /** `$`, `${...}`, `$(...)` at `i`; returns the offset after what it consumed. */
  const dollar = (i: number): number => {
    const next = text[i + 1];
    if (next === "'" && dialect === 'bash') {
      const end = ansiCString(i + 2);
      if (end !== -1) return end;
    }
    if (next === '(') {
      const end = matchParen(i + 1);
      if (end === -1) {
        issue('Command substitution "$(" is never closed.', i);
        push('$', i);
        return i + 1;
      }
      const w = ensureWord(i);
      w.expands = true;
      w.substitutions.push(text.slice(i + 2, end - 1));
      w.substitutionStarts.push(i + 2);
      pushRange(i, end);
      return end;
    }
    if (next === '{') {
      const close = nextIndex('}', i + 2);
      const eol = nextIndex('\n', i);
      if (close !== -1 && (eol === -1 || close < eol)) {
        ensureWord(i).expands = true;
        pushRange(i, close + 1);
        return close + 1;
      }
    }
    if (next !== undefined && /[A-Za-z_]/.test(next)) ensureWord(i).expands = true;
    push('$', i);
    return i + 1;
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;

    // Line continuations: `\` (bash) or a lone backtick (PowerShell) before the line break.
    if ((c === '\\' && dialect === 'bash') || (c === '`' && text[i - 1] !== '`' && text[i + 1] !== '`')) {
      let j = i + 1;
      while (isBlank(text[j])) j++;
      if (text[j] === '\n' || j >= n) {
        if (text.slice(i + 1, j).replace(/\r/g, '') !== '') issue(`Blank space after the line continuation "${c}": a shell would end the command here. Read as a continuation.`, i);
        i = j + 1;
        continue;
      }
    }
    if (c === '\\' && dialect === 'bash') {
      if (i + 1 < n) push(text[i + 1]!, i + 1);
      i += 2;
      continue;
    }
    if (c === '`') {
      if (dialect === 'powershell' && i + 1 < n && text[i + 1] !== '`') {
        push(text[i + 1]!, i + 1);
        i += 2;
        continue;
      }
      // Inside a word (`key=\`cmd\``) a backquote pair is a command substitution, as in bash: the
      // value is the command's output, unknown here, and nothing after it is lost.
      const close = word !== null && dialect === 'bash' ? nextIndex('`', i + 1) : -1;
      const eol = close === -1 ? -1 : nextIndex('\n', i);
      if (close !== -1 && (eol === -1 || close < eol) && close > i + 1) {
        const w = ensureWord(i);
        w.expands = true;
        w.substitutions.push(text.slice(i + 1, close));
        w.substitutionStarts.push(i + 1);
        pushRange(i, close + 1);
        i = close + 1;
        continue;
      }
      // Markdown inline code or fences: a boundary between commands.
      endCommand();
      i++;
      continue;
    }
    if (isBlank(c)) {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      endCommand();
      i = pendingHereDocs.length ? readHereDocs(i + 1) : i + 1;
      continue;
    }
    if (c === '#' && word === null) {
      if (dialect === 'powershell' && text[i - 1] === '<') {
        const close = text.indexOf('#>', i);
        i = close === -1 ? n : close + 2;
        continue;
      }
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'") {
      const close = findSingleQuoteEnd(i);
      // Quotes end with their line: an apostrophe in prose must not swallow the next commands.
      if (close === -1) {
        if (!isWordChar(text[i - 1])) issue('Unterminated single quote; read as a literal character.', i);
        push(c, i);
        i++;
        continue;
      }
      const w = ensureWord(i);
      w.quoted = true;
      for (let k = i + 1; k < close; k++) {
        push(text[k]!, k);
        if (dialect === 'powershell' && text[k] === "'" && text[k + 1] === "'") k++;
      }
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const close = findDoubleQuoteEnd(i);
      if (close === -1) {
        if (close === -1) issue('Unterminated double quote; read as a literal character.', i);
        push(c, i);
        i++;
        continue;
      }
      ensureWord(i).quoted = true;
      let k = i + 1;
      while (k < close) {
        const q = text[k]!;
        if (q === '\\' && dialect === 'bash') {
          const after = text[k + 1] === '\n' || text[k + 1] === '\r' ? continuationEnd(k + 1) : -1;
          if (after !== -1) {
            k = after;
            continue;
          }
          const e = text[k + 1]!;
          if (e === '"' || e === '\\' || e === '$' || e === '`') {
            push(e, k + 1);
          } else {
            push('\\', k);
            push(e, k + 1);
          }
          k += 2;
          continue;
        }
        if (q === '`' && dialect === 'powershell') {
          const after = continuationEnd(k + 1);
          if (after !== -1) {
            k = after;
            continue;
          }
          push(text[k + 1]!, k + 1);
          k += 2;
          continue;
        }
        if (q === '"' && dialect === 'powershell') {
          push('"', k);
          k += 2;
          continue;
        }
        if (q === '$') {
          k = dollar(k);
          continue;
        }
        push(q, k);
        k++;
      }
      i = close + 1;
      continue;
    }
    if (c === '$') {
      i = dollar(i);
      continue;
    }
    if (c === ';' || c === '|' || c === '(' || c === ')') {
      if (c === '|' && text[i + 1] !== '|') cmd.pipesToNext = true;
      endCommand();
      i += c === ';' || c === '|' ? (text[i + 1] === c ? 2 : 1) : 1;
      continue;
    }
    if (c === '&') {
      if (text[i + 1] === '>') {
        endWord();
        pendingRedirect = '&>';
        i += 2;
        continue;
      }
      endCommand();
      i += text[i + 1] === '&' ? 2 : 1;
      continue;
    }
    if (c === '<') {
      const placeholderEnd = placeholderAt(text, i);
      if (placeholderEnd !== -1) {
        pushRange(i, placeholderEnd);
        i = placeholderEnd;
        continue;
      }
      endWord();
      if (text[i + 1] === '<' && text[i + 2] !== '<') {
        const stripTabs = text[i + 2] === '-';
        let k = i + (stripTabs ? 3 : 2);
        while (isBlank(text[k])) k++;
        const m = /^(['"]?)([A-Za-z0-9_.-]+)\1/.exec(text.slice(k));
        if (m) {
          pendingHereDocs.push({ delimiter: m[2]!, quoted: m[1] !== '', stripTabs, owner: cmd, start: i });
          i = k + m[0].length;
          continue;
        }
      }
      const op = /^<{1,3}/.exec(text.slice(i))![0];
      pendingRedirect = op;
      i += op.length;
      continue;
    }
    if (c === '>') {
      // A markdown quote marker or a `>` prompt at the start of a command.
      if (word === null && cmd.words.length === 0 && cmd.redirects.length === 0 && (isBlank(text[i + 1]) || text[i + 1] === '\n')) {
        i++;
        continue;
      }
      let op = '>';
      const w = word as WordBuilder | null;
      if (w && /^\d$/.test(w.chars.join('')) && !w.quoted) {
        op = `${w.chars.join('')}>`;
        word = null;
      } else {
        endWord();
      }
      let k = i + 1;
      if (text[k] === '>' || text[k] === '|') {
        op += text[k];
        k++;
      }
      const dup = /^&(\d+|-)/.exec(text.slice(k));
      if (dup) {
        cmd.redirects.push({ op: `${op}${dup[0]}` });
        i = k + dup[0].length;
        continue;
      }
      pendingRedirect = op;
      i = k;
      continue;
    }
    push(c, i);
    i++;
  }
  endCommand();
  if (pendingHereDocs.length) readHereDocs(n);
  return { commands, issues, dialect };
}

/**
 * End offset of a documentation placeholder such as `<your-cluster>` or `<ssl cname>` opening at
 * `i`, or -1. A real redirection has a blank or an operator after `<`.
 */
export function placeholderAt(text: string, i: number): number {
  const next = text[i + 1];
  if (next === undefined || isBlank(next) || next === '\n' || '<>(&|;'.includes(next)) return -1;
  for (let k = i + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '>') return k + 1;
    if (c === '<' || c === '\n' || c === '"' || c === "'" || c === '`') return -1;
  }
  return -1;
}

const PROMPTS = new Set(['$', '%', 'PS>']);

/** Drops a shell prompt pasted with the command (`$ az ...`, `PS C:\> az ...`). */
function stripPrompt(words: ShellWord[]): void {
  const first = words[0];
  if (!first || first.quoted || words.length < 2) return;
  if (PROMPTS.has(first.text)) {
    words.shift();
  } else if (first.text === 'PS' && words[1]!.text.endsWith('>') && words.length > 2) {
    words.splice(0, 2);
  } else if (/^PS [^>]*>$/.test(first.text) || /^[\w.-]+@[\w.-]+:[^$#]*[$#]$/.test(first.text)) {
    words.shift();
  }
}

/** A view of part of a word (e.g. the value after `key=`), keeping source offsets. */
export function sliceWord(word: ShellWord, from: number, to: number, at: (offset: number) => SourcePos): ShellWord {
  const offsets = word.offsets.slice(from, to);
  const first = offsets[0];
  return { ...word, text: word.text.slice(from, to), offsets, start: first === undefined ? word.start : at(first) };
}
