// Reads one `az k8s-extension create|update` command: the cluster it targets, the extension's
// name and version policy, and its configuration settings exactly as az would collect them
// (settings file first, then inline `key=value` pairs; a repeated key keeps its last value).
import { AZUREML_EXTENSION_TYPE } from '../model/extension-type.ts';
import { knownSetting, legacySetting, isNodeSelectorKey } from '../settings/catalog.ts';
import type { RawSettingValue } from '../settings/to-spec.ts';
import { isPemPathKey } from '../settings/to-spec.ts';
import type { ClusterType } from '../model/types.ts';
import type { FlagSpec, FlagUse } from './az-args.ts';
import { parseArgs, splitGluedFlags } from './az-args.ts';
import type { ReadContext, Value } from './context.ts';
import { valueOf } from './context.ts';
import { IMPORT_CODES } from './diagnostics.ts';
import { parseSettingsFile } from './settings-file.ts';
import type { ShellCommand, ShellWord, SourcePos } from './shell.ts';
import { sliceWord } from './shell.ts';

export interface SettingEntry {
  value: RawSettingValue;
  /** Where the key was written (the `--config-file` value for keys from a file). */
  at: SourcePos;
  /** The value's word, for placeholders and variables; absent for values from a file. */
  valueWord?: Value;
  file?: string;
}

export interface ExtensionCommand {
  verb: 'create' | 'update';
  at: SourcePos;
  extensionType?: Value;
  name?: Value;
  clusterType?: ClusterType;
  clusterName?: Value;
  resourceGroup?: Value;
  subscription?: Value;
  releaseTrain?: Value;
  version?: Value;
  autoUpgradeMinorVersion?: boolean;
  plain: Map<string, SettingEntry>;
  protected: Map<string, SettingEntry>;
  /** Protected settings were given; on update they replace the whole protected set. */
  sendsProtected: boolean;
  /** An --extension-type held in a variable the text does not assign. */
  variableType?: Value;
}

const FLAGS: readonly FlagSpec[] = [
  { names: ['--name', '-n'], takes: 'value' },
  { names: ['--extension-type'], takes: 'value' },
  { names: ['--cluster-type', '-t'], takes: 'value' },
  { names: ['--cluster-name', '-c'], takes: 'value' },
  { names: ['--resource-group', '-g'], takes: 'value' },
  { names: ['--subscription'], takes: 'value' },
  { names: ['--scope'], takes: 'value' },
  { names: ['--release-namespace'], takes: 'value' },
  { names: ['--target-namespace'], takes: 'value' },
  { names: ['--release-train'], takes: 'value' },
  { names: ['--version'], takes: 'value' },
  { names: ['--auto-upgrade-minor-version', '--auto-upgrade'], takes: 'bool' },
  { names: ['--configuration-settings', '--config'], takes: 'values' },
  { names: ['--configuration-protected-settings', '--config-protected'], takes: 'values' },
  { names: ['--configuration-settings-file', '--config-file', '--config-settings-file'], takes: 'value' },
  { names: ['--configuration-protected-settings-file', '--config-protected-file', '--config-protected-settings-file'], takes: 'value' },
  { names: ['--no-wait'], takes: 'switch', ignored: 'quiet' },
  { names: ['--yes', '-y'], takes: 'switch', ignored: 'quiet' },
  { names: ['--cluster-resource-provider'], takes: 'value', ignored: 'The cluster resource provider follows from the cluster type in the spec.' },
  { names: ['--plan-name', '--plan-publisher', '--plan-product'], takes: 'value', ignored: 'Marketplace plans do not apply to the Azure ML extension.' },
];

const canonical = (use: FlagUse): string => use.spec.names[0]!;

/** True when a settings key tells that the extension is the Azure ML one. */
export function isAzureMLKey(key: string): boolean {
  return Boolean(knownSetting(key) ?? legacySetting(key)) || isNodeSelectorKey(key);
}

