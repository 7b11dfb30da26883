// Rules about attaching the cluster to a workspace as a Kubernetes compute.
import type { Finding, Rule } from './rule.ts';
import { GUID_PATTERN, RESOURCE_GROUP_PATTERN } from '../../model/schema.ts';
import { COMPUTE_NAME, WORKSPACE_NAME, isDnsLabel } from './syntax.ts';

const ATTACH = ['spec', 'attach'];
/** A user-assigned identity's name: 3 to 128 letters, digits, "-" and "_", starting with a letter or digit. */
const IDENTITY_NAME = '[A-Za-z0-9][A-Za-z0-9_-]{2,127}';
const inner = (pattern: string): string => pattern.replace(/^\^/, '').replace(/\$$/, '');
const UAI_ID = new RegExp(`^/subscriptions/${inner(GUID_PATTERN)}/resourceGroups/${inner(RESOURCE_GROUP_PATTERN)}/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/${IDENTITY_NAME}$`, 'i');

/** A corrected user-assigned identity ID, when the input is recognisably one. */
export function correctedIdentityId(id: string): string | undefined {
  const m = /^\/?subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i.exec(id.trim());
  if (!m) return undefined;
  const fixed = `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${m[5]}`;
  // Only a layout slip is corrected: a bad name or group stays for the user to fix.
  return UAI_ID.test(fixed) ? fixed : undefined;
}

