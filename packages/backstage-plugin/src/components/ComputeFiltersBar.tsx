import { Select } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeFilters, FilterChoices, FilterKey } from '../lib/filters';

/** The "no filter" choice (an empty value would show as a blank select). */
const ALL = 'all';

const LABELS: Record<FilterKey, string> = { workspace: 'Workspace', cluster: 'Cluster', owner: 'Owner', health: 'State' };
const ORDER: readonly FilterKey[] = ['workspace', 'cluster', 'owner', 'health'];

/** A search box (name) and one drop-down per filter: workspace, cluster, owner, state. */
export function ComputeFiltersBar(props: {
  choices: Record<FilterKey, FilterChoices>;
  filters: ComputeFilters;
  onChange: (filters: ComputeFilters) => void;
  search: string;
  onSearch: (text: string) => void;
}) {
  const set = (key: FilterKey, value: string) => {
    const next: ComputeFilters = { ...props.filters };
    if (value === ALL) delete next[key];
    else if (key === 'health') next.health = value as ComputeHealth;
    else next[key] = value;
    props.onChange(next);
  };
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-end" gridGap={16} data-testid="compute-filters">
      <Box minWidth={240}>
        <TextField
          label="Search by name"
          value={props.search}
          onChange={(e) => props.onSearch(e.target.value)}
          fullWidth
          inputProps={{ 'data-testid': 'compute-search', 'aria-label': 'Search by name' }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
      </Box>
      {ORDER.map((key) => {
        const { options, more } = props.choices[key];
        return (
          <Box key={key} minWidth={200}>
            <Select
              label={more > 0 ? `${LABELS[key]} (${options.length} most used of ${options.length + more})` : LABELS[key]}
              data-testid={`filter-${key}`}
              items={[{ label: 'All', value: ALL }, ...options]}
              selected={props.filters[key] ?? ALL}
              onChange={(value) => set(key, String(value))}
            />
          </Box>
        );
      })}
    </Box>
  );
}
