// `render --as bicep`: the ARM requests of each spec (render/arm.ts) as Bicep resource
// declarations, so a Bicep deployment sends Azure exactly what aml-k8s would. A Bicep file deploys
// to one resource group: the extension goes to the cluster's, the compute to the workspace's, so a
// spec whose cluster and workspace are in different resource groups gives two files, each headed
// by the command that deploys it. The cluster and workspace are `existing` references. Protected
// settings are `@secure()` parameters, never values.
import { COMPUTE_API_VERSION, EXTENSION_API_VERSION, armRequests } from './arm.ts';
import { BicepReference, bicepComment, bicepString, bicepSymbol, bicepValue } from './bicep-syntax.ts';
import type { IacSpec } from './terraform-inputs.ts';
import { CLUSTER_RESOURCE_TYPES, missingRegionSettings, protectedSources } from './terraform-inputs.ts';

const WORKSPACE_TYPE = `Microsoft.MachineLearningServices/workspaces@${COMPUTE_API_VERSION}`;
const EXTENSION_TYPE = `Microsoft.KubernetesConfiguration/extensions@${EXTENSION_API_VERSION}`;
const COMPUTE_TYPE = `Microsoft.MachineLearningServices/workspaces/computes@${COMPUTE_API_VERSION}`;

/** Bicep keywords, and words that read as one, never given as symbols. */
const TAKEN = new Set(['cluster', 'extension', 'workspace', 'compute', 'param', 'var', 'resource', 'module', 'output', 'existing', 'if', 'for', 'in', 'true', 'false', 'null', 'targetScope', 'import', 'metadata', 'type', 'func']);

/** One Bicep file of the rendering: what it declares and where it is deployed. */
export interface BicepFile {
  /** A file name for it, from the spec name. */
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  text: string;
}

function resource(symbol: string, type: string, body: Record<string, unknown>, existing = false): string {
  return `resource ${symbol} ${bicepString(type)}${existing ? ' existing' : ''} = ${bicepValue(body)}`;
}

function secureParam(symbol: string, description: string): string {
  return `@secure()\n@description(${bicepString(description)})\nparam ${symbol} string`;
}

interface Scope {
  subscriptionId: string;
  resourceGroup: string;
}

const sameScope = (a: Scope, b: Scope): boolean => a.subscriptionId.toLowerCase() === b.subscriptionId.toLowerCase() && a.resourceGroup.toLowerCase() === b.resourceGroup.toLowerCase();

function fileHeader(name: string, scope: Scope, what: string, after?: string): string {
  return bicepComment(
    [
      `${name}: ${what}.`,
      `Deploy to resource group ${scope.resourceGroup} of subscription ${scope.subscriptionId}${after ? `, after ${after}` : ''}:`,
      `  az deployment group create --subscription ${scope.subscriptionId} --resource-group ${scope.resourceGroup} --template-file ${name}`,
    ].join('\n'),
  );
}

/** Symbols in use in the whole output, so that the files can also be read as one. */
export class BicepSymbols {
  private readonly used = new Set<string>(TAKEN);
  take(...parts: string[]): string {
    const base = bicepSymbol(parts.join(' '));
    let symbol = base;
    for (let i = 2; this.used.has(symbol); i += 1) symbol = `${base}${i}`;
    this.used.add(symbol);
    return symbol;
  }
}

