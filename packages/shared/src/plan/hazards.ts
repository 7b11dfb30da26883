// What an extension update interrupts, per Azure's own update warnings.

const JOB_KEYS = new Set(['enableTraining', 'installNvidiaDevicePlugin']);
const ENDPOINT_KEYS = new Set(['enableInference', 'allowInsecureConnections', 'inferenceRouterServiceType', 'internalLoadBalancerProvider', 'sslCname', 'privateEndpointNodeport', 'privateEndpointILB']);
const isTrue = (v: string | undefined): boolean => String(v ?? '').toLowerCase() === 'true';

/** Why changing `key` from `before` to `after` interrupts workloads, or undefined when it does not. */
export function settingHazard(key: string, before: string | undefined, after: string | undefined, gpuInUse: boolean): string | undefined {
  if (key.startsWith('nodeSelector.')) return `node selector ${key.slice('nodeSelector.'.length)} changes: running jobs and endpoints are rescheduled onto other nodes`;
  if (key === 'enableTraining') return isTrue(before) && !isTrue(after) ? 'training is turned off: running training jobs stop' : undefined;
  if (key === 'enableInference') return isTrue(before) && !isTrue(after) ? 'inference is turned off: online endpoints on this cluster stop serving' : undefined;
  if (key === 'installNvidiaDevicePlugin') return isTrue(before) && !isTrue(after) && gpuInUse ? 'the NVIDIA device plugin is removed while GPU instance types use it: GPU jobs cannot schedule' : undefined;
  if (JOB_KEYS.has(key)) return undefined;
  if (ENDPOINT_KEYS.has(key)) return `${key} changes: the inference router is reconfigured and online endpoints lose connections`;
  return undefined;
}