/** Reads the command; undefined when it is not about the Azure ML extension. */
export function readExtensionCommand(cmd: ShellCommand, verb: 'create' | 'update', ctx: ReadContext): ExtensionCommand | undefined {
  const { sink, at } = ctx;
  const split = splitGluedFlags(cmd.words.slice(3), FLAGS, at);
  const args = parseArgs(split.words, FLAGS, at);
  const uses = (name: string): FlagUse[] => args.uses.filter((u) => canonical(u) === name);

  const typeUse = uses('--extension-type').at(-1);
  const typeValue = typeUse?.values[0] ? valueOf(typeUse.values[0], ctx) : undefined;
  // A variable extension type may be the Azure ML one: the settings decide, as for an update.
  const variableType = typeValue !== undefined && typeValue.unresolved.length > 0 && typeValue.text.toLowerCase() !== AZUREML_EXTENSION_TYPE.toLowerCase();
  const extensionType = variableType ? undefined : typeValue;
  if (extensionType && extensionType.text.toLowerCase() !== AZUREML_EXTENSION_TYPE.toLowerCase()) return undefined;
  if (!typeValue && verb === 'create') return undefined;

  for (const { flag } of split.splits) {
    sink.add('warning', IMPORT_CODES.glued, flag.start, `${flag.text} is written right after the previous value, without a space; read as a flag of its own. az would take it as part of the value: add the space.`);
  }
  const out: ExtensionCommand = { verb, at: cmd.start, plain: new Map(), protected: new Map(), sendsProtected: false };
  if (extensionType) out.extensionType = extensionType;
  if (variableType) {
    out.variableType = typeValue;
    sink.add('warning', IMPORT_CODES.variable, typeValue.word.start, `--extension-type ${typeValue.text}: $${typeValue.unresolved[0]} is not assigned in this text; the command is taken for the ${AZUREML_EXTENSION_TYPE} extension because of its settings. Check that the variable holds that type.`);
  }

  const single = (name: string): Value | undefined => {
    const all = uses(name);
    const last = all.at(-1);
    if (!last) return undefined;
    if (all.length > 1) sink.add('warning', IMPORT_CODES.badValue, last.flag.start, `${name} is given ${all.length} times; the last one is used.`);
    const word = last.values[0];
    if (!word) {
      sink.add('error', IMPORT_CODES.missingFlag, last.flag.start, `${last.flag.text} has no value; az rejects the command. Add the value.`);
      return undefined;
    }
    return valueOf(word, ctx);
  };

  const assign = <K extends 'name' | 'clusterName' | 'resourceGroup' | 'subscription' | 'releaseTrain' | 'version'>(key: K, flag: string): void => {
    const v = single(flag);
    if (v) out[key] = v;
  };
  assign('name', '--name');
  assign('clusterName', '--cluster-name');
  assign('resourceGroup', '--resource-group');
  assign('subscription', '--subscription');
  assign('releaseTrain', '--release-train');
  assign('version', '--version');
  for (const [field, flag, fix] of [
    ['name', '--name', 'The spec uses the default name azureml.'],
    ['clusterName', '--cluster-name', 'Fill in spec.cluster.name.'],
    ['resourceGroup', '--resource-group', 'Fill in spec.cluster.resourceGroup.'],
  ] as const) {
    if (!out[field] && uses(flag).length === 0) sink.add('error', IMPORT_CODES.missingFlag, cmd.start, `The command has no ${flag}; az requires it. ${fix}`);
  }

  const clusterType = single('--cluster-type');
  if (clusterType?.unresolved.length && !/^(managed|connected)clusters$/i.test(clusterType.text)) {
    sink.add('warning', IMPORT_CODES.variable, clusterType.word.start, `--cluster-type ${clusterType.text}: $${clusterType.unresolved[0]} is not assigned in this text. Imported as AKS: check spec.cluster.type.`);
    out.clusterType = 'aks';
  } else if (clusterType) out.clusterType = readClusterType(clusterType, ctx);
  else if (uses('--cluster-type').length === 0) {
    sink.add('error', IMPORT_CODES.missingFlag, cmd.start, 'The command has no --cluster-type; az requires managedClusters (AKS) or connectedClusters (Arc). Imported as AKS: check spec.cluster.type.');
    out.clusterType = 'aks';
  }

  if (verb === 'update') {
    // What a PATCH cannot change, az k8s-extension update does not take at all.
    for (const use of args.uses.filter((u) => UPDATE_REJECTS.has(canonical(u)))) {
      sink.add('error', IMPORT_CODES.unknownFlag, use.flag.start, `az k8s-extension update has no ${canonical(use)} and rejects the command: the extension type, scope and namespaces of an installed extension cannot change. Remove the flag; to change them, delete the extension and create it again.`);
    }
  } else {
    readCreateScope(uses, single, ctx);
  }

  const auto = uses('--auto-upgrade-minor-version').at(-1);
  if (auto) {
    const v = readBool(auto, ctx);
    if (v !== undefined) out.autoUpgradeMinorVersion = v;
  }

  readSettings(out, args.uses, verb, ctx);

  for (const use of args.uses) {
    if (use.spec.ignored && use.spec.ignored !== 'quiet') sink.add('info', IMPORT_CODES.ignoredFlag, use.flag.start, `${use.flag.text} is ignored: ${use.spec.ignored}`);
  }
  for (const u of args.unknown) {
    sink.add('warning', IMPORT_CODES.unknownFlag, u.flag.start, `${u.flag.text} is not a flag of az k8s-extension ${verb} that aml-k8s knows; it is ignored${u.values.length ? ` with its value${u.values.length > 1 ? 's' : ''}` : ''}. Check the spelling of the flag.`);
  }
  for (const p of args.positionals) {
    sink.add('warning', IMPORT_CODES.unknownFlag, p.start, `"${p.text}" belongs to no flag and is ignored. If it is a setting, put it after --config.`);
  }
  return out;
}

