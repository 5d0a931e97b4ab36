/**
 * What the end-to-end test does in the results window, written once for any
 * Playwright page: desktop.test.ts runs it in the real app in Electron, and
 * test/renderer/desktop-steps.test.ts runs the same steps in Chromium against
 * the real handlers, runs and data folder, so its selectors and its flow are
 * proven on machines where Electron cannot be installed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from 'vitest';

/**
 * One row per level, with Node scripts so it runs the same on Linux, macOS and
 * Windows, and one check that stays running once `holdFile` exists (writing its
 * pid to `pidFile`), so a test can quit in the middle of a run.
 */
export function desktopConfig(holdFile: string, pidFile: string): string {
  const hold = "const fs = require('fs'); const [hold, pid] = process.argv.slice(1); if (fs.existsSync(hold)) { fs.writeFileSync(pid, String(process.pid)); setInterval(() => {}, 1000); }";
  return `timezone: UTC
resources:
  - name: Alive
    type: proof-of-life
    link: https://status.example/alive
  - name: Disk space
    type: process
    format: nagios
    command: [node, -e, "console.log('DISK WARNING - /var 91% used (warn > 85%)'); process.exit(1)"]
    link: https://grafana.example/d/disk
  - name: Nightly backup
    type: process
    format: nagios
    command: [node, -e, "console.log('CRITICAL - last backup 3 days old'); process.exit(2)"]
    link: https://backup.example/jobs/nightly
  - name: Slow on request
    type: process
    command: [node, -e, ${JSON.stringify(hold)}, ${JSON.stringify(holdFile)}, ${JSON.stringify(pidFile)}]
    link: https://ops.example/slow
`;
}

/** The runs saved in `dataDir`: the report files, not their summaries. */
export function savedRuns(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'runs')).filter((name) => name.endsWith('.json') && !name.endsWith('.summary.json'));
  } catch {
    return [];
  }
}

export interface ShownRow {
  level: string | undefined;
  resource: string | null | undefined;
  link: string | null | undefined;
}

/**
 * The rows on screen, top to bottom. The list is virtual: its row elements are
 * a pool, drawn in any order and positioned by `data-position`, and the spare
 * ones are hidden with the data of the item they showed last.
 */
export function shownRows(page: Page): Promise<ShownRow[]> {
  return page.$$eval('#rows .row:not([hidden])', (elements) =>
    elements
      .map((row) => ({
        position: Number((row as HTMLElement).dataset.position),
        level: (row as HTMLElement).dataset.level,
        resource: row.querySelector('.name')?.textContent,
        link: row.querySelector('a.investigate')?.getAttribute('href'),
      }))
      .sort((a, b) => a.position - b.position)
      .map(({ position: _position, ...row }) => row),
  );
}

/**
 * In the open results window after the first run: the rows worst first with
 * their links, a snooze of the warning, and a Run now whose run leaves it out.
 */
export async function snoozeAndRunNow(page: Page, dataDir: string): Promise<void> {
  await page.waitForSelector('#rows .row:not([hidden])');
  expect(await shownRows(page)).toEqual([
    { level: 'ERROR', resource: 'Nightly backup', link: 'https://backup.example/jobs/nightly' },
    { level: 'WARNING', resource: 'Disk space', link: 'https://grafana.example/d/disk' },
    { level: 'OK', resource: 'Alive', link: 'https://status.example/alive' },
    { level: 'OK', resource: 'Slow on request', link: 'https://ops.example/slow' },
  ]);

  await page.click('#rows .row:not([hidden])[data-level="WARNING"] button.snooze');
  const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await page.fill('#snooze-until', until);
  await page.fill('#snooze-reason', 'archive job lands in OPS-42');
  await page.click('#snooze-submit');
  await page.waitForSelector('#snooze-dialog', { state: 'hidden' });
  await expect.poll(() => page.textContent('#snoozed-title')).toBe('Snoozed (1)');

  // Run now: a second run, which applies the snooze itself.
  const before = savedRuns(dataDir).length;
  await page.click('#run-now');
  await expect.poll(() => savedRuns(dataDir).length, { timeout: 60_000 }).toBe(before + 1);
  await expect.poll(async () => (await shownRows(page)).map((row) => `${row.level} ${row.resource}`), { timeout: 10_000 }).toEqual([
    'ERROR Nightly backup',
    'OK Alive',
    'OK Slow on request',
  ]);
}
