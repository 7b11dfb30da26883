import { StatusAborted, StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';
import { HEALTH_PRESENTATION, type HealthTone } from '../lib/health';

const LIGHTS: Record<HealthTone, (props: { children?: React.ReactNode }) => React.JSX.Element> = {
  ok: StatusOK,
  error: StatusError,
  warning: StatusWarning,
  pending: StatusPending,
  unknown: StatusAborted,
};

/** A status light and the state's name, with what it means on hover. */
export function HealthStatus({ health }: { health: ComputeHealth }) {
  const presentation = HEALTH_PRESENTATION[health] ?? HEALTH_PRESENTATION.Unknown;
  const Light = LIGHTS[presentation.tone];
  return (
    <Tooltip title={presentation.hint}>
      <span data-testid="compute-health" data-health={health}>
        <Light>{presentation.label}</Light>
      </span>
    </Tooltip>
  );
}