export const attachRules: Rule[] = [
  {
    code: 'AMLK150',
    name: 'compute-name',
    title: 'Compute name syntax',
    severity: 'error',
    category: 'attach',
    doc: 'Azure ML compute names have 3 to 24 characters: letters, digits and "-", starting with a letter and not ending in "-" followed by digits. The compute name is `attach.computeName`, or `metadata.name` when that is absent.',
    source: 'Microsoft.MachineLearningServices compute name pattern',
    check: ({ doc }) => {
      if (!doc.spec.attach) return [];
      const explicit = doc.spec.attach.computeName;
      const name = explicit ?? doc.metadata.name;
      if (typeof name !== 'string' || COMPUTE_NAME.test(name)) return [];
      return [{ path: explicit !== undefined ? [...ATTACH, 'computeName'] : ['metadata', 'name'], atValue: true, message: `Compute name "${name}" is invalid: use 3 to 24 letters, digits and "-", starting with a letter and not ending in "-<digits>"${explicit === undefined ? ' (set `attach.computeName` to keep a longer metadata.name)' : ''}.` }];
    },
    examples: {
      pass: [{ title: 'valid name', overlay: { spec: { attach: { computeName: 'gpu-east' } } } }],
      fail: [{ title: 'ends in -digits', overlay: { spec: { attach: { computeName: 'gpu-001' } } } }],
    },
  },
  {
    code: 'AMLK151',
    name: 'compute-namespace',
    title: 'Compute namespace syntax',
    severity: 'error',
    category: 'attach',
    doc: 'The namespace where jobs and endpoints run is a Kubernetes namespace name (lower-case DNS label, at most 63 characters). Attach neither creates nor checks it: it must exist before workloads run.',
    source: 'reference §6 (namespace must pre-exist)',
    check: ({ doc }) => {
      const ns = doc.spec.attach?.namespace;
      return ns === undefined || isDnsLabel(ns) ? [] : [{ path: [...ATTACH, 'namespace'], atValue: true, message: `Namespace "${ns}" is not a valid Kubernetes namespace name; use lower-case letters, digits and "-" (at most 63).` }];
    },
    examples: {
      pass: [{ title: 'valid', overlay: { spec: { attach: { namespace: 'ml-jobs' } } } }],
      fail: [{ title: 'capitals', overlay: { spec: { attach: { namespace: 'ML_Jobs' } } } }],
    },
  },
  {
    code: 'AMLK152',
    name: 'workspace-name',
    title: 'Workspace name syntax',
    severity: 'error',
    category: 'attach',
    doc: 'Workspace names have 3 to 33 characters: letters, digits, "-" and "_", starting with a letter or digit.',
    source: 'reference §6 (workspace path pattern)',
    check: ({ doc }) => {
      const ws = doc.spec.attach?.workspace?.name;
      return ws === undefined || WORKSPACE_NAME.test(ws) ? [] : [{ path: [...ATTACH, 'workspace', 'name'], atValue: true, message: `Workspace name "${ws}" cannot exist in Azure: use 3 to 33 letters, digits, "-" or "_", starting with a letter or digit.` }];
    },
    examples: {
      pass: [{ title: 'valid', overlay: {} }],
      fail: [{ title: 'too short', overlay: { spec: { attach: { workspace: { name: 'ml' } } } } }],
    },
  },
  {
    code: 'AMLK153',
    name: 'user-assigned-identity',
    title: 'User-assigned identity: one valid resource ID',
    severity: 'error',
    category: 'attach',
    doc: 'A Kubernetes compute takes a system-assigned or a user-assigned identity, not both; of several user-assigned identities Azure uses only the first. Each ID is a full resource ID `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>` (a documentation example omits the leading "/"), where the subscription is a GUID, the resource group has 1 to 90 letters, digits, "_", "-", ".", "(" and ")" and does not end in ".", and the identity name has 3 to 128 letters, digits, "-" and "_", starting with a letter or digit.',
    source: 'reference §6 (identity)',
    check: ({ doc }) => {
      const id = doc.spec.attach?.identity;
      if (!id || id.type !== 'UserAssigned') {
        return id && 'ids' in id && Array.isArray((id as { ids?: unknown }).ids) ? [{ severity: 'warning', path: [...ATTACH, 'identity', 'ids'], message: `Identity IDs are only used with \`type: UserAssigned\`; remove \`ids\` or change the type.` }] : [];
      }
      const ids = id.ids ?? [];
      const out: Finding[] = [];
      if (ids.length === 0) return [{ path: [...ATTACH, 'identity'], message: 'A user-assigned identity needs `ids: [<identity resource ID>]`.' }];
      ids.forEach((value, i) => {
        if (UAI_ID.test(value)) return;
        const fixed = correctedIdentityId(value);
        out.push({ path: [...ATTACH, 'identity', 'ids', i], atValue: true, message: `"${value}" is not a user-assigned identity resource ID.${fixed ? ` Did you mean "${fixed}"?` : ' Expected /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>. The subscription is a GUID; the resource group has 1 to 90 letters, digits, "_", "-", ".", "(" and ")" and does not end in "."; the name has 3 to 128 letters, digits, "-" and "_", starting with a letter or digit.'}` });
      });
      if (ids.length > 1) out.push({ severity: 'warning', path: [...ATTACH, 'identity', 'ids', 1], message: `Azure uses only the first user-assigned identity; the other ${ids.length - 1} are ignored. Keep one.` });
      return out;
    },
    examples: {
      pass: [{ title: 'one full ID', overlay: { spec: { attach: { identity: { type: 'UserAssigned', ids: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id'] } } } } }],
      fail: [
        { title: 'missing leading slash', overlay: { spec: { attach: { identity: { type: 'UserAssigned', ids: ['subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id'] } } } } },
        { title: 'wrong provider', overlay: { spec: { attach: { identity: { type: 'UserAssigned', ids: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentities/userAssignedIdentity/ml-id'] } } } } },
        { title: 'space and "$" in the resource group', overlay: { spec: { attach: { identity: { type: 'UserAssigned', ids: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml rg$(id)/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id'] } } } } },
        { title: 'identity name of 2 characters', overlay: { spec: { attach: { identity: { type: 'UserAssigned', ids: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id'] } } } } },
      ],
    },
  },
  {
    code: 'AMLK154',
    name: 'aks-cross-subscription-attach',
    title: 'AKS clusters attach within their subscription',
    severity: 'error',
    category: 'attach',
    doc: 'Azure does not support attaching an AKS cluster to a workspace in another subscription. Connect the cluster to Azure Arc and attach it as an Arc-enabled cluster instead.',
    source: 'reference §6',
    check: ({ doc }) => {
      const ws = doc.spec.attach?.workspace;
      if (!ws?.subscriptionId || doc.spec.cluster.type !== 'aks') return [];
      return ws.subscriptionId.toLowerCase() === doc.spec.cluster.subscriptionId.toLowerCase()
        ? []
        : [{ path: [...ATTACH, 'workspace', 'subscriptionId'], atValue: true, message: 'An AKS cluster cannot be attached to a workspace in another subscription. Connect it to Azure Arc (`az connectedk8s connect`) and use `cluster.type: arc`, or use a workspace in the cluster\'s subscription.' }];
    },
    examples: {
      pass: [{ title: 'Arc across subscriptions', overlay: { spec: { cluster: { type: 'arc' }, extension: { inference: { internalLoadBalancer: null } }, attach: { workspace: { subscriptionId: '00000000-0000-0000-0000-000000000002' } } } } }],
      fail: [{ title: 'AKS across subscriptions', overlay: { spec: { attach: { workspace: { subscriptionId: '00000000-0000-0000-0000-000000000002' } } } } }],
    },
  },
  {
    code: 'AMLK155',
    name: 'not-attached',
    title: 'Extension without an attach',
    severity: 'info',
    category: 'attach',
    doc: 'Without `attach`, aml-k8s installs the extension only; no workspace can use the cluster until it is attached.',
    source: 'reference §6',
    check: ({ doc }) => (doc.spec.attach ? [] : [{ path: ['spec'], message: 'No `attach` block: the extension is installed but no workspace can use the cluster. Add `attach: { workspace: { resourceGroup, name } }`.' }]),
    examples: {
      pass: [{ title: 'attached', overlay: {} }],
      fail: [{ title: 'not attached', overlay: { spec: { attach: null } } }],
    },
  },
];
