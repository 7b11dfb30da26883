// `aml-k8s import terraform|arm|bicep|azml|manifests`: resources found by the format readers turned
// into spec documents, one per cluster: the AzureML extension on it, the compute that attaches it
// (matched by the cluster its resourceId names) and the instance types, from the compute body or
// from InstanceType manifests. Diagnostics follow `import az`: expressions become placeholders
// with a warning, protected values are never copied, what a spec cannot say is reported.
import type { Diagnostic } from '../../diagnostics.ts';
import type { ComputeDocument, InstanceTypeSpec, WorkspaceRef } from '../../model/types.ts';
import { SPEC_API_VERSION, SPEC_KIND } from '../../model/types.ts';
import { Document } from 'yaml';
import { isAzureMlExtension, isCompute, isExtension } from '../extension-settings.ts';
import type { FoundResource } from '../found-resource.ts';
import { computeCluster, computeWorkspace, extensionCluster } from './cluster.ts';
import type { DeploymentScope, FoundCluster } from './cluster.ts';
import { importCompute, isKubernetesCompute } from './compute.ts';
import type { ImportedCompute } from './compute.ts';
import { FOUND_IMPORT_CODES, foundSink } from './diagnostics.ts';
import type { FoundSink } from './diagnostics.ts';
import { importExtension } from './extension.ts';
import type { ImportedExtension } from './extension.ts';

export interface FoundImportInput {
  resources: readonly FoundResource[];
  /** Instance types read from InstanceType manifests, by file. */
  instanceTypes?: readonly { file: string; types: Record<string, InstanceTypeSpec> }[];
}

export interface FoundImportOptions {
  /** Where a template file is deployed, for resources whose file does not name their resource group (Bicep, ARM). */
  deployment?: (resource: FoundResource) => DeploymentScope | undefined;
}

export interface FoundImportResult {
  documents: ComputeDocument[];
  diagnostics: Diagnostic[];
}

interface Draft {
  cluster: FoundCluster;
  extension?: ImportedExtension;
  compute?: { imported: ImportedCompute; workspace: WorkspaceRef };
  /** Where the draft was declared, for messages. */
  from: FoundResource;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

function attachComputes(computes: readonly FoundResource[], drafts: Draft[], options: FoundImportOptions, sink: FoundSink, clusters: Map<FoundResource, FoundCluster>): void {
  for (const r of computes) {
    const cluster = clusters.get(r)!;
    const imported = importCompute(r, sink);
    const workspace = computeWorkspace(r, options.deployment?.(r), sink);
    const open = drafts.filter((d) => d.extension && !d.compute);
    let target = open.find((d) => d.cluster.key === cluster.key);
    if (!target && !cluster.complete && open.length === 1) {
      target = open[0]!;
      sink.at(r, ['properties', 'resourceId'], 'info', FOUND_IMPORT_CODES.noExtension, `The cluster this compute attaches is not known from the source; it is taken to be the cluster of ${target.from.declaredAs}, the only extension without a compute. Check spec.cluster.`);
    }
    if (target) {
      target.compute = { imported, workspace };
      continue;
    }
    sink.at(r, [], 'info', FOUND_IMPORT_CODES.noExtension, 'No AzureML extension for this compute\'s cluster is in the input, so the document has no extension section: it attaches a cluster whose extension is installed elsewhere. Add an extension section to manage it too.');
    drafts.push({ cluster, compute: { imported, workspace }, from: r });
  }
}

function toDocument(d: Draft, used: Set<string>): ComputeDocument {
  const base = slug(d.compute?.imported.name ?? '') || slug(d.cluster.coords.name) || 'compute';
  let name = base;
  for (let i = 2; used.has(name); i += 1) name = `${base}-${i}`;
  used.add(name);
  const cluster = { ...d.cluster.coords, ...(d.extension?.distribution ? { distribution: d.extension.distribution } : {}) };
  const doc: ComputeDocument = { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name }, spec: { cluster } };
  if (d.extension) doc.spec.extension = d.extension.extension;
  if (d.compute) {
    const { imported, workspace } = d.compute;
    const sameSubscription = workspace.subscriptionId === undefined || workspace.subscriptionId.toLowerCase() === cluster.subscriptionId.toLowerCase();
    doc.spec.attach = {
      ...(imported.name !== name ? { computeName: imported.name } : {}),
      workspace: { ...(sameSubscription ? {} : { subscriptionId: workspace.subscriptionId }), resourceGroup: workspace.resourceGroup, name: workspace.name },
      ...imported.attach,
    };
    if (imported.instanceTypes) doc.spec.instanceTypes = imported.instanceTypes;
  }
  return doc;
}

