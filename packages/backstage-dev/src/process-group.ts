// Stopping a child started with `detached: true` together with everything it started (a dev
// server's workers, a backend's child processes): SIGTERM to its process group, SIGKILL after a
// grace period.
import type { ChildProcess } from 'node:child_process';

export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const group = -child.pid;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(group, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}
