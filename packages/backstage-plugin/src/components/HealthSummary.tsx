import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';
import { HEALTHS, healthLabel } from '../lib/health';

/** Counts per state at a glance (over every compute); clicking one filters the table to it (again: clears). */
export function HealthSummary(props: { counts: Partial<Record<ComputeHealth, number>>; selected?: ComputeHealth; onSelect: (health?: ComputeHealth) => void }) {
  return (
    <Box display="flex" flexWrap="wrap" gridGap={8} data-testid="health-summary">
      {HEALTHS.filter((h) => (props.counts[h] ?? 0) > 0).map((h) => (
        <Chip
          key={h}
          data-health={h}
          label={`${healthLabel(h)}: ${props.counts[h]}`}
          color={props.selected === h ? 'primary' : 'default'}
          onClick={() => props.onSelect(props.selected === h ? undefined : h)}
        />
      ))}
    </Box>
  );
}
