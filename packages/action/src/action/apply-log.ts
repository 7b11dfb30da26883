// Apply progress for a CI log: one group per compute, printed when that compute is done (several
// run at once, so their lines would interleave), and a heartbeat line while installs run.
import { endGroup, info, startGroup } from '@actions/core';
import type { ApplyEvent } from '@aml-k8s/shared';
import { duration, progressPrinter } from '@aml-k8s/shared/core';

export interface ApplyLog {
  onEvent(event: ApplyEvent): void;
  stop(): void;
}

/** `scrub` takes secret values out of each line: progress carries Azure's messages, which may quote them. */
export function applyLog(total: number, scrub: (text: string) => string, heartbeatMs = 30_000): ApplyLog {
  const lines = new Map<string, string[]>();
  const waiting = new Map<string, string>();
  const started = Date.now();
  let done = 0;
  const record = progressPrinter((raw, compute) => {
    const line = scrub(raw);
    lines.set(compute, [...(lines.get(compute) ?? []), line]);
    waiting.set(compute, line);
  });
  const timer = setInterval(() => {
    const open = [...waiting.entries()].map(([c, last]) => `${c}: ${last}`);
    info(`… ${done} of ${total} compute(s) done after ${duration(Date.now() - started)}${open.length ? `; in progress: ${open.slice(0, 5).join('; ')}${open.length > 5 ? `; and ${open.length - 5} more` : ''}` : ''}`);
  }, heartbeatMs);
  timer.unref();
  return {
    onEvent(event) {
      record(event);
      if (event.kind !== 'done') return;
      done++;
      waiting.delete(event.compute);
      const r = event.result;
      const mark = r.outcome === 'applied' || r.outcome === 'unchanged' ? '✓' : '✗';
      startGroup(scrub(`${mark} ${event.compute}: ${r.outcome} in ${duration(r.durationMs)}`));
      for (const l of lines.get(event.compute) ?? []) info(l);
      endGroup();
      lines.delete(event.compute);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
