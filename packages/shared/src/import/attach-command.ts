// Reads one `az ml compute attach --type Kubernetes` command: the workspace, the compute name,
// the cluster it attaches (from --resource-id), namespace and identity.
import { parseClusterId } from '../model/resource-ids.ts';
import type { ClusterCoordinates } from '../model/resource-ids.ts';
import type { IdentitySpec } from '../model/types.ts';
import type { FlagSpec, FlagUse } from './az-args.ts';
import { parseArgs } from './az-args.ts';
import type { ReadContext, Value } from './context.ts';
import { valueOf } from './context.ts';
import { IMPORT_CODES } from './diagnostics.ts';
import { hasPlaceholder } from './placeholders.ts';
import type { ShellCommand, SourcePos } from './shell.ts';

export interface AttachCommand {
  at: SourcePos;
  name?: Value;
  workspaceName?: Value;
  resourceGroup?: Value;
  subscription?: Value;
  resourceId?: Value;
  /** The cluster named by --resource-id, when it names one. */
  cluster?: ClusterCoordinates;
  namespace?: Value;
  identity?: IdentitySpec;
  /** The values the identity came from, for placeholders. */
  identityValues: Value[];
}

const FLAGS: readonly FlagSpec[] = [
  { names: ['--name', '-n'], takes: 'value' },
  { names: ['--type', '-t'], takes: 'value' },
  { names: ['--workspace-name', '-w'], takes: 'value' },
  { names: ['--resource-group', '-g'], takes: 'value' },
  { names: ['--subscription'], takes: 'value' },
  { names: ['--resource-id'], takes: 'value' },
  { names: ['--namespace'], takes: 'value' },
  { names: ['--identity-type'], takes: 'value' },
  { names: ['--user-assigned-identities'], takes: 'value' },
  { names: ['--file', '-f'], takes: 'value' },
  { names: ['--no-wait'], takes: 'switch', ignored: 'quiet' },
];

const IDENTITY_TYPES = ['SystemAssigned', 'UserAssigned', 'None'] as const;

/** Reads the command; undefined when it does not attach a Kubernetes compute. */
export function readAttachCommand(cmd: ShellCommand, ctx: ReadContext): AttachCommand | undefined {
  const { sink, at } = ctx;
  const args = parseArgs(cmd.words.slice(4), FLAGS, at);
  const last = (name: string): FlagUse | undefined => args.uses.filter((u) => u.spec.names[0] === name).at(-1);
  const value = (name: string): Value | undefined => {
    const use = last(name);
    if (use && !use.values[0]) sink.add('error', IMPORT_CODES.missingFlag, use.flag.start, `${use.flag.text} has no value; az rejects the command.`);
    return use?.values[0] ? valueOf(use.values[0], ctx) : undefined;
  };

  const type = value('--type');
  const file = last('--file');
  if (!type || type.text.toLowerCase() !== 'kubernetes') {
    if (!type && file?.values[0]) {
      sink.add('warning', IMPORT_CODES.unknownFlag, file.flag.start, `The compute is described in the file "${file.values[0].text}", which is not imported. If it is a Kubernetes compute, write its fields as flags (--type Kubernetes --resource-id ...) and import again.`);
    }
    return undefined;
  }
  if (file) sink.add('warning', IMPORT_CODES.unknownFlag, file.flag.start, `--file ${file.values[0]?.text ?? ''} is not imported; only the flags are. Add the file's fields to the spec's attach section.`);

  const out: AttachCommand = { at: cmd.start, identityValues: [] };
  const set = <K extends 'name' | 'workspaceName' | 'resourceGroup' | 'subscription' | 'resourceId' | 'namespace'>(key: K, flag: string): void => {
    const v = value(flag);
    if (v) out[key] = v;
  };
  set('name', '--name');
  set('workspaceName', '--workspace-name');
  set('resourceGroup', '--resource-group');
  set('subscription', '--subscription');
  set('resourceId', '--resource-id');
  set('namespace', '--namespace');
  for (const [key, flag, fix] of [
    ['name', '--name', 'The compute takes the name of the spec (metadata.name).'],
    ['workspaceName', '--workspace-name', 'Fill in spec.attach.workspace.name.'],
    ['resourceGroup', '--resource-group', 'Fill in spec.attach.workspace.resourceGroup.'],
    ['resourceId', '--resource-id', 'The cluster is unknown: fill in spec.cluster.'],
  ] as const) {
    if (!out[key] && !last(flag)) sink.add('error', IMPORT_CODES.missingFlag, cmd.start, `The attach has no ${flag}; az requires it. ${fix}`);
  }

  if (out.resourceId) {
    const cluster = parseClusterId(out.resourceId.text);
    if (cluster) out.cluster = cluster;
    else if (out.resourceId.unresolved.length) {
      // A variable is a value to fill in, not a mistake: the cluster stays a placeholder.
      sink.add('warning', IMPORT_CODES.variable, out.resourceId.word.start, `--resource-id ${out.resourceId.text}: $${out.resourceId.unresolved[0]} is not assigned in this text, so the cluster it names is unknown. Check spec.cluster, or import the text that assigns the variable too.`);
    } else if (hasPlaceholder(out.resourceId.text)) {
      sink.add('warning', IMPORT_CODES.placeholder, out.resourceId.word.start, `--resource-id ${out.resourceId.text} is a placeholder from the documentation, so the cluster it names is unknown. Check spec.cluster.`);
    } else {
      sink.add('error', IMPORT_CODES.resourceId, out.resourceId.word.start, `--resource-id "${out.resourceId.text}" is not the ID of an AKS cluster (/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/NAME) or an Arc cluster (.../Microsoft.Kubernetes/connectedClusters/NAME). Fill in spec.cluster.`);
    }
  }

  readIdentity(out, value('--identity-type'), value('--user-assigned-identities'), ctx);

  for (const u of args.unknown) {
    sink.add('warning', IMPORT_CODES.unknownFlag, u.flag.start, `${u.flag.text} is not a flag aml-k8s knows for attaching a Kubernetes compute; it is ignored. Check its spelling.`);
  }
  for (const p of args.positionals) sink.add('warning', IMPORT_CODES.unknownFlag, p.start, `"${p.text}" belongs to no flag and is ignored.`);
  return out;
}

