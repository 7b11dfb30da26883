// Rules about job data storage: the persistent volume claims Azure ML mounts into job pods.
import { claimAccessModes, volumeName } from '../../desire/storage.ts';
import type { ComputeDocument, StorageClaimSpec } from '../../model/types.ts';
import { parseQuantity } from './quantities.ts';
import type { Finding, Rule, RuleContext } from './rule.ts';
import { isDnsSubdomain } from './syntax.ts';

const STORAGE = 'storage';
/** An NFS claim for examples; `null` in `extra` leaves a field out. */
const nfs = (extra: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries({ mountPath: '/mnt/data', size: '100Gi', volume: { nfs: { server: '10.0.0.4', path: '/exports/data' } }, ...extra }).filter(([, v]) => v !== null));
const withClaims = (claims: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ spec: { ...spec, storage: claims } });

function computeNamespace(doc: ComputeDocument): string {
  return doc.spec.attach?.namespace ?? 'default';
}

function eachClaim(doc: ComputeDocument): { name: string; claim: StorageClaimSpec }[] {
  return Object.entries(doc.spec.storage ?? {}).map(([name, claim]) => ({ name, claim: claim ?? {} }));
}

/** `/mnt/data/` and `/mnt//data` are the same mount point. */
export function normalizedMountPath(path: string): string {
  const squeezed = path.trim().replace(/\/+/g, '/');
  return squeezed.length > 1 ? squeezed.replace(/\/$/, '') : squeezed;
}

function clusterNamespaceKey(doc: ComputeDocument, namespace: string): string {
  const c = doc.spec.cluster;
  return [c.subscriptionId, c.resourceGroup, c.type, c.name, namespace].join('/').toLowerCase();
}

/** JSON with sorted keys: two declarations written in another order are the same claim. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const where = (c: RuleContext): string => `${c.spec.file}${c.spec.index ? ` (document ${c.spec.index + 1})` : ''}`;

/** Claims of every present spec, with where they land in the cluster. */
function claimsAcross(ctxs: RuleContext[]) {
  return ctxs.flatMap((ctx, index) =>
    ctx.doc.spec.state === 'absent'
      ? []
      : eachClaim(ctx.doc).map(({ name, claim }) => {
          const namespace = claim.namespace ?? computeNamespace(ctx.doc);
          return { index, ctx, name, claim, namespace, place: clusterNamespaceKey(ctx.doc, namespace) };
        }),
  );
}

