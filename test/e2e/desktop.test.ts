/**
 * The real desktop app in Electron, end to end, through Playwright's Electron
 * launcher: an isolated config, data and Electron folder; the first run
 * (catch-up, in a run process); the results window with its rows and links; a
 * snooze; Run now; and a quit that leaves nothing running.
 *
 * The Electron runtime cannot be downloaded on every machine (it cannot on the
 * machines this project is developed on). Where it is missing this file is
 * skipped with a loud notice naming what to install; it is the one test allowed
 * to skip under CI=true, and it says so. The GitHub workflow installs Electron
 * and runs it on Linux (xvfb), macOS and Windows, with BACKSTOP_REQUIRE_ELECTRON=1
 * so that there a missing runtime fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinary, INSTALL_ELECTRON } from '../../scripts/electron-binary.mjs';

const binary = electronBinary();
// The GitHub workflow installs Electron and sets this: there a missing runtime is a failure, not a skip.
if (!binary && process.env.BACKSTOP_REQUIRE_ELECTRON === '1') {
  throw new Error(`BACKSTOP_REQUIRE_ELECTRON=1 but no Electron runtime was found: ${INSTALL_ELECTRON}`);
}
if (!binary) {
  const rule = '*'.repeat(88);
  console.warn(
    [
      '',
      rule,
      '*  SKIPPING THE ELECTRON END-TO-END TEST (test/e2e/desktop.test.ts): no Electron runtime here.',
      `*  Install it: ${INSTALL_ELECTRON}.`,
      ...(process.env.CI === 'true' ? ['*  CI=true: this is the one test allowed to skip under CI, because Electron cannot be downloaded.'] : []),
      rule,
      '',
    ].join('\n'),
  );
}

/** Every process below `root`, from the platform's process table. */
function descendants(root: number): number[] {
  const table =
    process.platform === 'win32'
      ? execFileSync('powershell.exe', ['-NoProfile', '-Command', 'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }'], { encoding: 'utf8' })
      : execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined || Number.isNaN(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const savedRuns = (dataDir: string) => {
  try {
    return readdirSync(join(dataDir, 'runs')).filter((name) => name.endsWith('.json') && !name.endsWith('.summary.json'));
  } catch {
    return [];
  }
};

describe.skipIf(!binary)('the desktop app in Electron', () => {
  const home = mkdtempSync(join(tmpdir(), 'backstop-e2e-'));
  const configPath = join(home, 'config', 'backstop.yaml');
  const dataDir = join(home, 'data');
  let app: ElectronApplication | undefined;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
  });

  it('runs, shows, snoozes, runs again and quits with nothing left running', async () => {
    mkdirSync(join(home, 'config'), { recursive: true });
    // Node scripts, so the same config runs on all three platforms.
    writeFileSync(
      configPath,
      `timezone: UTC
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
`,
    );
    app = await _electron.launch({
      executablePath: binary!,
      args: [resolve('dist/main.js'), ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, BACKSTOP_CONFIG: configPath, BACKSTOP_DATA_DIR: dataDir, BACKSTOP_USER_DATA_DIR: join(home, 'electron') } as Record<string, string>,
      timeout: 60_000,
    });
    const mainPid = app.process().pid!;

    // The first start catches up at once (no run yet), in a run process.
    await expect.poll(() => savedRuns(dataDir).length, { timeout: 60_000 }).toBe(1);

    // A second launch opens the window: the same path as double-clicking the app again.
    await app.evaluate(({ app: electronApp }) => void electronApp.emit('second-instance', {}, [], process.cwd()));
    const page: Page = await app.firstWindow();
    expect(page.url()).toBe('app://backstop/renderer/index.html');
    await page.waitForSelector('#rows .row');
    const rows = await page.$$eval('#rows .row', (elements) =>
      elements.map((row) => ({
        level: (row as HTMLElement).dataset.level,
        resource: row.querySelector('.name')?.textContent,
        link: row.querySelector('a.investigate')?.getAttribute('href'),
      })),
    );
    expect(rows).toEqual([
      { level: 'ERROR', resource: 'Nightly backup', link: 'https://backup.example/jobs/nightly' },
      { level: 'WARNING', resource: 'Disk space', link: 'https://grafana.example/d/disk' },
      { level: 'OK', resource: 'Alive', link: 'https://status.example/alive' },
    ]);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())).toBe('Backstop — 1 error, 1 warning');

    // Snooze the warning.
    await page.click('#rows .row[data-level="WARNING"] button.snooze');
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#snooze-until', until);
    await page.fill('#snooze-reason', 'archive job lands in OPS-42');
    await page.click('#snooze-submit');
    await page.waitForSelector('#snooze-dialog', { state: 'hidden' });
    await expect.poll(() => page.textContent('#snoozed-title')).toBe('Snoozed (1)');

    // Run now: a second run, with the snooze applied by the run itself.
    await page.click('#run-now');
    await expect.poll(() => savedRuns(dataDir).length, { timeout: 60_000 }).toBe(2);
    await expect.poll(() => page.$$eval('#rows .row', (elements) => elements.map((row) => (row as HTMLElement).dataset.level))).toEqual(['ERROR', 'OK']);

    // Quit: Electron and everything it started (renderer, GPU, run processes) are gone.
    const started = [mainPid, ...descendants(mainPid)];
    await app.close();
    app = undefined;
    await expect.poll(() => started.filter(isAlive), { timeout: 15_000 }).toEqual([]);
  });
});
