// Debian's Chromium driven by playwright-core (scripts/chromium.sh installs it; no browser is ever
// downloaded), headless with the flags this kind of machine needs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The browser's path; scripts/chromium.sh installs Debian's chromium package when it is missing. */
export function chromiumPath(repoRoot: string): string {
  const path = execFileSync('bash', [join(repoRoot, 'scripts/chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
  if (!path) throw new Error('scripts/chromium.sh printed no browser path');
  return path;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
