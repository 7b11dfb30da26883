import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { type ComputeFilters, filterChoices, listQuery } from '../lib/filters';
import { formatTimestamp } from '../lib/format';
import { ComputeFiltersBar } from './ComputeFiltersBar';
import { ComputeTable } from './ComputeTable';
import { HealthSummary } from './HealthSummary';

/** Wait this long after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 300;
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Every compute the backend knows, one page at a time: counts per state, filters by workspace,
 * cluster, owner and state, and a name search, all answered by the backend (which pages, filters
 * and searches), so the page costs the same at 6 computes and at 5,000.
 */
export function ComputeOverview() {
  const api = useApi(azureMLComputeApiRef);
  const summary = useAsyncRetry(() => api.getSummary(), [api]);
  const [filters, setFilters] = useState<ComputeFilters>({});
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, SEARCH_DEBOUNCE_MS);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState<number>(DEFAULT_PAGE_SIZE);
  const query = useMemo(() => listQuery(filters, debounced, page, pageSize), [filters, debounced, page, pageSize]);
  // "Check again" reloads the page too.
  const [generation, setGeneration] = useState(0);
  const list = useAsync(() => api.listComputes(query), [api, query, generation]);
  // Keep showing the last page while the next one loads.
  const [shown, setShown] = useState<ComputeListResponse | undefined>();
  useEffect(() => {
    if (list.value) setShown(list.value);
  }, [list.value]);
  const choices = useMemo(() => filterChoices(summary.value), [summary.value]);

  const changeFilters = (next: ComputeFilters) => {
    setFilters(next);
    setPage(0);
  };
  const changeSearch = (text: string) => {
    setSearch(text);
    setPage(0);
  };
  const clear = () => {
    changeFilters({});
    setSearch('');
  };

  if (summary.error) return <ResponseErrorPanel error={summary.error} title="Could not load the computes" />;
  if (list.error) return <ResponseErrorPanel error={list.error} title="Could not load the computes" />;
  if (!summary.value || !shown) return <Progress />;
  if (summary.value.total === 0) {
    return (
      <EmptyState
        missing="data"
        title="No Azure ML computes yet"
        description={
          summary.value.refreshedAt
            ? 'The status service found no compute spec. Create one with the "Azure ML Kubernetes compute" template.'
            : 'The status service has not finished its first refresh. Check again in a minute.'
        }
        action={
          <Button
            variant="contained"
            color="primary"
            onClick={() => {
              summary.retry();
              setGeneration((g) => g + 1);
            }}
          >
            Check again
          </Button>
        }
      />
    );
  }
  const loading = list.loading || search !== debounced;
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <HealthSummary counts={summary.value.byHealth} selected={filters.health} onSelect={(health) => changeFilters({ ...filters, health })} />
      <ComputeFiltersBar choices={choices} filters={filters} onChange={changeFilters} search={search} onSearch={changeSearch} />
      {shown.total === 0 && !loading ? (
        <Typography data-testid="no-match">
          No compute matches these filters.{' '}
          <Button size="small" color="primary" onClick={clear}>
            Clear the filters
          </Button>
        </Typography>
      ) : (
        <Box data-testid="compute-page" data-loading={loading ? 'true' : 'false'}>
          <ComputeTable items={shown.items} title={`Computes (${shown.total} of ${summary.value.total})`} isLoading={loading} />
          <TablePagination
            component="div"
            data-testid="compute-pagination"
            count={shown.total}
            page={shown.total === 0 ? 0 : Math.min(page, Math.max(0, Math.ceil(shown.total / pageSize) - 1))}
            rowsPerPage={pageSize}
            rowsPerPageOptions={[...PAGE_SIZES]}
            onPageChange={(_e, p) => setPage(p)}
            onRowsPerPageChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(0);
            }}
          />
        </Box>
      )}
      <Typography variant="caption" color="textSecondary">
        Status refreshed {formatTimestamp(shown.refreshedAt ?? summary.value.refreshedAt)}
      </Typography>
    </Box>
  );
}
