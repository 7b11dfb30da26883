// Rules across all spec files validated together.
import { settingsFromSpec } from '../../settings/from-spec.ts';
import type { ComputeDocument } from '../../model/types.ts';
import type { Finding, Rule, RuleContext } from './rule.ts';

export function computeKey(doc: ComputeDocument): string | undefined {
  const a = doc.spec.attach;
  if (!a?.workspace) return undefined;
  const sub = a.workspace.subscriptionId ?? doc.spec.cluster.subscriptionId;
  return [sub, a.workspace.resourceGroup, a.workspace.name, a.computeName ?? doc.metadata.name].join('/').toLowerCase();
}

export function extensionKey(doc: ComputeDocument): string {
  const c = doc.spec.cluster;
  return [c.subscriptionId, c.resourceGroup, c.type, c.name, doc.spec.extension?.name ?? 'azureml'].join('/').toLowerCase();
}

function extensionFingerprint(doc: ComputeDocument): string {
  const s = settingsFromSpec(doc);
  const e = doc.spec.extension ?? {};
  return JSON.stringify([Object.entries(s.plain).sort(), Object.entries(s.protected).sort(), e.version, e.releaseTrain, e.autoUpgradeMinorVersion]);
}

const where = (c: RuleContext): string => `${c.spec.file}${c.spec.index ? ` (document ${c.spec.index + 1})` : ''}`;

export const specSetRules: Rule[] = [
  {
    code: 'AMLK170',
    name: 'duplicate-compute',
    title: 'One spec per compute',
    severity: 'error',
    category: 'spec-set',
    doc: 'Two specs that attach under the same compute name in the same workspace would overwrite each other. Every compute is declared once.',
    source: 'aml-k8s spec format; reference §6 (one name per workspace)',
    checkSet: (ctxs) => {
      const first = new Map<string, number>();
      const out: { index: number; finding: Finding }[] = [];
      ctxs.forEach((c, index) => {
        const key = computeKey(c.doc);
        if (!key) return;
        const prev = first.get(key);
        if (prev === undefined) first.set(key, index);
        else out.push({ index, finding: { path: ['spec', 'attach'], message: `This compute is already declared in ${where(ctxs[prev]!)} (same workspace and compute name). Remove one or rename it with \`attach.computeName\`.` } });
      });
      return out;
    },
    examples: { pass: [{ title: 'different names', overlay: {}, others: [{ metadata: { name: 'other-compute' } }] }], fail: [{ title: 'same compute twice', overlay: {}, others: [{}] }] },
  },
  {
    code: 'AMLK171',
    name: 'shared-extension-conflict',
    title: 'Specs sharing a cluster agree on its extension',
    severity: 'error',
    category: 'spec-set',
    doc: 'A cluster has one AzureML extension of a given name, which several computes (for instance in several workspaces) can share. Specs for the same cluster and extension must then declare identical extension settings, or each apply would undo the other.',
    source: 'reference §6 (multi-attach)',
    checkSet: (ctxs) => {
      const first = new Map<string, number>();
      const out: { index: number; finding: Finding }[] = [];
      ctxs.forEach((c, index) => {
        if (c.doc.spec.state === 'absent' || !c.doc.spec.extension) return;
        const key = extensionKey(c.doc);
        const prev = first.get(key);
        if (prev === undefined) first.set(key, index);
        else if (extensionFingerprint(ctxs[prev]!.doc) !== extensionFingerprint(c.doc)) {
          out.push({ index, finding: { path: ['spec', 'extension'], message: `The extension on this cluster is also declared in ${where(ctxs[prev]!)} with different settings. Make the two extension blocks identical.` } });
        }
      });
      return out;
    },
    examples: {
      pass: [{ title: 'two workspaces, same extension', overlay: {}, others: [{ metadata: { name: 'other-compute' }, spec: { attach: { workspace: { name: 'other-workspace' } } } }] }],
      fail: [{ title: 'two workspaces, different extension', overlay: {}, others: [{ metadata: { name: 'other-compute' }, spec: { extension: { inference: null } } }] }],
    },
  },
];
