import { EmptyState, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { MissingAnnotationEmptyState, useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { azuremlComputeReadPermission } from '@aml-k8s/plugin-azureml-compute-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { COMPUTE_NAME_ANNOTATION, computeNameOf } from '../lib/entity';
import { ComputeErrors } from './ComputeErrors';
import { ComputeFacts } from './ComputeFacts';
import { ComputeHistory } from './ComputeHistory';
import { HealthStatus } from './HealthStatus';

const TITLE = 'Azure ML compute';

function isNotFound(error: Error): boolean {
  return ResponseError.is(error) && error.statusCode === 404;
}

/**
 * The live status of one compute, by the spec's `metadata.name`. Renders nothing unless the user
 * may read this compute (`azureml.compute.read` with the name as resource ref: policies may allow
 * it for some computes only, e.g. their owners'), and nothing while that is being asked.
 */
export function ComputeStatusCard({ name }: { name: string }) {
  const { allowed } = usePermission({ permission: azuremlComputeReadPermission, resourceRef: name });
  return allowed ? <ComputeStatusContent name={name} /> : null;
}

function ComputeStatusContent({ name }: { name: string }) {
  const api = useApi(azureMLComputeApiRef);
  const { value, loading, error, retry } = useAsyncRetry(() => api.getCompute(name), [api, name]);
  const refresh = (
    <IconButton aria-label="Refresh" title="Check again" onClick={retry} disabled={loading}>
      <RefreshIcon />
    </IconButton>
  );

  if (loading && !value) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    if (isNotFound(error)) {
      return (
        <InfoCard title={TITLE} action={refresh}>
          <EmptyState
            missing="data"
            title="No status for this compute yet"
            description={`The status service does not know compute "${name}" yet. It shows up after the next refresh once the spec is merged.`}
          />
        </InfoCard>
      );
    }
    return (
      <InfoCard title={TITLE} action={refresh}>
        <ResponseErrorPanel error={error} title="Could not load the compute's status" />
      </InfoCard>
    );
  }
  if (!value) return null;
  const { status, history } = value;
  return (
    <InfoCard title={TITLE} subheader={<HealthStatus health={status.health} />} action={refresh}>
      <Box display="flex" flexDirection="column" gridGap={16} data-testid="azureml-compute-card">
        <ComputeErrors status={status} />
        <ComputeFacts status={status} />
        <ComputeHistory history={history} />
      </Box>
    </InfoCard>
  );
}

/** Entity card for `azureml-kubernetes-compute` resources: extension and compute state, setup, errors with remedies. */
export function EntityAzureMLComputeCard() {
  const { entity } = useEntity();
  const name = computeNameOf(entity);
  if (!name) return <MissingAnnotationEmptyState annotation={COMPUTE_NAME_ANNOTATION} />;
  return <ComputeStatusCard name={name} />;
}
