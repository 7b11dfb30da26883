import { describe, expect, it } from '@jest/globals';
import { notAttached, notInstalled, succeeded } from '../testing/fixtures';
import { formatAge, formatTimestamp, highAvailabilityLabel, routerLabel, tlsLabel, workloadsLabel } from './format';

describe('formatting', () => {
  it('names the workloads, router, TLS mode and HA of a compute', () => {
    expect([workloadsLabel(succeeded.desired), routerLabel(succeeded.desired), tlsLabel(succeeded.desired), highAvailabilityLabel(succeeded.desired)]).toEqual([
      'Training, Inference',
      'LoadBalancer',
      'HTTPS (certificate and key files)',
      'Yes',
    ]);
    expect([workloadsLabel(notInstalled.desired), routerLabel(notInstalled.desired), tlsLabel(notInstalled.desired), highAvailabilityLabel(notInstalled.desired)]).toEqual(['Training', '—', '—', '—']);
    expect([workloadsLabel(notAttached.desired), tlsLabel(notAttached.desired), highAvailabilityLabel(notAttached.desired)]).toEqual(['Inference', 'HTTP (insecure)', 'No']);
    expect(tlsLabel({ ...succeeded.desired, tls: 'secret' })).toBe('HTTPS (Kubernetes secret)');
    expect(workloadsLabel({ ...succeeded.desired, training: false, inference: false })).toBe('None');
  });

  it('formats times in UTC and ages relative to now', () => {
    expect(formatTimestamp('2026-11-23T10:15:42.000Z')).toBe('2026-11-23 10:15 UTC');
    expect(formatTimestamp(undefined)).toBe('—');
    expect(formatTimestamp('not a date')).toBe('not a date');
    const now = new Date('2026-11-23T12:00:00Z');
    expect(formatAge('2026-11-23T11:59:30Z', now)).toBe('just now');
    expect(formatAge('2026-11-23T11:45:00Z', now)).toBe('15 min ago');
    expect(formatAge('2026-11-23T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAge('2026-11-20T12:00:00Z', now)).toBe('3 d ago');
  });
});
