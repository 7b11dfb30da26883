// `aml-k8s import az`: finds the `az k8s-extension create|update` commands that install the
// Azure ML extension and the `az ml compute attach --type Kubernetes` commands in shell text
// (a script, or documentation pasted as is) and turns them into spec documents.
import { readRegularFile } from '../model/read-file.ts';
import { dirname, resolve } from 'node:path';
import type { ComputeDocument } from '../model/types.ts';
import type { AttachCommand } from './attach-command.ts';
import { readAttachCommand } from './attach-command.ts';
import type { ReadContext } from './context.ts';
import { heldSink } from './context.ts';
import type { ImportDiagnostic } from './diagnostics.ts';
import { IMPORT_CODES, diagnosticSink } from './diagnostics.ts';
import type { InstanceTypeBlock } from './instance-types.ts';
import { kubectlInput, placeInstanceTypes, readInstanceTypes } from './instance-types.ts';
import type { UpdateScope } from './documents.ts';
import { finalizeDrafts, groupCommands, updateBelongs } from './documents.ts';
import type { ExtensionCommand } from './extension-command.ts';
import { readExtensionCommand } from './extension-command.ts';
import { MAX_EMBEDDING_DEPTH, indirectCommands, substitutedCommands } from './embedded.ts';
import type { HereDoc, ShellCommand, ShellWord } from './shell.ts';
import { lineLocator, parseShell } from './shell.ts';
import { documentsToYaml } from './to-yaml.ts';
import type { Variables } from './variables.ts';
import { expandWord, recordAssignments } from './variables.ts';

export type { ImportDiagnostic } from './diagnostics.ts';
export type { UpdateScope } from './documents.ts';

export interface ImportOptions {
  /** Path of the input file: named in diagnostics; settings files are read relative to it. */
  file?: string;
  /** Folder for relative settings-file paths when there is no input file. Default: the working directory. */
  cwd?: string;
  /** Reads a settings file by absolute path; default: the file system. */
  readFile?: (absolutePath: string) => string | undefined;
}

export interface ImportResult {
  documents: ComputeDocument[];
  diagnostics: ImportDiagnostic[];
  /** Lines of the commands each document was made from, by document. */
  sourceLines: number[][];
  /** By document: what it changes when it is made only of updates (no create in the text). */
  updates: (UpdateScope | undefined)[];
  /** By document: settings whose value is a variable the text does not assign. */
  variableSettings: string[][];
}

/** Settings files are JSON of a few KiB; a FIFO, a device or anything larger is not read. */
const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

function readFromDisk(path: string): string | undefined {
  try {
    return readRegularFile(path, MAX_SETTINGS_FILE_BYTES);
  } catch {
    return undefined;
  }
}

/** Files written by here-documents in the text (`cat > settings.json <<EOF`). */
function hereDocFiles(commands: readonly ShellCommand[]): Map<string, HereDoc> {
  const files = new Map<string, HereDoc>();
  for (const cmd of commands) {
    const doc = cmd.heredocs[0];
    if (doc === undefined) continue;
    const target = cmd.redirects.find((r) => r.op === '>' || r.op === '>>')?.target?.text ?? (cmd.words[0]?.text === 'tee' ? cmd.words[1]?.text : undefined);
    if (target) files.set(target, doc);
  }
  return files;
}

const wordsAre = (cmd: ShellCommand, ...words: string[]): boolean => words.every((w, i) => cmd.words[i]?.text === w);

/** Offsets an imported command spans, for reporting the shell issues inside it. */
function span(cmd: ShellCommand): [number, number] {
  const last = cmd.words.at(-1);
  return [cmd.start.offset, last ? (last.offsets.at(-1) ?? last.start.offset) : cmd.start.offset];
}

