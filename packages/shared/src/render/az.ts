// A spec as the equivalent `az` command lines: `az k8s-extension create` with the settings
// settingsFromSpec produces, and `az ml compute attach` when the spec attaches the cluster.
// Secrets are never printed: PEM files render as their paths (what az reads), other file
// references as `"$(cat FILE)"`, environment references as `"$NAME"`. Instance types have no az
// equivalent and render as `kubectl apply` with the YAML in a here-document. `import az` reads the
// output back, instance types included.
import { Document } from 'yaml';
import { instanceTypeManifests } from '../desire/instance-types.ts';
import { relayRequirement } from '../desire/relay.ts';
import { attachRoleRequirements, azRoleAssignmentCommand, relayNamespaceOf } from '../identity/attach-roles.ts';
import { AmlK8sError } from '../errors.ts';
import { AZUREML_EXTENSION_TYPE } from '../model/extension-type.ts';
import { CLUSTER_TYPE_ARGUMENT, clusterResourceId } from '../model/resource-ids.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';
import { isPemPathKey } from '../settings/to-spec.ts';
import type { ComputeDocument, SecretRef } from '../model/types.ts';
import { YAML_OUTPUT } from './manifests.ts';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** A name the shell expands as `$NAME` and nothing more (the spec's env-name pattern). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A word the shell reads back as exactly `text`: safe words as they are, anything else in single
 * quotes (inside which nothing is special; a newline stays part of the word). Validation keeps
 * specs to printable text; this holds whatever it is given, except NUL, which no shell argument
 * can carry.
 */
export function shellQuote(text: string): string {
  if (text.includes('\0')) throw new AmlK8sError('UNSAFE_SHELL_TEXT', 'A value holds a NUL character, which a shell argument cannot carry; it was not rendered.');
  if (text !== '' && SAFE.test(text) && !text.startsWith('-')) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text for a `#` comment line: control characters and line separators shown as escapes, so the comment never ends early. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `"$NAME"`, or `"$(printenv 'NAME')"` for a name the shell would not expand as one variable (validation rejects those). */
const envWord = (name: string): string => (ENV_NAME.test(name) ? `"$${name}"` : `"$(printenv ${shellQuote(name)})"`);

/** `key=value` as one shell word. */
const pair = (key: string, value: string): string => shellQuote(`${key}=${value}`);

function protectedPair(key: string, ref: SecretRef): string {
  if ('env' in ref) return `${shellQuote(key)}=${envWord(ref.env)}`;
  // az reads PEM paths itself; any other protected value is the content of the file.
  if (isPemPathKey(key)) return pair(key, ref.file);
  return `${shellQuote(key)}="$(cat ${shellQuote(ref.file)})"`;
}

/** One command over several lines, `\` continued; `rows` are already quoted words. */
function command(head: string, rows: string[][]): string {
  const lines = [head, ...rows.map((r) => `  ${r.join(' ')}`)];
  return lines.join(' \\\n');
}

function listBlock(flag: string, words: string[]): string[][] {
  return words.length ? [[flag], ...words.map((w) => [`  ${w}`])] : [];
}

/** `#` comment lines; a newline inside a line is shown as an escape, so it never starts a command. */
const comment = (lines: string[]): string => lines.map((l) => (l ? `# ${commentText(l)}` : '#')).join('\n');

function extensionCommand(doc: ComputeDocument): { text: string; notes: string[] } | undefined {
  const { cluster, extension } = doc.spec;
  if (!extension) return undefined;
  const settings = settingsFromSpec(doc);
  const notes: string[] = [];
  const rows: string[][] = [
    ['--name', shellQuote(extension.name ?? 'azureml')],
    ['--extension-type', AZUREML_EXTENSION_TYPE],
    ['--cluster-type', shellQuote(String(CLUSTER_TYPE_ARGUMENT[cluster.type]))],
    ['--cluster-name', shellQuote(cluster.name)],
    ['--resource-group', shellQuote(cluster.resourceGroup)],
    ['--subscription', shellQuote(cluster.subscriptionId)],
    ['--scope', 'cluster'],
  ];
  if (extension.releaseTrain !== undefined) rows.push(['--release-train', shellQuote(extension.releaseTrain)]);
  if (extension.version !== undefined) rows.push(['--version', shellQuote(extension.version)]);
  if (extension.autoUpgradeMinorVersion !== undefined) rows.push(['--auto-upgrade-minor-version', shellQuote(String(extension.autoUpgradeMinorVersion))]);
  rows.push(...listBlock('--config', Object.entries(settings.plain).map(([k, v]) => pair(k, v))));
  rows.push(...listBlock('--config-protected', Object.entries(settings.protected).map(([k, ref]) => protectedPair(k, ref))));
  for (const [key, ref] of Object.entries(settings.protected)) {
    if (isPemPathKey(key) && 'env' in ref) notes.push(`${key}: az reads a file path from $${ref.env}; aml-k8s reads the PEM text from it. Give az a path when you run this.`);
  }
  if (cluster.distribution?.toLowerCase() === 'openshift') notes.push('OpenShift: add the extension\'s service accounts to the privileged SCC first (aml-k8s render --as manifests lists them).');
  return { text: command('az k8s-extension create', rows), notes };
}

function attachCommand(doc: ComputeDocument): { text: string; notes: string[] } | undefined {
  const { cluster, attach } = doc.spec;
  if (!attach) return undefined;
  const rows: string[][] = [
    ['--type', 'Kubernetes'],
    ['--name', shellQuote(attach.computeName ?? doc.metadata.name)],
    ['--workspace-name', shellQuote(attach.workspace.name)],
    ['--resource-group', shellQuote(attach.workspace.resourceGroup)],
    ['--subscription', shellQuote(attach.workspace.subscriptionId ?? cluster.subscriptionId)],
    ['--resource-id', shellQuote(clusterResourceId(cluster))],
  ];
  if (attach.namespace !== undefined) rows.push(['--namespace', shellQuote(attach.namespace)]);
  const identity = attach.identity;
  if (identity) {
    rows.push(['--identity-type', shellQuote(identity.type)]);
    if (identity.type === 'UserAssigned' && identity.ids.length) rows.push(['--user-assigned-identities', shellQuote(identity.ids.join(','))]);
  }
  const description = attach.description ?? doc.metadata.description;
  const notes = description !== undefined ? [`The compute description ("${description}") has no az flag; set it in the studio if you need it.`] : [];
  return { text: command('az ml compute attach', rows), notes };
}

function removalCommands(doc: ComputeDocument): string {
  const { cluster, extension, attach } = doc.spec;
  const parts: string[] = [];
  if (attach) {
    parts.push(
      command('az ml compute detach', [
        ['--name', shellQuote(attach.computeName ?? doc.metadata.name)],
        ['--workspace-name', shellQuote(attach.workspace.name)],
        ['--resource-group', shellQuote(attach.workspace.resourceGroup)],
        ['--subscription', shellQuote(attach.workspace.subscriptionId ?? cluster.subscriptionId)],
        ['--yes'],
      ]),
    );
  }
  if (extension) {
    parts.push(
      command('az k8s-extension delete', [
        ['--name', shellQuote(extension.name ?? 'azureml')],
        ['--cluster-type', shellQuote(String(CLUSTER_TYPE_ARGUMENT[cluster.type]))],
        ['--cluster-name', shellQuote(cluster.name)],
        ['--resource-group', shellQuote(cluster.resourceGroup)],
        ['--subscription', shellQuote(cluster.subscriptionId)],
        ['--yes'],
      ]),
    );
  }
  return parts.join('\n\n');
}

/**
 * A here-document delimiter that no line of the body can close early: the base name, with a
 * suffix when the body holds it anywhere (a shell ends the body at the first line equal to it).
 */
function hereDocDelimiter(body: string, base = 'INSTANCE_TYPES'): string {
  let delimiter = base;
  for (let i = 1; body.includes(delimiter); i++) delimiter = `${base}_${i}`;
  return delimiter;
}

/** Instance types as the kubectl command that creates them, the YAML in a quoted here-document (taken literally by the shell). */
function instanceTypesCommand(doc: ComputeDocument): string | undefined {
  const types = doc.spec.instanceTypes;
  if (!types || Object.keys(types).length === 0) return undefined;
  const objects = instanceTypeManifests(types, doc.spec.attach?.computeName ?? doc.metadata.name).flatMap((m) => (m.form === 'object' ? [m.object] : []));
  const yaml = `${objects.map((o) => new Document(o).toString(YAML_OUTPUT).replace(/\n+$/, '')).join('\n---\n')}\n`;
  const delimiter = hereDocDelimiter(yaml);
  const { type, resourceGroup, name } = doc.spec.cluster;
  const context = type === 'aks' ? `az aks get-credentials --resource-group ${resourceGroup} --name ${name}` : `az connectedk8s proxy --resource-group ${resourceGroup} --name ${name}`;
  return [
    comment(['Instance types have no az form: kubectl creates them, with its context on the cluster', `(${context}).`]),
    `kubectl apply -f - <<'${delimiter}'`,
    `${yaml}${delimiter}`,
  ].join('\n');
}

/** The role assignments a user-assigned attach identity needs, as az lines (commented: they need the Relay, and rights to grant roles). */
function roleAssignmentsHint(doc: ComputeDocument): string | undefined {
  const identity = doc.spec.attach?.identity;
  const identityId = identity?.type === 'UserAssigned' ? identity.ids?.[0] : undefined;
  if (!identityId) return undefined;
  const cluster = doc.spec.cluster;
  const relayNamespaceId = cluster.type === 'arc' ? relayNamespaceOf(relayRequirement(cluster, undefined).hybridConnectionId) : undefined;
  const reqs = attachRoleRequirements({ identityId, clusterId: clusterResourceId(cluster), clusterType: cluster.type, ...(relayNamespaceId ? { relayNamespaceId } : {}) });
  return comment([
    'Before the attach, the user-assigned identity needs these role assignments (aml-k8s apply',
    `--create-role-assignments makes them)${relayNamespaceId ? '; the Relay exists once the extension is installed' : ''}:`,
    ...reqs.map((r) => `  ${azRoleAssignmentCommand(r, undefined)}`),
  ]);
}

function storageHint(doc: ComputeDocument): string | undefined {
  const claims = Object.keys(doc.spec.storage ?? {});
  if (claims.length === 0) return undefined;
  return comment([
    `Storage claims (${claims.join(', ')}) have no az equivalent. Create them in the cluster with kubectl:`,
    '  aml-k8s render SPEC --as manifests | kubectl apply -f -',
  ]);
}

export function renderAzCommands(doc: ComputeDocument): string {
  const header = comment([`az commands for compute ${doc.metadata.name}, generated by aml-k8s.`, 'No secret is written here: protected values come from files and environment variables.']);
  if (doc.spec.state === 'absent') {
    return `${header}\n${comment(['state: absent: detach the compute, then remove the extension if nothing else uses it.'])}\n${removalCommands(doc)}\n`;
  }
  const ext = extensionCommand(doc);
  const attach = attachCommand(doc);
  const blocks = [ext ? [header, ...(ext.notes.length ? [comment(ext.notes)] : []), ext.text].join('\n') : [header, comment(['This spec does not manage the AzureML extension: it must already be installed on the cluster.'])].join('\n')];
  const roles = roleAssignmentsHint(doc);
  if (roles) blocks.push(roles);
  if (attach) blocks.push([...(attach.notes.length ? [comment(attach.notes)] : []), attach.text].join('\n'));
  for (const block of [instanceTypesCommand(doc), storageHint(doc)]) if (block) blocks.push(block);
  return `${blocks.join('\n\n')}\n`;
}
