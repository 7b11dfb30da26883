// Groups the imported az commands into spec documents, one per cluster and extension: a create
// starts a document, an update changes the document of its extension (plain settings merge,
// protected settings are replaced as a whole, as in Azure), and an attach joins the document of
// the cluster its --resource-id names.
import type { RawSettingValue } from '../settings/to-spec.ts';
import { isPemPathKey, settingsToSpec } from '../settings/to-spec.ts';
import type { SpecPath } from '../settings/from-spec.ts';
import { AZUREML_EXTENSION_TYPE } from '../model/extension-type.ts';
import type { AttachSpec, ClusterRef, ClusterType, ComputeDocument, ExtensionSpec } from '../model/types.ts';
import { SPEC_API_VERSION, SPEC_KIND } from '../model/types.ts';
import type { AttachCommand } from './attach-command.ts';
import type { Value } from './context.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { IMPORT_CODES } from './diagnostics.ts';
import type { ExtensionCommand, SettingEntry } from './extension-command.ts';
import { isAzureMLKey } from './extension-command.ts';
import { findPlaceholders, hasPlaceholder } from './placeholders.ts';
import type { SourcePos } from './shell.ts';

/** A cluster coordinate and where it was written. */
interface Field {
  text: string;
  at: SourcePos;
  /** The value it was read from, when it was a flag of its own. */
  value?: Value;
}

interface ExtensionDraft {
  name?: Value;
  releaseTrain?: Value;
  version?: Value;
  autoUpgradeMinorVersion?: boolean;
  plain: Map<string, SettingEntry>;
  protected: Map<string, SettingEntry>;
}

interface Draft {
  at: SourcePos;
  lines: number[];
  cluster: { type: ClusterType; subscription?: Field; resourceGroup: Field; name: Field };
  extension?: ExtensionDraft;
  attach?: AttachCommand;
  updateOnly: boolean;
}

/** What a document made only of updates changes: it is judged on that alone (see validate-imported.ts). */
export interface UpdateScope {
  /** Azure settings keys the updates send, plain and protected. */
  settings: string[];
  /** The updates send --auto-upgrade-minor-version. */
  autoUpgrade: boolean;
}

