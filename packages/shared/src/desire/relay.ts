// The Azure Relay an Arc cluster's extension talks through. `az k8s-extension create` creates it
// (namespace, hybrid connection, authorization rule) before the extension; the apply engine does
// the same with these names, then adds its connection settings with withRelayConnection().
import type { SecretValue } from '../secrets/secret-value.ts';
import type { ClusterRef } from '../model/types.ts';
import { relayNamespaceName } from './azure-names.ts';
import { dereference } from './cli-settings.ts';
import type { ExtensionBody, RelayRequirement } from './desired-state.ts';

export const RELAY_AUTHORIZATION_RULE = 'azureml_rw';
export const RELAY_RIGHTS: readonly string[] = ['Manage', 'Send', 'Listen'];
export const AZURE_RESOURCE_TAGS: Readonly<Record<string, string>> = { created_by: 'Azure Arc-enabled ML' };

export function relayRequirement(cluster: Pick<ClusterRef, 'name' | 'subscriptionId' | 'resourceGroup'>, location: string | undefined): RelayRequirement {
  const namespaceName = relayNamespaceName(cluster);
  return {
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    ...(location !== undefined ? { location } : {}),
    namespaceName,
    hybridConnectionName: cluster.name,
    hybridConnectionId: `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/Microsoft.Relay/namespaces/${namespaceName}/hybridConnections/${cluster.name}`,
    authorizationRuleName: RELAY_AUTHORIZATION_RULE,
    rights: RELAY_RIGHTS,
    tags: AZURE_RESOURCE_TAGS,
  };
}

export interface RelayConnection {
  /** Primary connection string of the `azureml_rw` rule. */
  connectionString: SecretValue;
  /** ID of the hybrid connection as Azure returned it. */
  hybridConnectionResourceId: string;
  hybridConnectionName: string;
}

/** The extension body with the Relay settings the az CLI adds once the Relay exists. */
export function withRelayConnection(body: ExtensionBody, relay: RelayConnection): ExtensionBody {
  const configurationProtectedSettings = { ...body.configurationProtectedSettings, relayServerConnectionString: relay.connectionString };
  dereference(configurationProtectedSettings);
  return {
    ...body,
    configurationSettings: {
      ...body.configurationSettings,
      'relayserver.hybridConnectionResourceID': relay.hybridConnectionResourceId,
      'relayserver.hybridConnectionName': relay.hybridConnectionName,
    },
    configurationProtectedSettings,
  };
}
