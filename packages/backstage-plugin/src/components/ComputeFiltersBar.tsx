import { Select } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeFilters, FilterKey, FilterOption } from '../lib/filters';

/** The "no filter" choice (an empty value would show as a blank select). */
const ALL = 'all';

const LABELS: Record<FilterKey, string> = { workspace: 'Workspace', cluster: 'Cluster', owner: 'Owner', health: 'State' };
const ORDER: readonly FilterKey[] = ['workspace', 'cluster', 'owner', 'health'];

/** One drop-down per filter: workspace, cluster, owner, state. */
export function ComputeFiltersBar(props: {
  options: Record<FilterKey, FilterOption[]>;
  filters: ComputeFilters;
  onChange: (filters: ComputeFilters) => void;
}) {
  const set = (key: FilterKey, value: string) => {
    const next: ComputeFilters = { ...props.filters };
    if (value === ALL) delete next[key];
    else if (key === 'health') next.health = value as ComputeHealth;
    else next[key] = value;
    props.onChange(next);
  };
  return (
    <Box display="flex" flexWrap="wrap" gridGap={16} data-testid="compute-filters">
      {ORDER.map((key) => (
        <Box key={key} minWidth={200}>
          <Select
            label={LABELS[key]}
            data-testid={`filter-${key}`}
            items={[{ label: 'All', value: ALL }, ...props.options[key]]}
            selected={props.filters[key] ?? ALL}
            onChange={(value) => set(key, String(value))}
          />
        </Box>
      ))}
    </Box>
  );
}
