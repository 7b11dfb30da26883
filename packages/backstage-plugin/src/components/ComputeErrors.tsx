import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ComputeStatus, ComputeStatusError } from '@aml-k8s/plugin-azureml-compute-common';
import { RemedyText } from './RemedyText';

interface Located {
  where: 'Extension' | 'Compute';
  error: ComputeStatusError;
}

export function errorsOf(status: ComputeStatus): Located[] {
  const found: Located[] = [];
  if (status.extension.error) found.push({ where: 'Extension', error: status.extension.error });
  if (status.compute.error) found.push({ where: 'Compute', error: status.compute.error });
  return found;
}

/** Each error Azure reported, with the documented remedy when the failure is a known one. */
export function ComputeErrors({ status }: { status: ComputeStatus }) {
  const errors = errorsOf(status);
  if (errors.length === 0) return null;
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {errors.map(({ where, error }) => (
        <Alert key={where} severity="error" data-testid="compute-error" data-code={error.code}>
          <AlertTitle>
            {where} error {error.code}
          </AlertTitle>
          <Typography variant="body2" component="p">
            {error.message}
          </Typography>
          {error.remedy ? (
            <Typography variant="body2" component="p" data-testid="compute-remedy">
              <strong>What to do: </strong>
              <RemedyText text={error.remedy} />
            </Typography>
          ) : (
            <Typography variant="body2" component="p" color="textSecondary">
              Not a documented failure: check the extension's logs in namespace azureml.
            </Typography>
          )}
        </Alert>
      ))}
    </Box>
  );
}
