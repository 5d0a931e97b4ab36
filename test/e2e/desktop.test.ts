/**
 * The real desktop app in Electron, end to end, through Playwright's Electron
 * launcher: an isolated config, data and Electron folder; the first run
 * (catch-up, in a run process); the results window with its rows and links; a
 * snooze; Run now; and a quit in the middle of a run that still saves it and
 * leaves nothing running. The steps in the window are in window-steps.ts, which
 * test/renderer/desktop-steps.test.ts also runs in Chromium.
 *
 * The Electron runtime cannot be downloaded on every machine (it cannot on the
 * machines this project is developed on). Where it is missing this file is
 * skipped with a loud notice naming what to install; it is the one test allowed
 * to skip under CI=true, and it says so. The GitHub workflow installs Electron
 * and runs it on Linux (xvfb), macOS and Windows, with BACKSTOP_REQUIRE_ELECTRON=1
 * so that there a missing runtime fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinary, INSTALL_ELECTRON } from '../../scripts/electron-binary.mjs';
import { RENDERER_URL } from '../../main/app/protocol.js';
import { desktopConfig, savedRuns, snoozeAndRunNow } from './window-steps.js';

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

describe.skipIf(!binary)('the desktop app in Electron', () => {
  let app: ElectronApplication | undefined;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
  });

  // Electron's start, three runs and a stop that waits for its run: far more than the default 30 s.
  it('runs, shows, snoozes, runs again, and quits mid-run with nothing left running', { timeout: 240_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'backstop-e2e-'));
    const configPath = join(home, 'config', 'backstop.yaml');
    const dataDir = join(home, 'data');
    const holdFile = join(home, 'hold');
    const pidFile = join(home, 'pid');
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(configPath, desktopConfig(holdFile, pidFile));
    app = await _electron.launch({
      executablePath: binary!,
      args: [resolve('dist/main.js'), ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      // The variables the app reads for its config, its data folder and Electron's own folder (profile, lock, log).
      env: { ...process.env, BACKSTOP_CONFIG: configPath, BACKSTOP_DATA_DIR: dataDir, BACKSTOP_USER_DATA_DIR: join(home, 'electron') } as Record<string, string>,
      timeout: 60_000,
    });
    const mainPid = app.process().pid!;

    // The first start catches up at once (no run yet), in a run process.
    await expect.poll(() => savedRuns(dataDir).length, { timeout: 60_000 }).toBe(1);

    // A second launch opens the window: the same path as starting the app again.
    await app.evaluate(({ app: electronApp }) => void electronApp.emit('second-instance', {}, [], process.cwd()));
    const page: Page = await app.firstWindow();
    await page.waitForURL(RENDERER_URL);
    // The run file is written a moment before the app has the report: poll.
    await expect.poll(() => app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())).toBe('Backstop — 1 error, 1 warning');
    await snoozeAndRunNow(page, dataDir);

    // Quit in the middle of a run: the run is cut short and still saved, its check is
    // ended, and Electron and everything it started (renderer, GPU, run process) are gone.
    writeFileSync(holdFile, '');
    await page.click('#run-now');
    const held = () => Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : 0);
    await expect.poll(held, { timeout: 60_000 }).toBeGreaterThan(0);
    const started = [mainPid, ...descendants(mainPid), held()];
    await app.close();
    app = undefined;
    await expect.poll(() => started.filter(isAlive), { timeout: 20_000 }).toEqual([]);
    expect(savedRuns(dataDir)).toHaveLength(3);
  });
});