/** Flags of az k8s-extension create that update does not have (the PATCH body cannot carry them). */
const UPDATE_REJECTS = new Set(['--extension-type', '--scope', '--release-namespace', '--target-namespace']);

function readCreateScope(uses: (name: string) => FlagUse[], single: (name: string) => Value | undefined, ctx: ReadContext): void {
  const { sink } = ctx;
  const scope = single('--scope');
  if (scope && scope.text !== 'cluster' && scope.unresolved.length > 0) {
    sink.add('warning', IMPORT_CODES.variable, scope.word.start, `--scope ${scope.text}: $${scope.unresolved[0]} is not assigned in this text. The Azure ML extension is always installed with cluster scope, as the spec does; make sure the variable holds "cluster".`);
  } else if (scope && scope.text !== 'cluster') {
    sink.add('error', IMPORT_CODES.badValue, scope.word.start, `--scope ${scope.text}: the Azure ML extension can only be installed with cluster scope, and az rejects anything else. Use --scope cluster (the spec always does).`);
  }
  const releaseNamespace = single('--release-namespace');
  if (releaseNamespace && releaseNamespace.text !== 'azureml') {
    sink.add('info', IMPORT_CODES.ignoredFlag, releaseNamespace.word.start, `--release-namespace ${releaseNamespace.text} is ignored: az always installs the Azure ML extension in the azureml namespace.`);
  }
  for (const use of uses('--target-namespace')) {
    sink.add('error', IMPORT_CODES.badValue, use.flag.start, '--target-namespace belongs to namespace-scoped extensions; the Azure ML extension is cluster-scoped and az rejects it. Remove it.');
  }
}

function readClusterType(v: Value, ctx: ReadContext): ClusterType {
  const lower = v.text.toLowerCase();
  if (lower === 'managedclusters') {
    if (v.text !== 'managedClusters') {
      ctx.sink.add('warning', IMPORT_CODES.badValue, v.word.start, `--cluster-type ${v.text}: az accepts it, but the Azure ML part of az only recognises AKS when written exactly "managedClusters" and would apply the Arc defaults (relay on, ingress off). Imported as AKS; write managedClusters.`);
    }
    return 'aks';
  }
  if (lower === 'connectedclusters') return 'arc';
  ctx.sink.add('error', IMPORT_CODES.badValue, v.word.start, `--cluster-type ${v.text} is not supported by aml-k8s (managedClusters for AKS, connectedClusters for Arc). Imported as Arc: check spec.cluster.type.`);
  return 'arc';
}

/** `--auto-upgrade-minor-version [true|false]`, tolerating documentation text glued to the value. */
function readBool(use: FlagUse, ctx: ReadContext): boolean | undefined {
  const word = use.values[0];
  if (!word) return true;
  const m = /^(true|false)(.*)$/i.exec(word.text);
  if (m && m[2] === '') return m[1]!.toLowerCase() === 'true';
  if (m && /^[A-Za-z]/.test(m[2]!)) {
    ctx.sink.add('warning', IMPORT_CODES.glued, word.start, `"${word.text}" reads as ${m[1]} glued to the following text ("${m[2]}"), as happens in copied documentation. Imported as ${m[1]!.toLowerCase()}; az would reject the value.`);
    return m[1]!.toLowerCase() === 'true';
  }
  ctx.sink.add('warning', IMPORT_CODES.badValue, word.start, `${use.flag.text} ${word.text}: az accepts only true or false. Not imported; set spec.extension.autoUpgradeMinorVersion.`);
  return undefined;
}

