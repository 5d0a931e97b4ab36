/**
 * Finds the Chromium that browser tests drive through Playwright.
 * Debian's /usr/bin/chromium by default; BACKSTOP_CHROMIUM=/path/to/chrome overrides.
 * Without one, browser tests are skipped with a loud notice, except under CI
 * (CI=true), where a missing browser fails the run.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function findChromium(): string | undefined {
  const candidates = [process.env.BACKSTOP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate as string));
}

const executablePath = findChromium();

if (!executablePath) {
  if (process.env.CI === 'true') {
    throw new Error('Browser tests need Chromium under CI: install it (`apt-get install -y chromium`) or set BACKSTOP_CHROMIUM to its path.');
  }
  console.warn(
    '\n' +
      '*************************************************************************\n' +
      '*  SKIPPING BROWSER TESTS: no Chromium found.                           *\n' +
      '*  Install it (`apt-get install -y chromium`) or set BACKSTOP_CHROMIUM.  *\n' +
      '*************************************************************************\n',
  );
}

/** True when browser tests can run; use as `describe.skipIf(!hasChromium)`. */
export const hasChromium = Boolean(executablePath);

export function launchChromium(): Promise<Browser> {
  if (!executablePath) throw new Error('no Chromium: check `hasChromium` first');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
