// `render --as terraform`: the ARM requests of each spec (render/arm.ts) written as Terraform, so a
// Terraform configuration sends Azure exactly what aml-k8s would. Two flavours: `azapi` writes both
// resources as `azapi_resource` with the ARM body; `azurerm` writes the extension as
// `azurerm_kubernetes_cluster_extension` / `azurerm_arc_kubernetes_cluster_extension` when those
// can carry the request (the compute stays `azapi_resource`: azurerm has no Kubernetes compute).
// Protected settings are sensitive variables, never values.
import { COMPUTE_API_VERSION, EXTENSION_API_VERSION, armRequests } from './arm.ts';
import type { ArmRequest } from './arm.ts';
import { HclReference, hclComment, hclIdentifier, hclString, hclValue } from './terraform-hcl.ts';
import type { IacSpec } from './terraform-inputs.ts';
import { CLUSTER_RESOURCE_TYPES, missingRegionSettings, protectedSources, workspaceId } from './terraform-inputs.ts';

export type TerraformFlavour = 'azapi' | 'azurerm';

export interface TerraformOptions {
  flavour?: TerraformFlavour;
}

const EXTENSION_RESOURCE_TYPE = `Microsoft.KubernetesConfiguration/extensions@${EXTENSION_API_VERSION}`;
const COMPUTE_RESOURCE_TYPE = `Microsoft.MachineLearningServices/workspaces/computes@${COMPUTE_API_VERSION}`;

