// Live progress of an apply for a terminal or a CI log: one line per step and state change, and a
// heartbeat during long waits so a 15-minute install never looks hung.
import type { ApplyEvent } from '../apply/types.ts';

const HEARTBEAT_MS = 30_000;

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Turns apply events into progress lines; `write` gets each line and the compute it is about. */
export function progressPrinter(write: (line: string, compute: string) => void): (event: ApplyEvent) => void {
  const last = new Map<string, { state: string; at: number }>();
  return (event) => {
    if (event.kind === 'step') write(event.message, event.compute);
    else if (event.kind === 'progress') {
      const { resource, operation, state, elapsedMs } = event.progress;
      const key = `${event.compute}/${resource}/${operation}`;
      const prev = last.get(key);
      if (prev && prev.state === state && elapsedMs - prev.at < HEARTBEAT_MS) return;
      last.set(key, { state, at: elapsedMs });
      if (state !== 'started') write(`${operation} ${resource}: ${state} (${duration(elapsedMs)})`, event.compute);
    } else {
      const r = event.result;
      const mark = r.outcome === 'applied' || r.outcome === 'unchanged' ? '✓' : '✗';
      write(`${mark} ${r.outcome} in ${duration(r.durationMs)}${r.error ? `: ${r.error.message}${r.error.remedy ? `\n    fix: ${r.error.remedy}` : ''}` : ''}`, event.compute);
    }
  };
}