export interface ImportedDocument {
  doc: ComputeDocument;
  /** Lines of the commands it was made from. */
  lines: number[];
  /** Set when the text has no create for the extension: the document holds what updates change. */
  update?: UpdateScope;
  /** Settings whose value is a variable the text does not assign (kept as written). */
  variableSettings: string[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const concrete = (f: Field | undefined): f is Field => f !== undefined && !hasPlaceholder(f.text) && !f.text.includes('$');

function sameCluster(d: Draft, type: ClusterType, rg: string, name: string, subscription: Field | undefined): boolean {
  const c = d.cluster;
  if (c.type !== type || !same(c.resourceGroup.text, rg) || !same(c.name.text, name)) return false;
  return !concrete(c.subscription) || !concrete(subscription) || same(c.subscription.text, subscription.text);
}

const field = (v: Value | undefined, fallback: string, at: SourcePos): Field => (v ? { text: v.text, at: v.word.start, value: v } : { text: fallback, at });

export function groupCommands(commands: readonly (ExtensionCommand | AttachCommand)[], sink: DiagnosticSink): Draft[] {
  const drafts: Draft[] = [];
  for (const cmd of commands) {
    if ('verb' in cmd) addExtensionCommand(drafts, cmd, sink);
    else addAttach(drafts, cmd, sink);
  }
  return drafts;
}

/** Whether an update without --extension-type should be imported (decided before its diagnostics count). */
export function updateBelongs(drafts: readonly Draft[], cmd: ExtensionCommand): boolean {
  if (cmd.extensionType) return true;
  if (findExtension(drafts, cmd)) return true;
  return [...cmd.plain.keys(), ...cmd.protected.keys()].some(isAzureMLKey);
}

function findExtension(drafts: readonly Draft[], cmd: ExtensionCommand): Draft | undefined {
  const name = cmd.name?.text ?? 'azureml';
  return drafts.findLast(
    (d) => d.extension !== undefined && same(d.extension.name?.text ?? 'azureml', name) && sameCluster(d, cmd.clusterType ?? 'aks', cmd.resourceGroup?.text ?? '', cmd.clusterName?.text ?? '', cmd.subscription && field(cmd.subscription, '', cmd.at)),
  );
}

function addExtensionCommand(drafts: Draft[], cmd: ExtensionCommand, sink: DiagnosticSink): void {
  const existing = findExtension(drafts, cmd);
  if (cmd.verb === 'update') checkUpdate(cmd, existing?.extension, sink);
  if (cmd.verb === 'update' && existing?.extension) {
    const ext = existing.extension;
    for (const [k, v] of cmd.plain) {
      ext.plain.delete(k);
      ext.plain.set(k, v);
    }
    if (cmd.sendsProtected) ext.protected = new Map(cmd.protected);
    if (cmd.releaseTrain) ext.releaseTrain = cmd.releaseTrain;
    if (cmd.version) ext.version = cmd.version;
    if (cmd.autoUpgradeMinorVersion !== undefined) ext.autoUpgradeMinorVersion = cmd.autoUpgradeMinorVersion;
    existing.lines.push(cmd.at.line);
    return;
  }
  if (existing && cmd.verb === 'create') {
    sink.add('warning', IMPORT_CODES.duplicateExtension, cmd.at, `This creates the same extension as the command at line ${existing.at.line}; run one after the other, only this one would remain. Each became its own document: keep the one you want.`);
  }
  const draft: Draft = {
    at: cmd.at,
    lines: [cmd.at.line],
    cluster: {
      type: cmd.clusterType ?? 'aks',
      resourceGroup: field(cmd.resourceGroup, '<resource-group>', cmd.at),
      name: field(cmd.clusterName, '<cluster-name>', cmd.at),
    },
    extension: { plain: new Map(cmd.plain), protected: new Map(cmd.protected) },
    updateOnly: cmd.verb === 'update',
  };
  if (cmd.subscription) draft.cluster.subscription = field(cmd.subscription, '', cmd.at);
  const ext = draft.extension!;
  if (cmd.name) ext.name = cmd.name;
  if (cmd.releaseTrain) ext.releaseTrain = cmd.releaseTrain;
  if (cmd.version) ext.version = cmd.version;
  if (cmd.autoUpgradeMinorVersion !== undefined) ext.autoUpgradeMinorVersion = cmd.autoUpgradeMinorVersion;
  if (draft.updateOnly) {
    const assumed = cmd.extensionType ? '' : ` It has no --extension-type; it is taken for the ${AZUREML_EXTENSION_TYPE} extension because of its settings.`;
    sink.add('info', IMPORT_CODES.updateOnly, cmd.at, `This az k8s-extension update has no create before it in the text, so the document holds only the settings it changes and is validated as an update, on what it sends. A spec describes the whole extension: before applying it, add the settings the extension was created with.${assumed}`);
  }
  drafts.push(draft);
}

const NODE_SELECTOR_PREFIX = 'nodeSelector.';
const PEM_PAIR = ['sslCertPemFile', 'sslKeyPemFile'] as const;
const listed = (keys: readonly string[]): string => keys.map((k) => `"${k}"`).join(', ');

/**
 * The update rules (PATCH): plain settings merge, protected settings replace the whole set, and
 * node selectors can be added or changed but never removed. `before` is the extension as the text
 * created it, when it does.
 */
function checkUpdate(cmd: ExtensionCommand, before: ExtensionDraft | undefined, sink: DiagnosticSink): void {
  if (cmd.sendsProtected) {
    const sent = [...cmd.protected.keys()];
    const dropped = before ? [...before.protected.keys()].filter((k) => !cmd.protected.has(k)) : [];
    if (before && dropped.length) {
      sink.add('warning', IMPORT_CODES.updateRule, cmd.at, `This update sends protected settings, and Azure replaces the whole protected set with them: ${listed(dropped)}, set before, ${dropped.length > 1 ? 'are' : 'is'} deleted. Send every protected setting again in an update that sends one.`, dropped[0]);
    } else if (!before) {
      sink.add('warning', IMPORT_CODES.updateRule, cmd.at, `This update sends protected settings${sent.length ? ` (${listed(sent)})` : ''}, and Azure replaces the whole protected set with them; it never shows the ones set before. Make sure the update carries every protected setting the extension has: any other is deleted.`);
    }
    const pem = PEM_PAIR.filter((k) => cmd.protected.has(k));
    if (pem.length === 1) {
      const missing = PEM_PAIR.find((k) => k !== pem[0])!;
      sink.add('warning', IMPORT_CODES.updateRule, cmd.protected.get(pem[0]!)!.at, `This update sends ${pem[0]} without ${missing}; since protected settings are replaced as a whole, the endpoint is left without a certificate pair. Send both PEM files.`, missing);
    }
  }
  for (const [key, entry] of cmd.plain) {
    if (key.startsWith(NODE_SELECTOR_PREFIX) && entry.value === '') {
      sink.add('warning', IMPORT_CODES.updateRule, entry.at, `${key}= with an empty value does not remove the node selector: an update can add or change node selectors but never remove one, so this pins the extension to nodes labelled ${key.slice(NODE_SELECTOR_PREFIX.length)} with an empty value. To remove a node selector, delete the extension and create it again.`, key);
    }
  }
  const kept = before ? [...before.plain.keys()].filter((k) => k.startsWith(NODE_SELECTOR_PREFIX) && !cmd.plain.has(k)) : [];
  if (kept.length && [...cmd.plain.keys()].some((k) => k.startsWith(NODE_SELECTOR_PREFIX))) {
    sink.add('info', IMPORT_CODES.updateRule, cmd.at, `This update sets node selectors; ${listed(kept)} from the create stay${kept.length > 1 ? '' : 's'}, since an update never removes a node selector. The spec holds them all.`, kept[0]);
  }
}

function addAttach(drafts: Draft[], cmd: AttachCommand, sink: DiagnosticSink): void {
  const c = cmd.cluster;
  const at = cmd.resourceId?.word.start ?? cmd.at;
  const subscription: Field | undefined = c ? { text: c.subscriptionId, at } : undefined;
  const unattached = drafts.filter((d) => d.attach === undefined && d.extension !== undefined);
  let target = c ? unattached.findLast((d) => sameCluster(d, c.type, c.resourceGroup, c.name, subscription)) : undefined;
  // A resource ID held in a variable (or a placeholder) most likely names the one cluster the text installs on.
  if (!c && cmd.resourceId && unattached.length === 1) {
    target = unattached[0]!;
    sink.add('info', IMPORT_CODES.variable, cmd.resourceId.word.start, `The cluster of this attach (${cmd.resourceId.text}) is not known from the text; it is taken to be the cluster of the extension created at line ${target.at.line}, the only one without an attach. Check spec.cluster.`);
  }
  if (target) {
    target.attach = cmd;
    target.lines.push(cmd.at.line);
    if (!concrete(target.cluster.subscription) && concrete(subscription)) target.cluster.subscription = subscription;
    return;
  }
  const attached = c && drafts.some((d) => sameCluster(d, c.type, c.resourceGroup, c.name, subscription));
  sink.add(
    'info',
    IMPORT_CODES.noExtension,
    cmd.at,
    attached
      ? 'This attaches a cluster that another document already attaches, so it became a document of its own without an extension section: it expects the extension that the other document installs.'
      : 'No az k8s-extension create for this cluster is in the text, so the document has no extension section: it attaches a cluster whose AzureML extension is already installed. Add an extension section (training: true, inference: ...) to manage the extension too.',
  );
  drafts.push({
    at: cmd.at,
    lines: [cmd.at.line],
    cluster: {
      type: c?.type ?? 'aks',
      subscription: { text: c?.subscriptionId ?? '<subscription-id>', at },
      resourceGroup: { text: c?.resourceGroup ?? '<cluster-resource-group>', at },
      name: { text: c?.name ?? '<cluster-name>', at },
    },
    attach: cmd,
    updateOnly: false,
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

const dotted = (path: SpecPath): string => path.join('.');

interface Reporter {
  sink: DiagnosticSink;
  at: (offset: number) => SourcePos;
  /** The imported text: a placeholder is reported only where it is written in it. */
  source: string;
}

/** Placeholders of a value that are written in the text (not brought in by a variable). */
function writtenPlaceholders(value: Value, source: string): { text: string; offset: number }[] {
  return findPlaceholders(value.text).flatMap((p) => {
    const offset = value.word.offsets[p.index];
    return offset !== undefined && source.startsWith(p.text, offset) ? [{ text: p.text, offset }] : [];
  });
}

/** Reports documentation placeholders and unassigned variables kept in a spec field. */
function reportKept(r: Reporter, value: Value | undefined, where: string, setting?: string): void {
  if (!value) return;
  const { sink } = r;
  for (const p of writtenPlaceholders(value, r.source)) {
    sink.add('warning', IMPORT_CODES.placeholder, r.at(p.offset), `${p.text} is a placeholder from the documentation, kept as written in ${where}. Replace it with the real value.`, setting);
  }
  for (const name of new Set(value.unresolved)) {
    sink.add('warning', IMPORT_CODES.variable, value.word.start, `$${name} is not assigned in this text, so it is kept as written in ${where}. Replace it with the value.`, setting);
  }
}

export function finalizeDrafts(drafts: readonly Draft[], sink: DiagnosticSink, at: (offset: number) => SourcePos, source: string): ImportedDocument[] {
  const used = new Set<string>();
  const r: Reporter = { sink, at, source };
  return drafts.map((d) => {
    const variables = d.extension ? [...d.extension.plain].filter(([, v]) => v.valueWord?.unresolved.length).map(([k]) => k) : [];
    const imported: ImportedDocument = { doc: finalize(d, used, r), lines: d.lines, variableSettings: variables };
    if (d.updateOnly && d.extension) imported.update = { settings: [...d.extension.plain.keys(), ...d.extension.protected.keys()], autoUpgrade: d.extension.autoUpgradeMinorVersion !== undefined };
    return imported;
  });
}

function finalize(d: Draft, usedNames: Set<string>, r: Reporter): ComputeDocument {
  const { sink } = r;
  const clusterField = (f: Field, where: string): string => {
    if (f.value) reportKept(r, f.value, where);
    return f.text;
  };
  const cluster: ClusterRef = {
    type: d.cluster.type,
    subscriptionId: d.cluster.subscription ? clusterField(d.cluster.subscription, 'spec.cluster.subscriptionId') : '<subscription-id>',
    resourceGroup: clusterField(d.cluster.resourceGroup, 'spec.cluster.resourceGroup'),
    name: clusterField(d.cluster.name, 'spec.cluster.name'),
  };
  const resourceId = d.extension ? undefined : d.attach?.resourceId;
  const written = resourceId ? writtenPlaceholders(resourceId, r.source).some((p) => p.text === cluster.subscriptionId) : false;
  if (!d.cluster.subscription?.value && cluster.subscriptionId === '<subscription-id>' && !written) {
    sink.add('info', IMPORT_CODES.defaultSubscription, d.at, 'No subscription is given, so az uses the signed-in default subscription. Put its ID in spec.cluster.subscriptionId (kept as <subscription-id>).');
  }
  // An ID that names no cluster was reported when it was read; its blanks are not in the spec.
  if (resourceId && d.attach?.cluster) reportKept(r, resourceId, 'spec.cluster');

  const extension: ExtensionSpec | undefined = d.extension ? {} : undefined;
  if (d.extension && extension) {
    const e = d.extension;
    if (e.name) {
      extension.name = e.name.text;
      reportKept(r, e.name, 'spec.extension.name');
    }
    if (e.releaseTrain) {
      extension.releaseTrain = e.releaseTrain.text;
      reportKept(r, e.releaseTrain, 'spec.extension.releaseTrain');
    }
    if (e.version) {
      extension.version = e.version.text;
      reportKept(r, e.version, 'spec.extension.version');
    }
    if (e.autoUpgradeMinorVersion !== undefined) extension.autoUpgradeMinorVersion = e.autoUpgradeMinorVersion;
    const distribution = applySettings(extension, e, r);
    if (distribution) cluster.distribution = distribution;
  }

  const doc: ComputeDocument = { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name: '' }, spec: { cluster, ...(extension ? { extension } : {}) } };
  const base = slug(d.attach?.name?.text ?? '') || slug(cluster.name) || 'compute';
  let name = base;
  for (let i = 2; usedNames.has(name); i++) name = `${base}-${i}`;
  usedNames.add(name);
  doc.metadata.name = name;
  if (d.attach) doc.spec.attach = attachSpec(d.attach, name, cluster, r);
  return doc;
}

function applySettings(extension: ExtensionSpec, e: ExtensionDraft, r: Reporter): string | undefined {
  const { sink } = r;
  // Keys come from the command line: no prototype, so `constructor` or `__proto__` is a key like any other.
  const plain = Object.create(null) as Record<string, RawSettingValue>;
  const prot = Object.create(null) as Record<string, string>;
  for (const [k, v] of e.plain) plain[k] = v.value;
  for (const [k, v] of e.protected) prot[k] = String(v.value);
  const result = settingsToSpec({ plain, protected: prot });
  Object.assign(extension, result.extension);

  for (const note of result.notes) {
    const entry = (note.from === 'plain' ? e.plain : e.protected).get(note.key);
    const pos = entry?.at ?? { line: 1, column: 1, offset: 0 };
    const severity = note.kind === 'secret-replaced' || note.kind === 'moved-to-protected' ? 'warning' : 'info';
    const code = note.kind === 'moved-to-plain' ? IMPORT_CODES.movedSetting : IMPORT_CODES.secret;
    sink.add(severity, code, pos, note.message, note.key);
  }
  for (const [key, entry] of e.plain) {
    const path = result.placement.plain[key];
    if (path?.[2] === 'protectedSettings') continue;
    reportKept(r, entry.valueWord, path ? dotted(path) : 'spec.extension.settings', key);
  }
  for (const [key, entry] of e.protected) {
    // Only PEM paths keep their value in the spec; other protected values are never copied.
    if (!isPemPathKey(key) || !entry.valueWord || entry.valueWord.text.startsWith('$')) continue;
    const path = result.placement.protected[key];
    reportKept(r, entry.valueWord, path ? dotted(path) : 'spec.extension.protectedSettings', key);
  }
  return result.distribution;
}

function attachSpec(a: AttachCommand, name: string, cluster: ClusterRef, r: Reporter): AttachSpec {
  const subscriptionId = a.subscription && a.subscription.text !== cluster.subscriptionId ? a.subscription.text : undefined;
  const workspace: AttachSpec['workspace'] = {
    ...(subscriptionId === undefined ? {} : { subscriptionId }),
    resourceGroup: a.resourceGroup?.text ?? '<workspace-resource-group>',
    name: a.workspaceName?.text ?? '<workspace-name>',
  };
  if (subscriptionId !== undefined) reportKept(r, a.subscription, 'spec.attach.workspace.subscriptionId');
  reportKept(r, a.workspaceName, 'spec.attach.workspace.name');
  reportKept(r, a.resourceGroup, 'spec.attach.workspace.resourceGroup');
  const out: AttachSpec = a.name && a.name.text !== name ? { computeName: a.name.text, workspace } : { workspace };
  reportKept(r, a.name, out.computeName ? 'spec.attach.computeName' : 'metadata.name');
  if (a.namespace) {
    out.namespace = a.namespace.text;
    reportKept(r, a.namespace, 'spec.attach.namespace');
  }
  if (a.identity) {
    out.identity = a.identity;
    for (const v of a.identityValues) reportKept(r, v, 'spec.attach.identity');
  }
  return out;
}
