import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import type { ComputeHealth, ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { countByHealth } from '../lib/filters';
import { HEALTHS, healthLabel } from '../lib/health';

/** Counts per state at a glance; clicking one filters the table to it (again: clears). */
export function HealthSummary(props: { items: readonly ComputeStatus[]; selected?: ComputeHealth; onSelect: (health?: ComputeHealth) => void }) {
  const counts = countByHealth(props.items);
  return (
    <Box display="flex" flexWrap="wrap" gridGap={8} data-testid="health-summary">
      {HEALTHS.filter((h) => counts[h] > 0).map((h) => (
        <Chip
          key={h}
          data-health={h}
          label={`${healthLabel(h)}: ${counts[h]}`}
          color={props.selected === h ? 'primary' : 'default'}
          onClick={() => props.onSelect(props.selected === h ? undefined : h)}
        />
      ))}
    </Box>
  );
}
