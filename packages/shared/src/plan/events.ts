// What planning reports as it goes: it waits for operations an earlier run left running. Apply
// reports these too, and adds its own (apply/types.ts).
import type { ProgressEvent } from '../azure/gateway.ts';

export type PlanEvent =
  | { kind: 'progress'; compute: string; progress: ProgressEvent }
  | { kind: 'step'; compute: string; message: string };
