import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { ComputeStatusTransition } from '@aml-k8s/plugin-azureml-compute-common';
import { formatTimestamp } from '../lib/format';
import { healthLabel } from '../lib/health';

/** The most recent state changes, newest first. */
export function ComputeHistory({ history, limit = 5 }: { history: readonly ComputeStatusTransition[]; limit?: number }) {
  if (history.length === 0) return null;
  const recent = [...history].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  return (
    <>
      <Typography variant="subtitle2">Recent changes</Typography>
      <List dense disablePadding data-testid="compute-history">
        {recent.map((t) => (
          <ListItem key={`${t.at}-${t.health}`} disableGutters>
            <ListItemText
              primary={`${formatTimestamp(t.at)}: ${healthLabel(t.health)}${t.error ? ` (${t.error.code})` : ''}`}
              secondary={[t.extensionState && `extension ${t.extensionState}`, t.computeState && `compute ${t.computeState}`].filter(Boolean).join(', ') || undefined}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}
