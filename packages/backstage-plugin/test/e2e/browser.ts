// Debian's Chromium, driven by playwright-core: installed by scripts/chromium.sh (never downloaded),
// headless with the flags this kind of machine needs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The browser's path, installing Debian's chromium package when it is missing. */
export function chromiumPath(repoRoot: string): string {
  const out = execFileSync('bash', [join(repoRoot, 'scripts/chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = out.trim().split('\n').pop();
  if (!path) throw new Error('scripts/chromium.sh printed no browser path');
  return path;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