function readSettings(out: ExtensionCommand, uses: readonly FlagUse[], verb: 'create' | 'update', ctx: ReadContext): void {
  const { sink, at } = ctx;
  const byFlag = (name: string) => uses.filter((u) => canonical(u) === name);
  for (const [map, inline, file, label] of [
    [out.plain, '--configuration-settings', '--configuration-settings-file', 'configuration settings'],
    [out.protected, '--configuration-protected-settings', '--configuration-protected-settings-file', 'protected settings'],
  ] as const) {
    const isProtected = map === out.protected;
    const fileUse = byFlag(file).at(-1);
    const inlineUses = byFlag(inline);
    if (fileUse && inlineUses.length && verb === 'create') {
      sink.add('error', IMPORT_CODES.badValue, fileUse.flag.start, `az k8s-extension create rejects ${label} given both inline and in a file (${fileUse.flag.text}). Both were imported, the inline values winning; give them one way.`);
    }
    if (fileUse) readFileSettings(map, fileUse, isProtected, ctx);
    for (const use of inlineUses) {
      if (use.values.length === 0) sink.add('error', IMPORT_CODES.missingFlag, use.flag.start, `${use.flag.text} has no key=value pairs; az rejects the command.`);
      for (const word of use.values) {
        const eq = word.text.indexOf('=');
        if (eq < 0) {
          sink.add('error', IMPORT_CODES.badSetting, word.start, `"${isProtected ? '…' : word.text}" after ${use.flag.text} is not key=value; az rejects the command. Write it as key=value or remove it.`);
          continue;
        }
        const key = word.text.slice(0, eq);
        const valueWord = sliceWord(word, eq + 1, word.text.length, at);
        // Protected values are not expanded (a variable there is an environment reference),
        // except PEM paths, which are paths whatever holds them.
        const value = isProtected && !isPemPathKey(key) ? { text: valueWord.text, word: valueWord, unresolved: [] } : valueOf(valueWord, ctx);
        setEntry(map, key, { value: value.text, at: word.start, valueWord: value }, isProtected ? 'protected setting' : 'setting', ctx);
      }
    }
  }
  out.sendsProtected = out.protected.size > 0 || byFlag('--configuration-protected-settings-file').length > 0;
}

function setEntry(map: Map<string, SettingEntry>, key: string, entry: SettingEntry, what: string, ctx: ReadContext): void {
  const previous = map.get(key);
  if (previous) {
    ctx.sink.add('warning', IMPORT_CODES.duplicateSetting, entry.at, `The ${what} "${key}" is given again (first at line ${previous.at.line}); the last value wins, as in az. Keep one.`, key);
    map.delete(key);
  }
  map.set(key, entry);
}

/** What az sends for a JSON scalar: Python's str(), so booleans are True/False. */
function scalarText(value: RawSettingValue): string {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
}

function readFileSettings(map: Map<string, SettingEntry>, use: FlagUse, isProtected: boolean, ctx: ReadContext): void {
  const word: ShellWord | undefined = use.values[0];
  if (!word) {
    ctx.sink.add('error', IMPORT_CODES.missingFlag, use.flag.start, `${use.flag.text} has no file name; az rejects the command.`);
    return;
  }
  const path = valueOf(word, ctx).text;
  const read = ctx.readSettingsFile(path);
  const what = isProtected ? 'protected settings' : 'settings';
  if ('problem' in read) {
    ctx.sink.add('error', IMPORT_CODES.settingsFile, word.start, `The ${what} file "${path}" ${read.problem}, so its settings are not in the spec. Import again where the file is readable, or add its settings to the spec by hand.`);
    return;
  }
  const parsed = parseSettingsFile(read.content);
  if (!parsed.ok) {
    ctx.sink.add('error', IMPORT_CODES.settingsFile, word.start, `The ${what} file "${path}" ${parsed.problem}; az rejects it. Its settings are not in the spec.`);
    return;
  }
  if (parsed.skipped.length) {
    ctx.sink.add('warning', IMPORT_CODES.settingsFile, word.start, `In the ${what} file "${path}", ${parsed.skipped.join(', ')} ${parsed.skipped.length > 1 ? 'are' : 'is'} not a setting with a text, number or boolean value, and ${parsed.skipped.length > 1 ? 'were' : 'was'} skipped.`);
  }
  for (const [key, value] of parsed.entries) {
    setEntry(map, key, { value: isProtected ? scalarText(value) : value, at: word.start, file: path }, `${isProtected ? 'protected setting' : 'setting'} from ${path}`, ctx);
  }
}
