/**
 * The Electron end-to-end test's steps in the results window (test/e2e/window-steps.ts),
 * run here in Chromium against the real handlers, runs and data folder: where
 * Electron cannot be installed, this is what proves those steps and selectors.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { desktopConfig, savedRuns, snoozeAndRunNow } from '../e2e/window-steps.js';
import { bridgeFor, openWindow, serveDist, startApp, type TestApp } from './harness.js';

describe.skipIf(!hasChromium)('the end-to-end steps in the results window (Chromium)', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDist>>;
  let app: TestApp | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveDist();
  });
  afterAll(async () => {
    app?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the first run\'s rows and links, snoozes the warning, and Run now leaves it out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstop-steps-'));
    app = await startApp(desktopConfig(join(dir, 'hold'), join(dir, 'pid')));
    // What the app's first start does: the missed daily run, caught up.
    await app.runs.run('catch-up');
    expect(savedRuns(app.dataDir)).toHaveLength(1);
    const { page, errors } = await openWindow(browser, server.url, bridgeFor(app), { app });
    await snoozeAndRunNow(page, app.dataDir);
    expect(savedRuns(app.dataDir)).toHaveLength(2);
    expect(errors).toEqual([]);
    await page.close();
  });
});
