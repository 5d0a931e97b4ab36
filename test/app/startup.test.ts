/**
 * Start-up against the one electron mock: the single instance, a failed start
 * shown and exited, the menu, the app:// origin, the log, and where a tray
 * can be seen. Nothing here runs in Electron.
 */
import './setup.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, becomeReady, dialog, Menu, protocol, resetElectronMock } from './electron-mock.js';
import type { ElectronApi } from '../../main/app/electron-api.js';
import { APP_ID, launch, setupAppMenu, type Started } from '../../main/app/startup.js';
import { openLog, type AppLog } from '../../main/app/log.js';
import { CONTENT_SECURITY_POLICY, serveAppRequest, servedFolders, setupAppProtocol } from '../../main/app/protocol.js';
import { sessionBusNameHasOwner, STATUS_NOTIFIER_WATCHER } from '../../main/app/tray-support.js';
import * as electron from 'electron';
import { parse as parseYaml } from 'yaml';

const mock = electron as unknown as ElectronApi;
beforeEach(() => resetElectronMock());

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function testLog(): AppLog & { lines: string[] } {
  const lines: string[] = [];
  const file = openLog(temp('backstop-logs-'));
  return { file: file.file, lines, write: (message) => void (lines.push(message), file.write(message)) };
}

describe('launch', () => {
  it('shows a start that fails after ready (what failed, where the log is), then exits: no invisible process keeps the lock', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = testLog();
    const done = launch(mock, { platform: 'linux', log, start: async () => Promise.reject(new Error('EACCES: permission denied, mkdir \'/data/backstop\'\n    at mkdir')) });
    becomeReady();
    await done;
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Backstop could not start', `EACCES: permission denied, mkdir '/data/backstop'\n\nThe details are in the log: ${log.file}`);
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(readFileSync(log.file, 'utf8')).toMatch(/could not start: Error: EACCES: permission denied, mkdir '\/data\/backstop'/);
  });

  it('registers second-instance before anything asynchronous, and a second launch during start opens the window once started', async () => {
    let finishStart: (started: Started) => void = () => undefined;
    const showWindow = vi.fn();
    const done = launch(mock, { platform: 'linux', log: testLog(), start: () => new Promise((resolve) => (finishStart = resolve)) });
    // Synchronously, before `ready`.
    expect(app.on.mock.calls.map(([event]) => event)).toContain('second-instance');
    app.emit('second-instance', {}, ['backstop'], '/');
    becomeReady();
    await tick();
    expect(showWindow).not.toHaveBeenCalled();
    finishStart({ showWindow });
    await done;
    expect(showWindow).toHaveBeenCalledTimes(1);
    app.emit('second-instance', {}, ['backstop'], '/');
    expect(showWindow).toHaveBeenCalledTimes(2);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('a second copy hands over to the first and quits without starting', async () => {
    app.gotLock = false;
    const start = vi.fn();
    await launch(mock, { platform: 'linux', log: testLog(), start });
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
  });

  it('names the app for Windows (notifications and the taskbar group by it) and registers app:// before ready', async () => {
    const done = launch(mock, { platform: 'win32', log: testLog(), start: async () => ({ showWindow: () => undefined }) });
    expect(app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    becomeReady();
    await done;
    expect(readFileSync('electron-builder.yml', 'utf8')).toMatch(new RegExp(`^appId: ${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
    resetElectronMock();
    const linux = launch(mock, { platform: 'linux', log: testLog(), start: async () => ({ showWindow: () => undefined }) });
    becomeReady();
    await linux;
    expect(app.setAppUserModelId).not.toHaveBeenCalled();
  });
});

describe('application menu', () => {
  it('none in a packaged app on Windows and Linux (no DevTools, no reload)', () => {
    app.isPackaged = true;
    setupAppMenu(mock, 'win32');
    expect(Menu.applicationMenu).toBeNull();
    setupAppMenu(mock, 'linux');
    expect(Menu.applicationMenu).toBeNull();
  });

  it('on macOS only the app and Edit menus (copy and paste need them)', () => {
    app.isPackaged = true;
    setupAppMenu(mock, 'darwin');
    expect(Menu.applicationMenu).toEqual({ template: [{ role: 'appMenu' }, { role: 'editMenu' }] });
  });

  it('development keeps Electron\'s default menu', () => {
    setupAppMenu(mock, 'linux');
    expect(Menu.applicationMenu).toBeUndefined();
  });
});

describe('the app:// origin, served', () => {
  const dist = temp('backstop-dist-');
  mkdirSync(join(dist, 'renderer'));
  mkdirSync(join(dist, 'shared'));
  mkdirSync(join(dist, 'main'));
  writeFileSync(join(dist, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dist, 'renderer', 'app.js'), 'export {};');
  writeFileSync(join(dist, 'shared', 'ipc.js'), 'export const x = 1;');
  writeFileSync(join(dist, 'main', 'secret.js'), 'secret');
  const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), servedFolders(dist));

  it('serves the page and its modules with their types and the CSP', async () => {
    const page = await get('app://backstop/renderer/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html><title>x</title>');
    const shared = await get('app://backstop/shared/ipc.js');
    expect([shared.status, shared.headers.get('content-type'), await shared.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'export const x = 1;']);
  });

  it('refuses everything else: other folders, traversal, folders, writes', async () => {
    for (const url of ['app://backstop/main/secret.js', 'app://backstop/renderer/%2e%2e/main/secret.js', 'app://backstop/renderer/..%2fmain%2fsecret.js', 'app://backstop/renderer', 'app://backstop/renderer/missing.js']) {
      const response = await get(url);
      expect([url, response.status]).toEqual([url, 404]);
    }
    expect((await get('app://backstop/renderer/index.html', 'POST')).status).toBe(405);
  });

  it('is handled on the default session after ready', async () => {
    setupAppProtocol(mock.protocol, dist);
    const response = await protocol.handlers.get('app')!(new Request('app://backstop/renderer/app.js'));
    expect(await response.text()).toBe('export {};');
  });

  it('sends the same CSP the page declares', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const directives = (policy: string) => new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
    for (const [name, value] of directives(meta!)) expect([name, directives(CONTENT_SECURITY_POLICY).get(name!)]).toEqual([name, value]);
  });
});

describe('the log file', () => {
  it('appends timestamped lines, and moves a full file aside', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const dir = join(temp('backstop-logs-'), 'logs');
    const log = openLog(dir, () => new Date('2026-01-12T09:00:00Z'));
    log.write('started');
    log.write('run failed: boom');
    expect(readFileSync(log.file, 'utf8')).toBe('2026-01-12T09:00:00.000Z started\n2026-01-12T09:00:00.000Z run failed: boom\n');
    writeFileSync(log.file, 'x'.repeat(1_000_001));
    log.write('after');
    expect(readFileSync(log.file, 'utf8')).toBe('2026-01-12T09:00:00.000Z after\n');
    expect(readFileSync(join(dir, 'backstop.old.log'), 'utf8')).toHaveLength(1_000_001);
  });
});

describe.runIf(process.platform === 'linux')('asking the session bus for a StatusNotifier host', () => {
  let daemon: ChildProcess | undefined;
  afterAll(() => daemon?.kill());

  it('answers from a real dbus-daemon: the bus itself is owned, no watcher is', async () => {
    daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const address = await new Promise<string>((resolve, reject) => {
      daemon!.once('error', reject);
      daemon!.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    });
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
    expect(await sessionBusNameHasOwner('org.freedesktop.DBus', env)).toBe(true);
    expect(await sessionBusNameHasOwner(STATUS_NOTIFIER_WATCHER, env)).toBe(false);
    expect(await sessionBusNameHasOwner(STATUS_NOTIFIER_WATCHER, { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', PATH: process.env.PATH })).toBeUndefined();
  });
});

describe('packaging (electron-builder.yml)', () => {
  const builder = parseYaml(readFileSync('electron-builder.yml', 'utf8')) as {
    files: string[];
    deb: { depends: string[] };
    electronFuses: Record<string, boolean>;
  };

  it('turns off file:// privileges: the window loads from app://', () => {
    expect(builder.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
    expect(builder.electronFuses.runAsNode).toBe(false);
  });

  it('ships the schema a new config points at, and the demo', () => {
    expect(builder.files).toEqual(expect.arrayContaining(['backstop.schema.json', 'demo/**', 'dist/**']));
  });

  it('makes the deb depend on the StatusNotifier library, keeping electron-builder\'s defaults', () => {
    expect(builder.deb.depends).toContain('libayatana-appindicator3-1 | libappindicator3-1');
    expect(builder.deb.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0']));
  });
});

describe('the desktop workflow (.github/workflows/desktop.yml)', () => {
  const workflow = parseYaml(readFileSync('.github/workflows/desktop.yml', 'utf8')) as {
    jobs: { desktop: { strategy: { matrix: { include: { os: string; builder: string }[] } }; steps: { name?: string; run?: string; env?: Record<string, string> }[] } };
  };
  const job = workflow.jobs.desktop;

  it('runs on Linux, macOS and Windows: tests, the Electron test (required there), and the installers unpublished', () => {
    expect(job.strategy.matrix.include.map((entry) => [entry.os, entry.builder])).toEqual([
      ['ubuntu-latest', '--linux'],
      ['macos-latest', '--mac'],
      ['windows-latest', '--win'],
    ]);
    const runs = job.steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toContain('npm test');
    expect(runs).toMatch(/xvfb-run .*npx vitest run test\/e2e/);
    expect(job.steps.find((step) => step.run?.includes('npx vitest run test/e2e'))?.env?.BACKSTOP_REQUIRE_ELECTRON).toBe('1');
    expect(runs).toMatch(/electron-builder@[\d.]+ \$\{\{ matrix.builder \}\} --publish never/);
  });
});