export const storageRules: Rule[] = [
  {
    code: 'AMLK180',
    name: 'storage-namespace',
    title: 'Claims live in the compute\'s namespace',
    severity: 'error',
    category: 'storage',
    doc: 'Azure ML mounts a claim only into the job pods of the claim\'s own namespace, and jobs of this compute run in `attach.namespace` (default `default`). A claim in any other namespace is never mounted. Leave `namespace` out: it defaults to the compute\'s.',
    source: 'reference §11 (cluster objects); seed "AzureML jobs connect with custom data storage"',
    check: ({ doc }) => {
      const want = computeNamespace(doc);
      return eachClaim(doc)
        .filter(({ claim }) => claim.namespace !== undefined && claim.namespace !== want)
        .map(({ name, claim }) => ({
          path: ['spec', STORAGE, name, 'namespace'],
          atValue: true,
          message: `Claim "${name}" is in namespace "${claim.namespace}", but the jobs of this compute run in "${want}", so Azure ML never mounts it. Remove \`namespace\` (it defaults to the compute's) or set it to "${want}".`,
        }));
    },
    examples: {
      pass: [{ title: 'default namespace', overlay: withClaims({ data: nfs() }) }, { title: 'explicit, same as the compute', overlay: withClaims({ data: nfs({ namespace: 'default' }) }) }],
      fail: [{ title: 'another namespace', overlay: withClaims({ data: nfs({ namespace: 'ml-data' }) }) }],
    },
  },
  {
    code: 'AMLK181',
    name: 'storage-mount-path',
    title: 'Each claim has an absolute mount path',
    severity: 'error',
    category: 'storage',
    doc: 'Azure ML reads the mount path from the claim\'s `ml.azure.com/mountpath` annotation; without it the claim is not mounted. Container mount paths are absolute (`/mnt/data`); a relative path or one with `..` is refused when the job pod is created.',
    source: 'reference §11; Kubernetes volumeMounts.mountPath',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, claim } of eachClaim(doc)) {
        const p = claim.mountPath;
        if (p === undefined || p.trim() === '') out.push({ path: ['spec', STORAGE, name], message: `Claim "${name}" has no mountPath: set \`mountPath: /mnt/${name}\` (where job containers see the data).` });
        else if (!p.startsWith('/')) out.push({ path: ['spec', STORAGE, name, 'mountPath'], atValue: true, message: `Claim "${name}": mountPath "${p}" is relative; use an absolute path such as "/${p.replace(/^\.?\/*/, '')}".` });
        else if (p.split('/').includes('..')) out.push({ path: ['spec', STORAGE, name, 'mountPath'], atValue: true, message: `Claim "${name}": mountPath "${p}" contains "..", which Kubernetes refuses; write the path without it.` });
        else if (normalizedMountPath(p) === '/') out.push({ path: ['spec', STORAGE, name, 'mountPath'], atValue: true, message: `Claim "${name}": mounting over "/" would hide the container's file system; use a directory such as "/mnt/${name}".` });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'absolute', overlay: withClaims({ data: nfs() }) }],
      fail: [
        { title: 'missing', overlay: withClaims({ data: nfs({ mountPath: null }) }) },
        { title: 'relative', overlay: withClaims({ data: nfs({ mountPath: 'mnt/data' }) }) },
      ],
    },
  },
  {
    code: 'AMLK182',
    name: 'storage-mount-path-conflict',
    title: 'One claim per mount path',
    severity: 'error',
    category: 'storage',
    doc: 'Every labelled claim in a namespace is mounted into every job pod there. Two claims on one mount path (in one spec, or in two specs whose computes share a cluster and namespace) make the pod invalid: Kubernetes refuses duplicate mount paths, so no job starts.',
    source: 'reference §11; Kubernetes volumeMounts (mount paths must be unique)',
    checkSet: (ctxs) => {
      const first = new Map<string, { name: string; ctx: RuleContext }>();
      const out: { index: number; finding: Finding }[] = [];
      for (const c of claimsAcross(ctxs)) {
        if (!c.claim.mountPath?.startsWith('/')) continue;
        const key = `${c.place}#${normalizedMountPath(c.claim.mountPath)}`;
        const prev = first.get(key);
        if (!prev) first.set(key, { name: c.name, ctx: c.ctx });
        else if (prev.name !== c.name) {
          const there = prev.ctx === c.ctx ? `claim "${prev.name}" of this spec` : `claim "${prev.name}" in ${where(prev.ctx)} (same cluster and namespace)`;
          out.push({ index: c.index, finding: { path: ['spec', STORAGE, c.name, 'mountPath'], atValue: true, message: `Claim "${c.name}" is mounted at ${c.claim.mountPath}, like ${there}: no job pod could start. Give each claim its own mountPath.` } });
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'two paths', overlay: withClaims({ data: nfs(), models: nfs({ mountPath: '/mnt/models' }) }) }],
      fail: [
        { title: 'same path twice', overlay: withClaims({ data: nfs(), models: nfs({ mountPath: '/mnt/data/' }) }) },
        { title: 'same path in another spec on the cluster', overlay: withClaims({ data: nfs() }), others: [{ metadata: { name: 'other-compute' }, spec: { attach: { workspace: { name: 'other-workspace' } }, storage: { models: nfs() } } }] },
      ],
    },
  },
  {
    code: 'AMLK183',
    name: 'storage-access-mode',
    title: 'Claims serve several job pods',
    severity: 'warning',
    category: 'storage',
    doc: 'A claim is mounted into every job pod of the namespace: distributed jobs and concurrent jobs run several pods, often on several nodes. `ReadWriteOnce` attaches the volume to one node, so pods scheduled elsewhere stay Pending (a warning: single-node clusters work). `ReadWriteOncePod` admits one pod in the whole cluster, so every second job pod of the namespace waits forever (an error). Use `ReadWriteMany`, or `ReadOnlyMany` for input data.',
    source: 'reference §11 (every job pod of the namespace mounts the claims); Kubernetes access modes',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, claim } of eachClaim(doc)) {
        const modes = claimAccessModes(claim);
        if (modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany')) continue;
        const path = claim.accessModes ? ['spec', STORAGE, name, 'accessModes'] : ['spec', STORAGE, name];
        if (modes.includes('ReadWriteOncePod')) out.push({ severity: 'error', path, message: `Claim "${name}" is ReadWriteOncePod: only one pod in the cluster can use it, and Azure ML mounts it into every job pod of the namespace, so a second job pod never starts. Use ReadWriteMany (shared storage such as NFS or Azure Files) or ReadOnlyMany.` });
        else out.push({ path, message: `Claim "${name}" is ReadWriteOnce${claim.accessModes ? '' : ' (the only mode an Azure disk supports)'}: all job pods that mount it must run on one node, so distributed or concurrent jobs on other nodes stay Pending. Use ReadWriteMany storage (NFS, Azure Files, Azure Blob) for jobs on several nodes.` });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'ReadWriteMany', overlay: withClaims({ data: nfs() }) }, { title: 'ReadOnlyMany', overlay: withClaims({ data: nfs({ accessModes: ['ReadOnlyMany'] }) }) }],
      fail: [
        { title: 'ReadWriteOnce', overlay: withClaims({ data: nfs({ accessModes: ['ReadWriteOnce'] }) }) },
        { title: 'ReadWriteOncePod', overlay: withClaims({ data: nfs({ accessModes: ['ReadWriteOncePod'] }) }) },
      ],
    },
  },
  {
    code: 'AMLK184',
    name: 'storage-source-access-mode',
    title: 'The volume source supports the access modes',
    severity: 'error',
    category: 'storage',
    doc: 'An Azure managed disk attaches to one node at a time: it cannot be ReadWriteMany or ReadOnlyMany (the claim never binds). A hostPath volume is a directory on each node, so pods on different nodes see different data whatever the access mode says (a warning).',
    source: 'Azure Disk CSI driver; Kubernetes hostPath volumes',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, claim } of eachClaim(doc)) {
        const modes = claimAccessModes(claim);
        if (claim.volume?.azureDisk && modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany')) {
          out.push({ path: ['spec', STORAGE, name, 'accessModes'], message: `Claim "${name}" is an Azure disk, which attaches to one node at a time: ${modes.join(', ')} cannot be served and the claim never binds. Use azureFile, azureBlob or NFS for data shared by several pods, or ReadWriteOnce.` });
        }
        if (claim.volume?.hostPath && modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany')) {
          out.push({ severity: 'warning', path: ['spec', STORAGE, name, 'volume', 'hostPath'], message: `Claim "${name}" is a directory on each node: pods on different nodes see different files although the claim says ${modes.join(', ')}. Use NFS, Azure Files or Azure Blob for data shared across nodes.` });
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'Azure disk, ReadWriteOnce', overlay: withClaims({ scratch: { mountPath: '/mnt/scratch', size: '64Gi', volume: { azureDisk: { diskId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Compute/disks/scratch' } } } }) }],
      fail: [{ title: 'Azure disk, ReadWriteMany', overlay: withClaims({ scratch: { mountPath: '/mnt/scratch', size: '64Gi', accessModes: ['ReadWriteMany'], volume: { azureDisk: { diskId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Compute/disks/scratch' } } } }) }],
    },
  },
  {
    code: 'AMLK185',
    name: 'storage-size',
    title: 'Each claim has a size',
    severity: 'error',
    category: 'storage',
    doc: 'A PersistentVolumeClaim requests a storage quantity (`resources.requests.storage`), and a volume declares its capacity; both come from `size`, a Kubernetes quantity such as `100Gi`. For existing storage (NFS, a file share) the size is a label for binding, not a quota.',
    source: 'Kubernetes PersistentVolumeClaim and PersistentVolume',
    check: ({ doc }) => {
      const out: Finding[] = [];
      for (const { name, claim } of eachClaim(doc)) {
        if (claim.size === undefined || String(claim.size).trim() === '') out.push({ path: ['spec', STORAGE, name], message: `Claim "${name}" needs a size, e.g. \`size: 100Gi\` (Kubernetes requires the storage a claim requests).` });
        else if (!parseQuantity(claim.size) || /m$/.test(String(claim.size))) out.push({ path: ['spec', STORAGE, name, 'size'], atValue: true, message: `Claim "${name}": size "${String(claim.size)}" is not a storage quantity; use binary units such as "100Gi" or "1Ti".` });
      }
      return out;
    },
    examples: {
      pass: [{ title: '100Gi', overlay: withClaims({ data: nfs() }) }],
      fail: [{ title: 'missing', overlay: withClaims({ data: nfs({ size: null }) }) }, { title: 'unit typo', overlay: withClaims({ data: nfs({ size: '100GB' }) }) }],
    },
  },
  {
    code: 'AMLK186',
    name: 'storage-claim-name',
    title: 'Claim names are Kubernetes object names',
    severity: 'error',
    category: 'storage',
    doc: 'A claim is named by its key under `storage`: a lower-case DNS subdomain (letters, digits, "-" and "."). Its volume is named `<namespace>-<claim>`, which must stay within 253 characters.',
    source: 'Kubernetes object names',
    check: ({ doc }) =>
      eachClaim(doc)
        .filter(({ name }) => !isDnsSubdomain(name) || !isDnsSubdomain(volumeName(computeNamespace(doc), name)))
        .map(({ name }) => ({ path: ['spec', STORAGE, name], message: `Claim name "${name}" is not a valid Kubernetes name: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'data'}").` })),
    examples: {
      pass: [{ title: 'lower case', overlay: withClaims({ 'training-data': nfs() }) }],
      fail: [{ title: 'capitals and underscore', overlay: withClaims({ Training_Data: nfs() }) }],
    },
  },
  {
    code: 'AMLK187',
    name: 'storage-default-class',
    title: 'Dynamic claims name their storage class',
    severity: 'warning',
    category: 'storage',
    doc: 'A claim without a `volume` is provisioned dynamically. Without `storageClassName` the cluster\'s default class decides, which on AKS is an Azure disk: it cannot serve ReadWriteMany and the claim stays Pending. Name the class (on AKS `azurefile-csi` or `azureblob-fuse-premium` for shared data).',
    source: 'Kubernetes dynamic provisioning; AKS default storage classes',
    check: ({ doc }) =>
      eachClaim(doc)
        .filter(({ claim }) => !claim.volume && claim.storageClassName === undefined)
        .map(({ name }) => ({ path: ['spec', STORAGE, name], message: `Claim "${name}" has neither a volume nor a storageClassName, so the cluster's default class provisions it (on AKS an Azure disk, which cannot be shared by pods on several nodes). Set \`storageClassName\` (e.g. azurefile-csi) or describe the existing storage under \`volume\`.` })),
    examples: {
      pass: [{ title: 'named class', overlay: withClaims({ data: { mountPath: '/mnt/data', size: '100Gi', storageClassName: 'azurefile-csi' } }) }],
      fail: [{ title: 'default class', overlay: withClaims({ data: { mountPath: '/mnt/data', size: '100Gi' } }) }],
    },
  },
  {
    code: 'AMLK188',
    name: 'storage-claim-conflict',
    title: 'Specs sharing a namespace agree on its claims',
    severity: 'error',
    category: 'spec-set',
    doc: 'Computes of several workspaces can share one cluster and namespace. A claim is one object in that namespace: two specs that declare the same claim name there must declare it identically, or each apply would undo the other.',
    source: 'aml-k8s spec format; Kubernetes object identity',
    checkSet: (ctxs) => {
      const first = new Map<string, { ctx: RuleContext; claim: StorageClaimSpec }>();
      const out: { index: number; finding: Finding }[] = [];
      for (const c of claimsAcross(ctxs)) {
        const key = `${c.place}#${c.name}`;
        const prev = first.get(key);
        if (!prev) first.set(key, { ctx: c.ctx, claim: c.claim });
        else if (prev.ctx !== c.ctx && canonicalJson(prev.claim) !== canonicalJson(c.claim)) {
          out.push({ index: c.index, finding: { path: ['spec', STORAGE, c.name], message: `Claim "${c.name}" is also declared in ${where(prev.ctx)} for the same cluster and namespace, differently. Make the two declarations identical, or rename one.` } });
        }
      }
      return out;
    },
    examples: {
      pass: [{ title: 'same claim, same definition', overlay: withClaims({ data: nfs() }), others: [{ metadata: { name: 'other-compute' }, spec: { attach: { workspace: { name: 'other-workspace' } }, storage: { data: nfs() } } }] }],
      fail: [{ title: 'same claim, another size', overlay: withClaims({ data: nfs() }), others: [{ metadata: { name: 'other-compute' }, spec: { attach: { workspace: { name: 'other-workspace' } }, storage: { data: nfs({ size: '200Gi' }) } } }] }],
    },
  },
];
