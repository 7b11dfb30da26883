import type { EmulatorConfig } from './config.ts';
import type { FaultInjector } from './faults.ts';
import type { EmulatorState } from './state.ts';

/** What every route handler can reach. */
export interface EmulatorContext {
  readonly config: EmulatorConfig;
  readonly state: EmulatorState;
  readonly faults: FaultInjector;
  now(): number;
}
