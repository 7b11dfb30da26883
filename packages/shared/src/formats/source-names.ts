// How each format spells a place in a resource's ARM body: Terraform's azurerm attributes
// (`configuration_settings`), azapi's `body`, ARM and Bicep's own paths, az ml YAML's snake_case
// fields. Used to point at a resource's source (positions) and to word fixes in its terms.
import type { FoundResource, ResourcePath } from './found-resource.ts';

/** ARM body path → Terraform attribute path, for the azurerm extension resources. */
export function azurermPath(path: ResourcePath): ResourcePath {
  const [top, second, ...rest] = path;
  if (top === 'identity') return ['identity', ...(second === undefined ? [] : [second]), ...rest];
  if (top !== 'properties' || second === undefined) return [];
  const names: Record<string, string> = {
    extensionType: 'extension_type',
    configurationSettings: 'configuration_settings',
    configurationProtectedSettings: 'configuration_protected_settings',
    releaseTrain: 'release_train',
    version: 'version',
    autoUpgradeMinorVersion: 'version',
    scope: 'release_namespace',
  };
  return [names[String(second)] ?? String(second), ...rest];
}

/** az ml compute YAML fields of the ARM body paths it sets (see azml-yaml.ts). */
const AZML_FIELDS: Record<string, string> = {
  name: 'name',
  'properties.resourceId': 'resource_id',
  'properties.properties.namespace': 'namespace',
  identity: 'identity',
  'identity.type': 'identity.type',
  'identity.userAssignedIdentities': 'identity.user_assigned_identities',
};

/** The dotted name of an ARM body path in the resource's own source, or undefined when the format has no such field. */
export function sourceName(r: FoundResource, path: ResourcePath): string | undefined {
  const dotted = path.join('.');
  switch (r.format) {
    case 'terraform':
      if (r.declaredAs.startsWith('azapi_')) return path[0] === 'identity' || path[0] === 'name' ? dotted : `body.${dotted}`;
      if (path[0] === 'name') return 'name';
      // The azurerm resources have no auto-upgrade attribute: pinning `version` turns it off.
      if (dotted === 'properties.autoUpgradeMinorVersion') return undefined;
      return azurermPath(path).join('.') || undefined;
    case 'azml':
      return AZML_FIELDS[dotted];
    case 'arm':
    case 'bicep':
      return dotted;
  }
}
