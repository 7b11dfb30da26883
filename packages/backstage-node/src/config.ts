// The part of the `azureMlCompute` configuration that the plugin and its modules share: where the
// spec files are, and how scheduled tasks are read (always global).
import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { SpecLocation } from './specs/source.ts';

export const CONFIG_ROOT = 'azureMlCompute';

/** `azureMlCompute.locations`; none when absent. */
export function readSpecLocations(root: Config): SpecLocation[] {
  return (root.getOptionalConfigArray(`${CONFIG_ROOT}.locations`) ?? []).map((c) => {
    const type = c.getString('type');
    if (type !== 'file' && type !== 'url') throw new Error(`${CONFIG_ROOT}.locations: type must be 'file' or 'url', not '${type}'`);
    return { type, target: c.getString('target') };
  });
}

/** A task schedule from config, or the fallback. Always a global task: several backend replicas must not run it at once. */
export function readGlobalSchedule(config: Config | undefined, fallback: SchedulerServiceTaskScheduleDefinition): SchedulerServiceTaskScheduleDefinition {
  return config ? { ...readSchedulerServiceTaskScheduleDefinitionFromConfig(config), scope: 'global' } : fallback;
}