/** Instance types from manifests go to the one document, or the first, with a note; alone, they make a document of their own. */
function placeManifestTypes(documents: ComputeDocument[], input: FoundImportInput, sink: FoundSink): void {
  for (const { file, types } of input.instanceTypes ?? []) {
    if (Object.keys(types).length === 0) continue;
    let target = documents[0];
    if (!target) {
      target = { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name: 'instance-types' }, spec: { cluster: { type: 'aks', subscriptionId: '<subscription-id>', resourceGroup: '<cluster-resource-group>', name: '<cluster-name>' } } };
      documents.push(target);
      sink.add({ severity: 'warning', code: FOUND_IMPORT_CODES.deployment, file, line: 1, column: 1, message: 'InstanceType manifests do not say which cluster they are applied to: spec.cluster holds placeholders. Fill them in, and add the extension and attach sections of the compute they serve.' });
    } else if (documents.length > 1) {
      sink.add({ severity: 'info', code: FOUND_IMPORT_CODES.instanceTypes, file, line: 1, column: 1, message: `The instance types of this file went to the spec of ${target.metadata.name}. Instance types belong to a cluster: move them if they are meant for another one.` });
    }
    const into = (target.spec.instanceTypes ??= {});
    for (const [name, spec] of Object.entries(types)) {
      if (Object.hasOwn(into, name)) sink.add({ severity: 'warning', code: FOUND_IMPORT_CODES.instanceTypes, file, line: 1, column: 1, message: `The instance type "${name}" is also in the compute body; the manifest's is kept, as it is what the cluster runs.` });
      into[name] = spec;
    }
  }
}

export function importFound(input: FoundImportInput, options: FoundImportOptions = {}): FoundImportResult {
  const sink = foundSink();
  const computes = input.resources.filter((r) => isCompute(r) && isKubernetesCompute(r, sink));
  const clusters = new Map<FoundResource, FoundCluster>(computes.map((r) => [r, computeCluster(r, sink)]));
  const drafts: Draft[] = [];
  for (const r of input.resources.filter(isExtension)) {
    if (!isAzureMlExtension(r)) {
      sink.at(r, ['properties', 'extensionType'], 'info', FOUND_IMPORT_CODES.unsupported, `${r.declaredAs} is not the AzureML extension (microsoft.azureml.kubernetes): not imported.`);
      continue;
    }
    // A compute's literal resourceId names the cluster fully where the extension's file does not.
    const named = /(managedClusters|connectedClusters)\/([^/'\s]+)$/i.exec(r.cluster.ref ?? '');
    const fromCompute = !r.cluster.id && named ? [...clusters.values()].find((c) => c.complete && c.key === `${r.cluster.type ?? 'aks'}/${named[2]!}`.toLowerCase()) : undefined;
    const cluster = fromCompute ?? extensionCluster(r, options.deployment?.(r), sink);
    drafts.push({ cluster, extension: importExtension(r, cluster.coords, sink), from: r });
  }
  attachComputes(computes, drafts, options, sink, clusters);
  const used = new Set<string>();
  const documents = drafts.map((d) => toDocument(d, used));
  placeManifestTypes(documents, input, sink);
  if (documents.length === 0) {
    const file = input.resources[0]?.file ?? input.instanceTypes?.[0]?.file ?? '(input)';
    sink.add({ severity: 'warning', code: FOUND_IMPORT_CODES.nothing, file, line: 1, column: 1, message: 'No AzureML extension (microsoft.azureml.kubernetes), Kubernetes compute or InstanceType was found, so there is nothing to import.' });
  }
  const diagnostics = [...sink.all].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { documents, diagnostics };
}

/** The imported documents as YAML under a header naming the source and the import form; fields in spec order, as built. */
export function importedYaml(documents: readonly ComputeDocument[], source: string, form: string): string {
  const header = [`# aml-k8s spec imported from ${source.replace(/[\r\n]+/g, ' ')} (aml-k8s import ${form}).`, '# Review before use: replace <placeholders>, and set the environment variables named by { env: ... } references.'].join('\n');
  const body = documents.map((d) => new Document(d).toString({ lineWidth: 0 })).join('---\n');
  return `${header}\n${body}`;
}