export function importAz(text: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseShell(text);
  const at = lineLocator(text);
  const sink = diagnosticSink(options.file);
  const vars: Variables = new Map();
  const virtualFiles = hereDocFiles(parsed.commands);
  const base = options.file ? dirname(resolve(options.cwd ?? process.cwd(), options.file)) : resolve(options.cwd ?? process.cwd());
  const read = options.readFile ?? readFromDisk;
  const ctxFor = (target: ReturnType<typeof heldSink>): ReadContext => ({
    at,
    sink: target,
    vars,
    dialect: parsed.dialect,
    readSettingsFile: (path) => {
      const inText = virtualFiles.get(path);
      if (inText !== undefined) return { content: inText.body };
      const absolute = resolve(base, path);
      const content = read(absolute);
      return content === undefined ? { problem: `cannot be read (looked for ${absolute})` } : { content };
    },
  });

  const imported: (ExtensionCommand | AttachCommand)[] = [];
  const spans: [number, number][] = [];
  const issues = [...parsed.issues];
  const instanceTypeBlocks: InstanceTypeBlock[] = [];
  const expand = (w: ShellWord): ShellWord => expandWord(w, vars, at).word;

  const importCommand = (cmd: ShellCommand): void => {
    const held = heldSink();
    let command: ExtensionCommand | AttachCommand | undefined;
    if (wordsAre(cmd, 'az', 'k8s-extension', 'create') || wordsAre(cmd, 'az', 'k8s-extension', 'update')) {
      const extension = readExtensionCommand(cmd, cmd.words[2]!.text as 'create' | 'update', ctxFor(held));
      // An update names no extension type (nor does a variable one): it belongs if it changes an Azure ML extension.
      const belongs = extension && ((extension.verb === 'create' && !extension.variableType) || updateBelongs(groupCommands(imported, heldSink()), extension));
      if (belongs) command = extension;
    } else if (wordsAre(cmd, 'az', 'ml', 'compute', 'attach')) {
      command = readAttachCommand(cmd, ctxFor(held));
    }
    if (!command) return;
    held.flushTo(sink);
    imported.push(command);
    spans.push(span(cmd));
  };

  const visit = (cmd: ShellCommand, depth: number): void => {
    // What a command substitutes runs first.
    if (depth < MAX_EMBEDDING_DEPTH) {
      const inner = substitutedCommands(cmd, parsed.dialect, at);
      issues.push(...inner.issues);
      for (const c of inner.commands) visit(c, depth + 1);
    }
    if (recordAssignments(cmd, vars, parsed.dialect, at)) return;
    const indirect = depth < MAX_EMBEDDING_DEPTH ? indirectCommands(cmd, parsed.dialect, at, expand) : undefined;
    if (indirect) {
      issues.push(...indirect.issues);
      for (const c of indirect.commands) visit(c, depth + 1);
      return;
    }
    const kubectlReads = kubectlInput(cmd);
    if (kubectlReads !== undefined) {
      const piped = previous?.pipesToNext && previous.words[0]?.text === 'cat' ? previous.heredocs[0] : undefined;
      const yaml = kubectlReads === '-' ? (cmd.heredocs[0] ?? piped) : virtualFiles.get(kubectlReads);
      if (yaml) instanceTypeBlocks.push(readInstanceTypes(yaml, at, sink, cmd.start));
    }
    if (cmd.words[0]?.text === 'az') importCommand(cmd);
  };
  let previous: ShellCommand | undefined;
  for (const cmd of parsed.commands) {
    visit(cmd, 0);
    previous = cmd;
  }

  for (const issue of issues) {
    if (issue.anywhere || spans.some(([from, to]) => issue.start.offset >= from && issue.start.offset <= to)) sink.add('warning', IMPORT_CODES.shell, issue.start, issue.message);
  }
  const documents = finalizeDrafts(groupCommands(imported, sink), sink, at, text);
  placeInstanceTypes(documents, instanceTypeBlocks, sink);
  if (documents.length === 0) {
    sink.add('warning', IMPORT_CODES.nothing, at(0), 'No az k8s-extension create/update of the Microsoft.AzureML.Kubernetes extension and no az ml compute attach --type Kubernetes were found, so there is nothing to import.');
  }
  const diagnostics = [...sink.all].sort((a, b) => a.line - b.line || a.column - b.column);
  return { documents: documents.map((d) => d.doc), diagnostics, sourceLines: documents.map((d) => d.lines), updates: documents.map((d) => d.update), variableSettings: documents.map((d) => d.variableSettings) };
}

export interface YamlImportResult extends ImportResult {
  /** The documents as YAML, separated by `---`, under a header naming the source. */
  yaml: string;
}

export function importAzToYaml(text: string, options: ImportOptions = {}): YamlImportResult {
  const result = importAz(text, options);
  const yaml = documentsToYaml(result.documents, { name: options.file ?? 'standard input', lines: result.sourceLines });
  return { ...result, yaml };
}
