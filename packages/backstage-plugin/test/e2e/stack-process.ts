// Runs the dev stack (dev/start.mts) in a child process for the browser test and waits until it
// prints its URLs. E2E_APP_URL and E2E_BACKEND_URL point the test at a stack that already runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RunningStack {
  appUrl: string;
  backendUrl: string;
  stop(): Promise<void>;
}

export async function runStack(pluginDir: string, timeoutMs: number): Promise<RunningStack> {
  if (process.env.E2E_APP_URL && process.env.E2E_BACKEND_URL) {
    return { appUrl: process.env.E2E_APP_URL, backendUrl: process.env.E2E_BACKEND_URL, stop: async () => {} };
  }
  const child: ChildProcess = spawn(process.execPath, [join(pluginDir, 'dev/start.mts'), '--verbose'], { cwd: pluginDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const urls = await new Promise<{ appUrl: string; backendUrl: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev stack not ready after ${timeoutMs / 1000} s:\n${output.slice(-40).join('\n')}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (!line.trim()) continue;
          output.push(line);
          if (output.length > 400) output.shift();
          const m = /^STACK_READY (.*)$/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(JSON.parse(m[1]!) as { appUrl: string; backendUrl: string });
          }
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`dev stack exited with ${code}:\n${output.slice(-40).join('\n')}`));
      });
    });
    return { ...urls, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