function readIdentity(out: AttachCommand, type: Value | undefined, ids: Value | undefined, ctx: ReadContext): void {
  const { sink } = ctx;
  if (type) out.identityValues.push(type);
  if (ids) out.identityValues.push(ids);
  const idList = ids ? ids.text.split(',').map((s) => s.trim()).filter(Boolean) : [];
  for (const id of idList) {
    if (!id.startsWith('/') && !id.startsWith('$')) {
      sink.add('warning', IMPORT_CODES.resourceId, ids!.word.start, `The identity "${id}" does not start with "/": an ARM resource ID reads /subscriptions/.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME. Kept as written; add the leading "/".`);
    }
  }
  let kind: (typeof IDENTITY_TYPES)[number] | undefined;
  if (type) {
    kind = IDENTITY_TYPES.find((t) => t.toLowerCase() === type.text.toLowerCase());
    if (!kind && type.unresolved.length) {
      sink.add('warning', IMPORT_CODES.variable, type.word.start, `--identity-type ${type.text}: $${type.unresolved[0]} is not assigned in this text, so the identity is not imported. Set spec.attach.identity (${IDENTITY_TYPES.join(', ')}).`);
      return;
    }
    if (!kind) {
      sink.add('error', IMPORT_CODES.badValue, type.word.start, `--identity-type ${type.text} is not one of ${IDENTITY_TYPES.join(', ')}; az rejects it. The identity is not imported.`);
      return;
    }
    if (kind !== type.text) sink.add('warning', IMPORT_CODES.badValue, type.word.start, `--identity-type ${type.text}: az accepts only "${kind}" spelled this way. Imported as ${kind}.`);
  } else if (idList.length) {
    kind = 'UserAssigned';
    sink.add('info', IMPORT_CODES.badValue, ids!.word.start, 'User-assigned identities are given without --identity-type; imported as a UserAssigned identity. Add --identity-type UserAssigned when you run az.');
  }
  if (!kind) return;
  if (kind === 'UserAssigned') {
    if (!idList.length) sink.add('error', IMPORT_CODES.missingFlag, type!.word.start, '--identity-type UserAssigned needs --user-assigned-identities with the identity\'s resource ID. Add it to spec.attach.identity.ids.');
    if (idList.length > 1) sink.add('warning', IMPORT_CODES.badValue, ids!.word.start, `${idList.length} user-assigned identities are given; a Kubernetes compute uses only the first. Keep one.`);
    out.identity = { type: 'UserAssigned', ids: idList };
    return;
  }
  if (idList.length) sink.add('warning', IMPORT_CODES.badValue, ids!.word.start, `--user-assigned-identities is ignored with --identity-type ${kind}; a Kubernetes compute takes a system- or a user-assigned identity, not both.`);
  out.identity = { type: kind };
}
