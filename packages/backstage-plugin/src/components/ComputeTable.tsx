import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { formatAge, formatTimestamp, provisioningLabel, workloadsLabel } from '../lib/format';
import { ComputeErrors, errorsOf } from './ComputeErrors';
import { ComputeFacts } from './ComputeFacts';
import { HealthStatus } from './HealthStatus';

type Row = ComputeStatus & { id: string };

/** The catalog entity the backend's provider creates for a compute. */
export function computeEntityRef(status: ComputeStatus) {
  return { kind: 'resource', namespace: 'default', name: status.name };
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Compute',
    field: 'name',
    highlight: true,
    render: (s) => (
      <Box data-testid="compute-row" data-name={s.name}>
        <EntityRefLink entityRef={computeEntityRef(s)} hideIcon>
          {s.name}
        </EntityRefLink>
        {s.description && (
          <Typography variant="caption" color="textSecondary" component="div">
            {s.description}
          </Typography>
        )}
      </Box>
    ),
  },
  {
    title: 'Status',
    field: 'health',
    cellStyle: { whiteSpace: 'nowrap' },
    render: (s) => (
      <>
        <HealthStatus health={s.health} />
        {errorsOf(s).map(({ where, error }) => (
          <Typography key={where} variant="caption" color="error" component="div">
            {where}: {error.code}
          </Typography>
        ))}
      </>
    ),
  },
  { title: 'Extension', field: 'extension.provisioningState', render: (s) => provisioningLabel(s.extension.provisioningState, 'Not installed') },
  { title: 'Compute state', field: 'compute.provisioningState', render: (s) => provisioningLabel(s.compute.provisioningState, 'Not attached') },
  { title: 'Cluster', field: 'cluster.name', render: (s) => `${s.cluster.name} (${s.cluster.type.toUpperCase()})` },
  { title: 'Workspace', field: 'workspace.name', render: (s) => s.workspace?.name ?? '—' },
  {
    title: 'Owner',
    field: 'owner',
    render: (s) => (s.owner ? <EntityRefLink entityRef={s.owner} defaultKind="group" /> : '—'),
  },
  { title: 'Workloads', field: 'desired.training', sorting: false, render: (s) => workloadsLabel(s.desired) },
  {
    title: 'Last check',
    field: 'checkedAt',
    render: (s) => <span title={formatTimestamp(s.checkedAt)}>{formatAge(s.checkedAt)}</span>,
  },
];

/**
 * One page of computes (sorted by name by the backend, which pages, filters and searches them);
 * a row opens to its setup and errors with remedies.
 */
export function ComputeTable({ items, title, isLoading }: { items: readonly ComputeStatus[]; title: string; isLoading?: boolean }) {
  const data: Row[] = items.map((s) => ({ ...s, id: s.name }));
  return (
    <Table<Row>
      title={title}
      columns={columns}
      data={data}
      isLoading={isLoading}
      options={{ paging: false, search: false, sorting: false, padding: 'dense' }}
      detailPanel={[
        {
          tooltip: 'Details',
          render: ({ rowData }) => (
            <Box p={2} display="flex" flexDirection="column" gridGap={16}>
              <ComputeErrors status={rowData} />
              <ComputeFacts status={rowData} />
            </Box>
          ),
        },
      ]}
    />
  );
}
