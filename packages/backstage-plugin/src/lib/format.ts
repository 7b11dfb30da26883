import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';

type Desired = ComputeStatus['desired'];

/** `Training, Inference`, `Training`, `Inference` or `None`. */
export function workloadsLabel(desired: Desired): string {
  const parts = [desired.training ? 'Training' : undefined, desired.inference ? 'Inference' : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'None';
}

/** The inference router's service type; a dash when inference is off. */
export function routerLabel(desired: Desired): string {
  if (!desired.inference) return '—';
  return desired.routerServiceType ?? 'Not set';
}

/** How endpoints are served; never shows key material, only where it comes from. */
export function tlsLabel(desired: Desired): string {
  switch (desired.tls) {
    case 'secret':
      return 'HTTPS (Kubernetes secret)';
    case 'pem':
      return 'HTTPS (certificate and key files)';
    case 'insecure':
      return 'HTTP (insecure)';
    default:
      return desired.inference ? 'Not set' : '—';
  }
}

export function highAvailabilityLabel(desired: Desired): string {
  if (!desired.inference) return '—';
  if (desired.highAvailability === undefined) return 'Default';
  return desired.highAvailability ? 'Yes' : 'No';
}

/** `2026-11-23 10:15 UTC`: the same in every time zone, so a team reads the same time. */
export function formatTimestamp(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAge(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.round((now.getTime() - at) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A link to the resource in the Azure portal. */
export function portalUrl(resourceId: string): string {
  return `https://portal.azure.com/#resource${resourceId}`;
}

/** The state Azure reports, or what its absence means. */
export function provisioningLabel(state: string | undefined, missing: string): string {
  return state ?? missing;
}