/** Identifiers used so far in the output: Terraform names must be unique per type. */
class Names {
  private readonly used = new Set<string>();
  take(text: string): string {
    const base = hclIdentifier(text);
    let name = base;
    for (let i = 2; this.used.has(name); i += 1) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

type Attributes = [string, unknown][];

function block(header: string, attributes: Attributes, blocks: string[] = []): string {
  const width = Math.max(0, ...attributes.map(([k]) => k.length));
  const lines = attributes.map(([k, v]) => `  ${k.padEnd(width)} = ${hclValue(v, 1)}`);
  return [`${header} {`, ...lines, ...blocks.map((b) => b.replace(/^/gm, '  ')), '}'].join('\n');
}

function identityBlock(identity: unknown): string[] {
  if (identity === null || typeof identity !== 'object') return [];
  const { type, userAssignedIdentities } = identity as { type?: string; userAssignedIdentities?: Record<string, unknown> };
  const ids = Object.keys(userAssignedIdentities ?? {});
  return [block('identity', [['type', type], ...(ids.length > 0 ? [['identity_ids', ids] as [string, unknown]] : [])])];
}

/** The body without the fields written as attributes or blocks of their own. */
function bodyOf(request: ArmRequest): Record<string, unknown> {
  const { identity: _identity, location: _location, ...rest } = request.body;
  return rest;
}

interface ExtensionParts {
  clusterId: string;
  extensionName: string;
  clusterType: 'aks' | 'arc';
  request: ArmRequest;
}

/** The azurerm extension resource's attributes, or why it cannot carry this request. */
function azurermExtension(parts: ExtensionParts): { type: string; attributes: Attributes; blocks: string[] } | { reason: string } {
  const props = parts.request.body.properties as Record<string, unknown>;
  const known = new Set(['extensionType', 'autoUpgradeMinorVersion', 'releaseTrain', 'version', 'scope', 'configurationSettings', 'configurationProtectedSettings']);
  const extra = Object.keys(props).filter((k) => !known.has(k));
  if (extra.length > 0) return { reason: `it has no argument for ${extra.join(', ')}` };
  // The provider sends autoUpgradeMinorVersion=false exactly when a version is pinned.
  if (props.autoUpgradeMinorVersion !== (props.version === undefined)) return { reason: 'it turns auto-upgrade off only by pinning a version' };
  const namespace = (props.scope as { cluster?: { releaseNamespace?: string } } | undefined)?.cluster?.releaseNamespace;
  const attributes: Attributes = [
    ['name', parts.extensionName],
    ['cluster_id', parts.clusterId],
    ['extension_type', props.extensionType],
    ['release_train', props.releaseTrain],
    ...(props.version !== undefined ? [['version', props.version] as [string, unknown]] : []),
    ...(namespace !== undefined ? [['release_namespace', namespace] as [string, unknown]] : []),
    ['configuration_settings', props.configurationSettings],
    ...(Object.keys(props.configurationProtectedSettings as object).length > 0 ? [['configuration_protected_settings', props.configurationProtectedSettings] as [string, unknown]] : []),
  ];
  const type = parts.clusterType === 'arc' ? 'azurerm_arc_kubernetes_cluster_extension' : 'azurerm_kubernetes_cluster_extension';
  return { type, attributes, blocks: parts.clusterType === 'arc' ? identityBlock(parts.request.body.identity) : [] };
}

function azapiResource(name: string, type: string, resourceName: string, parentId: string, request: ArmRequest, extra: Attributes = []): string {
  const location = request.body.location;
  return block(`resource "azapi_resource" ${hclString(name)}`, [['type', type], ['name', resourceName], ['parent_id', parentId], ...(typeof location === 'string' ? [['location', location] as [string, unknown]] : []), ['body', bodyOf(request)], ...extra], identityBlock(request.body.identity));
}

function variable(name: string, description: string): string {
  return block(`variable ${hclString(name)}`, [['description', description], ['type', new HclReference('string')], ['sensitive', true]]);
}

/** The variables, the cluster read for its region, and the extension resource; with the extension's address. */
function renderExtension(spec: IacSpec, request: ArmRequest, flavour: TerraformFlavour, names: Names, variables: Names): { blocks: string[]; address: string } {
  const ext = spec.state.extension;
  const base = spec.doc.metadata.name;
  const blocks: string[] = [];
  const sources = protectedSources(spec);
  const props = request.body.properties as Record<string, unknown>;
  const protectedRefs: Record<string, unknown> = {};
  for (const key of Object.keys(props.configurationProtectedSettings as object)) {
    const name = variables.take(`${base}_${key}`);
    blocks.push(variable(name, sources[key] ?? `Protected setting ${key}.`));
    protectedRefs[key] = new HclReference(`var.${name}`);
  }
  props.configurationProtectedSettings = protectedRefs;
  const clusterType = ext.clusterResourceName === 'connectedClusters' ? 'arc' : 'aks';
  // Without cluster facts the region settings are read from the cluster when Terraform runs.
  const plain = props.configurationSettings as Record<string, unknown>;
  const dataName = names.take(`${base}_cluster`);
  const location = `lower(data.azapi_resource.${dataName}.location)`;
  const region = missingRegionSettings(plain, { location, domain: `"\${${location}}.cloudapp.azure.com"` });
  if (Object.keys(region).length > 0) {
    blocks.push(`${hclComment(`The cluster, read for its region (${Object.keys(region).join(', ')}), as az k8s-extension create does.`)}\n${block(`data "azapi_resource" ${hclString(dataName)}`, [['type', CLUSTER_RESOURCE_TYPES[clusterType]], ['resource_id', ext.clusterId]])}`);
    for (const [key, expression] of Object.entries(region)) plain[key] = new HclReference(expression);
  }
  const resourceName = names.take(`${base}_extension`);
  const azurerm = flavour === 'azurerm' ? azurermExtension({ clusterId: ext.clusterId, extensionName: ext.name, clusterType, request }) : undefined;
  if (azurerm && 'type' in azurerm) {
    blocks.push(block(`resource ${hclString(azurerm.type)} ${hclString(resourceName)}`, azurerm.attributes, azurerm.blocks));
    return { blocks, address: `${azurerm.type}.${resourceName}` };
  }
  if (azurerm) blocks.push(hclComment(`azapi_resource, because the azurerm extension resource cannot send this request: ${azurerm.reason}.`));
  blocks.push(azapiResource(resourceName, EXTENSION_RESOURCE_TYPE, ext.name, ext.clusterId, request));
  return { blocks, address: `azapi_resource.${resourceName}` };
}

function renderSpec(spec: IacSpec, flavour: TerraformFlavour, names: Names, variables: Names): string {
  const { state, doc } = spec;
  const title = hclComment(`${spec.file ? `${spec.file}: ` : ''}${doc.metadata.name}`);
  if (state.state === 'absent') return `${title}\n${hclComment('state: absent. Nothing to create: remove these resources from the configuration (aml-k8s apply detaches the compute and removes the extension).')}\n`;
  const out: string[] = [title];
  const requests = armRequests(state);
  let extensionAddress: string | undefined;
  if (state.extension.managed) {
    const extension = renderExtension(spec, requests[0]!, flavour, names, variables);
    out.push(...extension.blocks);
    extensionAddress = extension.address;
  }
  const compute = state.compute;
  if (compute) {
    const request = requests.find((r) => r.path === compute.id)!;
    const resourceName = names.take(`${doc.metadata.name}_compute`);
    const dependsOn: Attributes = extensionAddress ? [['depends_on', [new HclReference(extensionAddress)]]] : [];
    out.push(azapiResource(resourceName, COMPUTE_RESOURCE_TYPE, compute.name, workspaceId(compute.subscriptionId, compute.resourceGroup, compute.workspaceName), request, dependsOn));
  }
  return `${out.join('\n\n')}\n`;
}

function header(flavour: TerraformFlavour): string {
  const providers: Attributes = [['azapi', { source: 'Azure/azapi', version: '>= 2.0' }]];
  if (flavour === 'azurerm') providers.push(['azurerm', { source: 'hashicorp/azurerm', version: '>= 4.0' }]);
  const parts = [
    hclComment('Rendered by aml-k8s from spec files: the same requests `aml-k8s render --as arm` shows.\nProtected settings are sensitive variables: set them (TF_VAR_<name>) from the sources their descriptions name.'),
    block('terraform', [], [block('required_providers', providers)]),
  ];
  if (flavour === 'azurerm') parts.push(block('provider "azurerm"', [], ['features {}']));
  return `${parts.join('\n\n')}\n`;
}

export function renderTerraform(specs: readonly IacSpec[], options: TerraformOptions = {}): string {
  const flavour = options.flavour ?? 'azapi';
  const names = new Names();
  const variables = new Names();
  return [header(flavour), ...specs.map((s) => renderSpec(s, flavour, names, variables))].join('\n');
}
