import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { type ComputeFilters, filterComputes, filterOptions } from '../lib/filters';
import { formatTimestamp } from '../lib/format';
import { ComputeFiltersBar } from './ComputeFiltersBar';
import { ComputeTable } from './ComputeTable';
import { HealthSummary } from './HealthSummary';

/** All computes the backend knows, with their state at a glance, filterable by workspace, cluster, owner and state. */
export function ComputeOverview() {
  const api = useApi(azureMLComputeApiRef);
  const { value, loading, error, retry } = useAsyncRetry(() => api.listComputes(), [api]);
  const [filters, setFilters] = useState<ComputeFilters>({});
  const items = value?.items;
  const options = useMemo(() => filterOptions(items ?? []), [items]);
  const shown = useMemo(() => filterComputes(items ?? [], filters), [items, filters]);

  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} title="Could not load the computes" />;
  if (!value || value.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No Azure ML computes yet"
        description={
          value?.refreshedAt
            ? 'The status service found no compute spec. Create one with the "Azure ML Kubernetes compute" template.'
            : 'The status service has not finished its first refresh. Check again in a minute.'
        }
        action={
          <Button variant="contained" color="primary" onClick={retry}>
            Check again
          </Button>
        }
      />
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <HealthSummary items={value.items} selected={filters.health} onSelect={(health) => setFilters({ ...filters, health })} />
      <ComputeFiltersBar options={options} filters={filters} onChange={setFilters} />
      {shown.length === 0 ? (
        <Typography data-testid="no-match">
          No compute matches these filters.{' '}
          <Button size="small" color="primary" onClick={() => setFilters({})}>
            Clear the filters
          </Button>
        </Typography>
      ) : (
        <ComputeTable items={shown} title={`Computes (${shown.length} of ${value.items.length})`} />
      )}
      <Typography variant="caption" color="textSecondary">
        Status refreshed {formatTimestamp(value.refreshedAt)}
      </Typography>
    </Box>
  );
}
