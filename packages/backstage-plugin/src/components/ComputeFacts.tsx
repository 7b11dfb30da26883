import { Link, StructuredMetadataTable } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import {
  formatAge,
  formatTimestamp,
  highAvailabilityLabel,
  portalUrl,
  provisioningLabel,
  routerLabel,
  tlsLabel,
  workloadsLabel,
} from '../lib/format';

function AzureLink({ id, text }: { id: string | undefined; text: string }) {
  return id ? <Link to={portalUrl(id)}>{text}</Link> : <>{text}</>;
}

/** The compute's desired setup and observed state, as label/value rows. */
export function ComputeFacts({ status }: { status: ComputeStatus }) {
  const { desired } = status;
  const metadata: Record<string, React.ReactNode> = {
    'Extension state': <AzureLink id={status.extensionId} text={provisioningLabel(status.extension.provisioningState, 'Not installed')} />,
    'Extension version': status.extension.version ?? '—',
    'Compute state': <AzureLink id={status.computeId} text={provisioningLabel(status.compute.provisioningState, 'Not attached')} />,
    'Compute name': status.computeName,
    Workloads: workloadsLabel(desired),
    'Router service type': routerLabel(desired),
    'TLS mode': tlsLabel(desired),
    'High availability': highAvailabilityLabel(desired),
    'Instance types':
      desired.instanceTypes.length > 0 ? (
        <span data-testid="instance-types">
          {desired.instanceTypes.map((t) => (
            <Chip key={t} label={t} size="small" />
          ))}
        </span>
      ) : (
        'Default only'
      ),
    Cluster: <AzureLink id={status.cluster.resourceId} text={`${status.cluster.name} (${status.cluster.type.toUpperCase()}, ${status.cluster.resourceGroup})`} />,
    Workspace: status.workspace ? <AzureLink id={status.workspace.resourceId} text={`${status.workspace.name} (${status.workspace.resourceGroup})`} /> : '—',
    Namespace: desired.namespace,
    'Last check': `${formatTimestamp(status.checkedAt)} (${formatAge(status.checkedAt)})`,
  };
  if (status.since) metadata['State since'] = formatTimestamp(status.since);
  return <StructuredMetadataTable metadata={metadata} options={{ titleFormat: (key) => key }} />;
}
