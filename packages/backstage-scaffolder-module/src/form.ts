// The template form's input and the spec file built from it. The input shape is documented in
// docs/backstage.md ("Form input"); the Backstage template writes its steps against it.
import type { ComputeDocument, InstanceTypeSpec, RouterServiceType, TlsSpec } from '@aml-k8s/shared/core';
import { stringify } from 'yaml';

export interface ComputeFormInstanceType {
  name: string;
  cpu: string | number;
  memory: string | number;
  gpu?: number;
  nodeSelector?: Record<string, string>;
  limits?: { cpu?: string | number; memory?: string | number };
}

export interface ComputeFormInput {
  computeName: string;
  owner: string;
  description?: string;
  cluster: { type: 'aks' | 'arc'; subscriptionId: string; resourceGroup: string; name: string; distribution?: string };
  workspace: { subscriptionId?: string; resourceGroup: string; name: string };
  namespace?: string;
  training?: boolean;
  inference?: {
    enabled?: boolean;
    routerServiceType?: RouterServiceType;
    highAvailability?: boolean;
    internalLoadBalancer?: boolean;
    tls?: { insecure?: boolean; cname?: string; secretName?: string };
  } | null;
  gpu?: { nvidiaDevicePlugin?: boolean; dcgmExporter?: boolean };
  nodeSelector?: Record<string, string>;
  instanceTypes?: ComputeFormInstanceType[];
}

const nonEmpty = <T extends object>(o: T | undefined): o is T => !!o && Object.keys(o).length > 0;
const quantity = (q: string | number): string => String(q).trim();
const blank = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

function tlsOf(tls: NonNullable<ComputeFormInput['inference']>['tls']): TlsSpec | undefined {
  if (!tls) return undefined;
  if (tls.insecure === true) return { insecure: true };
  const cname = blank(tls.cname);
  const secretName = blank(tls.secretName);
  if (cname === undefined && secretName === undefined) return undefined;
  // Half-filled TLS is passed on as given: the validator names what is missing.
  return { ...(cname !== undefined ? { cname } : {}), ...(secretName !== undefined ? { secretName } : {}) } as TlsSpec;
}

function instanceTypeOf(t: ComputeFormInstanceType): InstanceTypeSpec {
  const requests = { cpu: quantity(t.cpu), memory: quantity(t.memory) };
  const limits: Record<string, string | number> = { cpu: quantity(t.limits?.cpu ?? t.cpu), memory: quantity(t.limits?.memory ?? t.memory) };
  if (t.gpu !== undefined && t.gpu > 0) limits['nvidia.com/gpu'] = t.gpu;
  return { ...(nonEmpty(t.nodeSelector) ? { nodeSelector: t.nodeSelector } : {}), resources: { requests, limits } };
}

/** The spec document for a form input (not yet validated). */
export function specFromForm(input: ComputeFormInput): ComputeDocument {
  const c = input.cluster;
  const cluster: ComputeDocument['spec']['cluster'] = { type: c.type, subscriptionId: c.subscriptionId.trim(), resourceGroup: c.resourceGroup.trim(), name: c.name.trim() };
  if (blank(c.distribution)) cluster.distribution = blank(c.distribution)!;

  const extension: NonNullable<ComputeDocument['spec']['extension']> = { training: input.training ?? true };
  const inf = input.inference;
  if (inf && inf.enabled !== false) {
    const inference: NonNullable<typeof extension.inference> = {};
    if (inf.routerServiceType) inference.routerServiceType = inf.routerServiceType;
    if (inf.internalLoadBalancer !== undefined) inference.internalLoadBalancer = inf.internalLoadBalancer;
    if (inf.highAvailability !== undefined) inference.highAvailability = inf.highAvailability;
    const tls = tlsOf(inf.tls);
    if (tls) inference.tls = tls;
    extension.inference = inference;
  }
  if (nonEmpty(input.nodeSelector)) extension.nodeSelector = input.nodeSelector;
  const components: NonNullable<typeof extension.components> = {};
  if (input.gpu?.nvidiaDevicePlugin !== undefined) components.nvidiaDevicePlugin = input.gpu.nvidiaDevicePlugin;
  if (input.gpu?.dcgmExporter !== undefined) components.dcgmExporter = input.gpu.dcgmExporter;
  if (nonEmpty(components)) extension.components = components;

  const w = input.workspace;
  const workspace: NonNullable<ComputeDocument['spec']['attach']>['workspace'] = { resourceGroup: w.resourceGroup.trim(), name: w.name.trim() };
  if (blank(w.subscriptionId)) workspace.subscriptionId = blank(w.subscriptionId)!;
  const attach: NonNullable<ComputeDocument['spec']['attach']> = { workspace };
  if (blank(input.namespace)) attach.namespace = blank(input.namespace)!;

  const doc: ComputeDocument = {
    apiVersion: 'aml-k8s/v1',
    kind: 'KubernetesCompute',
    metadata: { name: input.computeName.trim(), owner: input.owner.trim(), ...(blank(input.description) ? { description: blank(input.description)! } : {}) },
    spec: { cluster, extension, attach },
  };
  if (input.instanceTypes?.length) doc.spec.instanceTypes = Object.fromEntries(input.instanceTypes.map((t) => [t.name.trim(), instanceTypeOf(t)]));
  return doc;
}

export function defaultSpecPath(input: Pick<ComputeFormInput, 'computeName'>): string {
  return `computes/${input.computeName.trim()}.yaml`;
}

/** The spec file's text: a short header, then the document. */
export function renderSpecYaml(input: ComputeFormInput): string {
  const header = `# Azure ML Kubernetes compute ${input.computeName.trim()}, created from a Backstage template (aml-k8s spec).\n`;
  return header + stringify(specFromForm(input), { lineWidth: 0 });
}