/** The Bicep files of one spec: one per resource group it deploys to. */
export function bicepFiles(spec: IacSpec, symbols = new BicepSymbols()): BicepFile[] {
  const { state, doc } = spec;
  if (state.state === 'absent') return [];
  const base = doc.metadata.name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'spec';
  const prefix = doc.metadata.name;
  const requests = armRequests(state);
  const ext = state.extension;
  const compute = state.compute;
  const clusterScope: Scope = { subscriptionId: ext.subscriptionId, resourceGroup: ext.resourceGroup };
  const extensionParts: string[] = [];
  const extensionSymbol = symbols.take(prefix, 'extension');
  if (ext.managed) {
    const request = requests[0]!;
    const sources = protectedSources(spec);
    const props = request.body.properties as Record<string, unknown>;
    const refs: Record<string, unknown> = {};
    for (const key of Object.keys(props.configurationProtectedSettings as object)) {
      const symbol = symbols.take(prefix, key);
      extensionParts.push(secureParam(symbol, sources[key] ?? `Protected setting ${key}.`));
      refs[key] = new BicepReference(symbol);
    }
    props.configurationProtectedSettings = refs;
    const clusterType = ext.clusterResourceName === 'connectedClusters' ? 'arc' : 'aks';
    const clusterSymbol = symbols.take(prefix, 'cluster');
    // Without cluster facts the region settings are read from the cluster at deployment, as az reads them.
    const location = `toLower(${clusterSymbol}.location)`;
    const plain = props.configurationSettings as Record<string, unknown>;
    for (const [key, expression] of Object.entries(missingRegionSettings(plain, { location, domain: `'$\{${location}}.cloudapp.azure.com'` }))) plain[key] = new BicepReference(expression);
    extensionParts.push(resource(clusterSymbol, CLUSTER_RESOURCE_TYPES[clusterType], { name: ext.clusterName }, true));
    extensionParts.push(resource(extensionSymbol, EXTENSION_TYPE, { scope: new BicepReference(clusterSymbol), name: ext.name, ...request.body }));
  }
  const computeParts: string[] = [];
  if (compute) {
    const request = requests.find((r) => r.path === compute.id)!;
    const workspaceSymbol = symbols.take(prefix, 'workspace');
    computeParts.push(resource(workspaceSymbol, WORKSPACE_TYPE, { name: compute.workspaceName }, true));
    computeParts.push(resource(symbols.take(prefix, 'compute'), COMPUTE_TYPE, { parent: new BicepReference(workspaceSymbol), name: compute.name, ...request.body }));
  }
  const computeScope: Scope | undefined = compute ? { subscriptionId: compute.subscriptionId, resourceGroup: compute.resourceGroup } : undefined;
  const title = `${spec.file ? `${spec.file}: ` : ''}${doc.metadata.name}`;
  const extensionWhat = `extension ${ext.name} on cluster ${ext.clusterName} (${title})`;
  const computeWhat = compute ? `compute ${compute.name} in workspace ${compute.workspaceName} (${title})` : '';
  if (extensionParts.length > 0 && computeScope && sameScope(clusterScope, computeScope)) {
    const name = `${base}.bicep`;
    // One deployment: the compute waits for the extension it needs.
    const withDependency = computeParts[1]!.replace(/\n}$/, `\n  dependsOn: [\n    ${extensionSymbol}\n  ]\n}`);
    return [{ name, ...clusterScope, text: [fileHeader(name, clusterScope, `${extensionWhat}, and compute ${compute!.name} in workspace ${compute!.workspaceName}`), ...extensionParts, computeParts[0]!, withDependency].join('\n\n') }];
  }
  const files: BicepFile[] = [];
  const extensionFile = `${base}.extension.bicep`;
  if (extensionParts.length > 0) files.push({ name: extensionFile, ...clusterScope, text: [fileHeader(extensionFile, clusterScope, extensionWhat), ...extensionParts].join('\n\n') });
  if (computeScope) {
    const name = `${base}.compute.bicep`;
    files.push({ name, ...computeScope, text: [fileHeader(name, computeScope, computeWhat, extensionParts.length > 0 ? extensionFile : undefined), ...computeParts].join('\n\n') });
  }
  return files;
}

/** Every file of every spec, one after the other, each under a line naming it. */
export function renderBicep(specs: readonly IacSpec[]): string {
  const parts = [bicepComment('Rendered by aml-k8s from spec files: the same requests `aml-k8s render --as arm` shows, as Bicep files.\nEach file starts at a "// ==== name ====" line; protected settings are @secure() parameters.')];
  const symbols = new BicepSymbols();
  for (const spec of specs) {
    const files = bicepFiles(spec, symbols);
    if (files.length === 0) parts.push(bicepComment(`${spec.file ? `${spec.file}: ` : ''}${spec.doc.metadata.name}: state absent. Nothing to deploy: aml-k8s apply detaches the compute and removes the extension.`));
    for (const file of files) parts.push(`// ==== ${file.name} ====\n${file.text}`);
  }
  return `${parts.join('\n\n')}\n`;
}
