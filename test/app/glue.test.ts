/**
 * The thin electron-touching code, against the one electron mock: tray,
 * window, IPC, notifications, runs, schedule and config watching.
 * Nothing here runs in Electron.
 */
import './setup.js';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ts from 'typescript';
import { BrowserWindow, Notification, Tray, app, ipcMain, powerMonitor, resetElectronMock, shell } from './electron-mock.js';
import { setupTray } from '../../main/app/tray.js';
import { setupWindow } from '../../main/app/window.js';
import { setupIpc } from '../../main/app/ipc.js';
import { setupHandlers } from '../../main/app/handlers.js';
import { setupSnoozes } from '../../main/app/snoozes.js';
import { setupNotifications } from '../../main/app/notify.js';
import { setupRuns } from '../../main/app/runs.js';
import { metOutsideRun } from '../../main/app/model.js';
import { MAX_WAIT_MS, setupSchedule } from '../../main/app/schedule.js';
import { ensureConfigFile, setupConfig } from '../../main/app/config.js';
import { INVOKE_CHANNELS } from '../../shared/ipc.js';
import type { RunSummary, RunTrigger } from '../../shared/types.js';
import { scriptedRuns } from '../helpers/run-process.js';
import { listSnoozes } from '../../main/engine/snooze.js';
import { report, status, testContext } from './helpers.js';

beforeEach(() => resetElectronMock());

const actions = () => ({ openResults: vi.fn(), runNow: vi.fn(), stopRun: vi.fn(), openConfig: vi.fn(), openDataFolder: vi.fn(), quit: vi.fn() });

describe('tray', () => {
  it('follows the model: icon, tooltip, menu; menu items call their actions', () => {
    const ctx = testContext();
    const handlers = actions();
    const tray = setupTray(ctx, handlers);
    const icon = Tray.instances[0]!;
    expect(icon.image).toEqual({ path: '/app/dist/assets/tray/linux/stale-22.png' });
    expect(icon.tooltip).toBe('Backstop: no run yet');

    ctx.model.update({ latest: report([status('db', 'ERROR')], { finishedAt: '2026-01-12T04:00:05Z' }) });
    expect(icon.image).toEqual({ path: '/app/dist/assets/tray/linux/error-22.png' });
    expect(icon.tooltip).toBe('Backstop: 1 error · last run today at 04:00');
    const menu = icon.menu!.template;
    menu.find((item) => item.label === 'Run now')!.click!();
    menu.find((item) => item.label === 'Open results')!.click!();
    menu.find((item) => item.label === 'Quit Backstop')!.click!();
    expect([handlers.runNow.mock.calls.length, handlers.openResults.mock.calls.length, handlers.quit.mock.calls.length]).toEqual([1, 1, 1]);
    icon.emit('click');
    expect(handlers.openResults).toHaveBeenCalledTimes(2);
    tray.destroy();
    expect(icon.destroyed).toBe(true);
  });

  it('toggles Start at login through app.setLoginItemSettings (macOS)', () => {
    const ctx = testContext({ platform: 'darwin' });
    setupTray(ctx, actions());
    const icon = Tray.instances[0]!;
    expect(icon.image).toEqual({ path: '/app/dist/assets/tray/mac/staleTemplate.png' });
    icon.menu!.template.find((item) => item.label === 'Start at login')!.click!();
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    expect(icon.menu!.template.find((item) => item.label === 'Start at login')!.checked).toBe(true);
  });
});

describe('tray during a run', () => {
  afterEach(() => vi.useRealTimers());

  it('rebuilds the menu only when its items change, and shows progress in the tooltip about once a second', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-12T09:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const ctx = testContext({ platform: 'darwin', now: () => new Date() });
    ctx.model.update({ latest: report([status('db', 'OK')], { finishedAt: '2026-01-12T04:00:05Z' }) });
    const handlers = actions();
    setupTray(ctx, handlers);
    const icon = Tray.instances[0]!;
    const menus = icon.menusSet;
    ctx.model.update({ progress: { done: 0, total: 50, running: [] } });
    expect(icon.menusSet).toBe(menus + 1); // Run now became Running… and Stop the run
    icon.menu!.template.find((item) => item.label === 'Stop the run')!.click!();
    expect(handlers.stopRun).toHaveBeenCalledTimes(1);
    const tooltips = icon.tooltipsSet;
    // Ten ticks a second for three seconds.
    for (let done = 1; done <= 30; done += 1) {
      ctx.model.update({ progress: { done, total: 50, running: [] } });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(icon.menusSet).toBe(menus + 1);
    expect(icon.tooltipsSet - tooltips).toBeGreaterThanOrEqual(2);
    expect(icon.tooltipsSet - tooltips).toBeLessThanOrEqual(4);
    expect(icon.tooltip).toMatch(/^Backstop: running (29|30)\/50/);
    expect(icon.title).toMatch(/^(29|30)\/50$/);
    // The last tick is never lost, and the end of the run shows at once.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(icon.tooltip).toMatch(/^Backstop: running 30\/50/);
    ctx.model.update({ progress: undefined, latest: report([status('db', 'ERROR')], { finishedAt: '2026-01-12T09:00:03Z' }) });
    expect(icon.tooltip).toBe('Backstop: 1 error · last run today at 09:00');
    expect(icon.title).toBe('');
    expect(icon.menusSet).toBe(menus + 2);
  });
});

describe('window', () => {
  it('opens on demand, once, locked down: navigation and new windows denied', () => {
    const ctx = testContext();
    const window = setupWindow(ctx);
    expect(BrowserWindow.instances).toHaveLength(0);
    window.show();
    window.show();
    expect(BrowserWindow.instances).toHaveLength(1);
    const created = BrowserWindow.instances[0]!;
    // From the app's own origin, not file:// (whose extra privileges the package switches off).
    expect(created.loaded).toBe('app://backstop/renderer/index.html');
    expect(window.url).toBe('app://backstop/renderer/index.html');
    expect(created.options.webPreferences).toMatchObject({ devTools: true });
    const navigate = { preventDefault: vi.fn() };
    created.webContents.emit('will-navigate', navigate, 'https://evil.example');
    expect(navigate.preventDefault).toHaveBeenCalled();
    expect(created.webContents.openHandler!({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    // Camera, notifications, clipboard, geolocation…: the page needs none, so every request is refused.
    const { session } = created.webContents;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const granted = vi.fn();
      session.permissionRequestHandler!(created.webContents, permission, granted, {});
      expect(granted).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!(created.webContents, permission)).toBe(false);
    }
    created.emit('ready-to-show');
    expect(created.visible).toBe(true);
  });

  it('has no DevTools in a packaged app', () => {
    app.isPackaged = true;
    setupWindow(testContext()).show();
    expect(BrowserWindow.instances[0]!.options.webPreferences).toMatchObject({ devTools: false });
  });

  it('comes to the front on macOS when opened from the tray (a tray app is never the active app there)', () => {
    const mac = setupWindow(testContext({ platform: 'darwin' }));
    mac.show();
    mac.show();
    expect(app.focus.mock.calls).toEqual([[{ steal: true }], [{ steal: true }]]);
    app.focus.mockClear();
    setupWindow(testContext({ platform: 'win32' })).show();
    expect(app.focus).not.toHaveBeenCalled();
  });

  it('says the status in its title, not the page\'s', () => {
    const ctx = testContext();
    setupWindow(ctx).show();
    const created = BrowserWindow.instances[0]!;
    expect(created.title).toBe('Backstop — no run yet');
    ctx.model.update({ latest: report([status('a', 'ERROR'), status('b', 'ERROR')], { finishedAt: '2026-01-12T08:00:00Z' }) });
    expect(created.title).toBe('Backstop — 2 errors');
    const titleFromPage = { preventDefault: vi.fn() };
    created.emit('page-title-updated', titleFromPage, 'Backstop');
    expect(titleFromPage.preventDefault).toHaveBeenCalled();
    expect(created.icon).toBeUndefined(); // the tray shows the colour
  });

  it('stands in for a missing tray: its icon takes the tray\'s colour', () => {
    const ctx = testContext();
    setupWindow(ctx, { standsInForTray: true }).show();
    const created = BrowserWindow.instances[0]!;
    expect(created.icon).toEqual({ path: '/app/dist/assets/tray/linux/stale-32.png' });
    ctx.model.update({ latest: report([status('a', 'WARNING')], { finishedAt: '2026-01-12T08:00:00Z' }) });
    expect(created.icon).toEqual({ path: '/app/dist/assets/tray/linux/warning-32.png' });
    expect(created.title).toBe('Backstop — 1 warning');
  });

  it('pushes state on changes, and only the progress while a run ticks', () => {
    const ctx = testContext();
    const window = setupWindow(ctx);
    window.show();
    const contents = BrowserWindow.instances[0]!.webContents;
    ctx.model.update({ progress: { done: 0, total: 2, running: [] } });
    ctx.model.update({ progress: { done: 1, total: 2, running: [] } });
    ctx.model.update({ latest: report([]), progress: undefined });
    expect(contents.sent.map(([channel]) => channel)).toEqual(['backstop:progress', 'backstop:progress', 'backstop:state']);
    BrowserWindow.instances[0]!.close();
    expect(window.webContentsId()).toBeUndefined();
  });
});

describe('ipc', () => {
  const PAGE = 'app://backstop/renderer/index.html';
  const event = (url: string | undefined, id: number, top = true) => ({ senderFrame: url === undefined ? null : { url, parent: top ? null : {} }, sender: { id } });

  it('registers every channel once and answers only our window', async () => {
    const ctx = testContext();
    const window = setupWindow(ctx);
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    setupIpc(ctx, window, setupHandlers(ctx, runs, setupSnoozes(ctx)));
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());

    const openLink = ipcMain.handlers.get('backstop:open-link')!;
    // Window closed: nobody is trusted.
    await expect(openLink(event(PAGE, 1), 'https://x.example')).rejects.toThrow(/not from the results window/);
    window.show();
    const id = window.webContentsId()!;
    await expect(openLink(event(PAGE, id), 'https://x.example/a')).resolves.toBe(true);
    await expect(openLink(event(PAGE, id), 'javascript:alert(1)')).resolves.toBe(false);
    await expect(openLink(event('https://evil.example/', id), 'https://x.example/b')).rejects.toThrow();
    await expect(openLink(event(PAGE, id, false), 'https://x.example/c')).rejects.toThrow();
    await expect(openLink(event(undefined, id), 'https://x.example/d')).rejects.toThrow();
    expect(shell.openExternal.mock.calls).toEqual([['https://x.example/a']]);
    expect(ctx.logs.filter((line) => line.startsWith('ipc: dropped'))).toHaveLength(4);

    // Untrusted arguments of the wrong shape get a clear answer, never a TypeError or an echo of megabytes.
    await expect(openLink(event(PAGE, id), { toString: 'not a function' })).resolves.toBe(false);
    expect(ctx.logs.at(-1)).toBe('refused to open a link that is not text (object): only http, https and mailto links open');
    const snooze = ipcMain.handlers.get('backstop:snooze')!;
    const answer = (await snooze(event(PAGE, id), { resource: 'db', metric: '', until: 'x'.repeat(1_000_000), reason: 'r' })) as { errors: { message: string }[] };
    expect(answer.errors.map((error) => error.message)).toContain(`the date must look like 2026-12-01, got "${'x'.repeat(40)}…"`);

    const readRun = ipcMain.handlers.get('backstop:read-run')!;
    await expect(readRun(event(PAGE, id), '../../etc/passwd')).rejects.toThrow(/must be a run id/);
  });
});

const CONFIG = (resources = 1) => ({ config: { path: '/c.yaml', resources: Array.from({ length: resources }, () => ({})), settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 26 * 3_600_000 } } as never, configText: 'resources: []\n' });

describe('runs (each in its own process)', () => {
  it('never runs twice at once; scheduled runs send the email; a worse run notifies, and its click opens the window', async () => {
    const runs_ = scriptedRuns();
    const ctx = testContext({ launchRun: runs_.launch });
    ctx.model.update(CONFIG(2));
    const openResults = vi.fn();
    const runs = setupRuns(ctx, setupNotifications(ctx, openResults));

    const first = runs.run('scheduled');
    const second = runs.run('manual');
    expect(first).toBe(second);
    expect(runs.running).toBe(true);
    expect(ctx.model.state.progress).toEqual({ done: 0, total: 2, running: [] });
    const child = runs_.children[0]!;
    expect(child.request).toEqual({ configPath: '/c.yaml', configText: 'resources: []\n', dataDir: ctx.paths.dataDir, trigger: 'scheduled', email: true });
    child.progress({ done: 1, total: 2, running: [{ resource: 'db', elapsedMs: 10 }] });
    await vi.waitFor(() => expect(ctx.model.state.progress?.done).toBe(1));
    child.finish(report([status('db', 'ERROR')]));
    await first;
    expect(runs_.children).toHaveLength(1);
    expect(child.ended).toBe(true); // the app ends the process once it has reported
    expect(ctx.model.state.progress).toBeUndefined();
    expect(Notification.instances.map((n) => n.options.title)).toEqual(['Backstop: 1 new error']);
    Notification.instances[0]!.emit('click');
    expect(openResults).toHaveBeenCalled();

    // A manual run with the same problem: no email, no notification.
    const third = runs.run('manual');
    expect(runs_.children[1]!.request).toMatchObject({ trigger: 'manual', email: false });
    runs_.children[1]!.finish(report([status('db', 'ERROR')]));
    await third;
    expect(Notification.instances).toHaveLength(1);
  });

  it('still sends the day\'s email when the scheduled run joins a Run now in flight', async () => {
    const runs_ = scriptedRuns();
    const ctx = testContext({ launchRun: runs_.launch });
    ctx.model.update(CONFIG());
    const runs = setupRuns(ctx, { runFinished: () => undefined });

    // Run now at 03:59:50; the 04:00 schedule fires while it is still running.
    const manual = runs.run('manual');
    const scheduled = runs.run('scheduled');
    expect(scheduled).toBe(manual);
    expect(runs_.children[0]!.request).toMatchObject({ email: false });
    expect(runs_.children[0]!.received).toEqual(['run', 'email']);
    runs_.children[0]!.finish(report([status('db', 'OK')]));
    await scheduled;

    // The debt is paid once: the next Run now sends nothing.
    const next = runs.run('manual');
    runs_.children[1]!.finish(report([status('db', 'OK')]));
    await next;
    expect(runs_.children[1]!.request).toMatchObject({ email: false });
    expect(runs_.children[1]!.received).toEqual(['run']);
  });

  it('stopping (and quitting) asks the run to stop; it still reports its cut-short run', async () => {
    const runs_ = scriptedRuns({ onStop: (child) => child.finish(report([status('db', 'ERROR', { result: 'cancelled' })])) });
    const ctx = testContext({ launchRun: runs_.launch });
    ctx.model.update(CONFIG());
    const runs = setupRuns(ctx, { runFinished: () => undefined });

    const scheduled = runs.run('scheduled');
    await runs.stop(1_000);
    expect(runs_.children[0]!.received).toEqual(['run', 'stop']);
    expect(runs.running).toBe(false);
    expect((await scheduled)?.statuses[0]?.result).toBe('cancelled');
    expect(runs_.children[0]!.ended).toBe(true);
    // Asked while stopping, the day's email is not added to the cut-short run.
    await runs.stop(); // nothing in flight: resolves at once
  });

  it('ends a run process that does not stop when asked, and says the run did not save', async () => {
    const runs_ = scriptedRuns();
    const ctx = testContext({ launchRun: runs_.launch });
    ctx.model.update(CONFIG());
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    const running = runs.run('manual');
    await runs.stop(50);
    expect(runs_.children[0]!.ended).toBe(true);
    expect(await running).toBeUndefined();
    expect(ctx.model.state.runError).toBe('the run was stopped before it could save its report');
  });

  it('carries damage the app met outside a run to the next run that reports, and only to it', async () => {
    const runs_ = scriptedRuns();
    const ctx = testContext({ launchRun: runs_.launch });
    ctx.model.update(CONFIG());
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    const damaged = { file: '/d/runs/x.json', movedTo: '/d/runs/damaged/x.json', reason: 'not a Backstop run' };
    metOutsideRun(ctx.model, { history: [damaged] });
    const crashing = runs.run('manual');
    runs_.children[0]!.crash(null, 'SIGKILL');
    await crashing;
    expect(runs_.children[0]!.request?.foundBefore).toEqual({ history: [damaged], stateFile: [] });
    // The crashed run reported nothing: the next one carries it still, and what was met meanwhile waits its turn.
    const next = runs.run('manual');
    expect(runs_.children[1]!.request?.foundBefore).toEqual({ history: [damaged], stateFile: [] });
    metOutsideRun(ctx.model, { stateFile: ['state file /d/state.json was damaged (x) and moved to /d/state.json.damaged-1; saved [STATE] values and snoozes start afresh'] });
    runs_.children[1]!.finish(report([]));
    await next;
    const after = runs.run('manual');
    expect(runs_.children[2]!.request?.foundBefore).toEqual({ history: [], stateFile: [expect.stringMatching(/^state file \/d\/state.json was damaged/)] });
    runs_.children[2]!.finish(report([]));
    await after;
    const last = runs.run('manual');
    expect(runs_.children[3]!.request?.foundBefore).toBeUndefined();
    runs_.children[3]!.finish(report([]));
    await last;
  });

  it('keeps a snooze made while a run was going, and leaves a config snooze to the config', async () => {
    const runs_ = scriptedRuns();
    const ctx = testContext({ launchRun: runs_.launch });
    ctx.model.update(CONFIG());
    ctx.model.update({ latest: report([status('db', 'ERROR')]) });
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    const snoozes = setupSnoozes(ctx);

    const running = runs.run('manual');
    expect(await snoozes.snooze({ resource: 'db', metric: '', until: '2026-02-01', reason: 'restore booked' })).toEqual({ ok: true });
    expect(await listSnoozes(ctx.paths.dataDir)).toMatchObject([{ resource: 'db', metric: '', reason: 'restore booked', source: 'user' }]);
    const fromConfig = { resource: 'nas', until: '2026-03-01', reason: 'being replaced', source: 'config' as const };
    runs_.children[0]!.finish({ ...report([status('db', 'ERROR')]), snoozed: [{ ...status('nas', 'ERROR'), snooze: fromConfig }] });
    await running;
    expect(ctx.model.state.latest!.statuses).toEqual([]);
    expect(ctx.model.state.latest!.snoozed.map((s) => [s.resource, s.snooze?.reason])).toEqual([
      ['db', 'restore booked'],
      ['nas', 'being replaced'],
    ]);

    await snoozes.unsnooze('nas', '');
    expect(ctx.model.state.latest!.snoozed.map((s) => s.resource)).toEqual(['db', 'nas']);
    expect(ctx.logs.at(-1)).toMatch(/its snooze is written in the config file/);
  });

  it('a run that fails or crashes is an error in the tray and the window, and the next run still works', async () => {
    const runs_ = scriptedRuns();
    const ctx = testContext({ launchRun: runs_.launch });
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    setupTray(ctx, actions());
    const tray = Tray.instances[0]!;
    const window = setupWindow(ctx);
    window.show();

    await runs.run('manual');
    expect(ctx.model.state.runError).toMatch(/could not be read/);
    ctx.model.update(CONFIG());
    const failing = runs.run('manual');
    runs_.children[0]!.fail('cannot parse config /c.yaml: bad indentation');
    await failing;
    expect(ctx.model.state.runError).toBe('the run failed: cannot parse config /c.yaml: bad indentation');

    const crashing = runs.run('manual');
    runs_.children[1]!.crash(null, 'SIGABRT', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n');
    await crashing;
    const crashed = 'the run itself crashed: out of memory (FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory)';
    expect(ctx.model.state.runError).toBe(crashed);
    expect(tray.image).toEqual({ path: '/app/dist/assets/tray/linux/error-22.png' });
    expect(tray.tooltip).toMatch(/last run failed/);
    expect(BrowserWindow.instances[0]!.webContents.sent.at(-1)).toEqual(['backstop:state', expect.objectContaining({ runError: crashed })]);
    expect(ctx.logs).toContain(crashed);

    const next = runs.run('manual');
    runs_.children[2]!.finish(report([status('db', 'OK')], { finishedAt: '2026-01-12T08:59:00Z' }));
    await next;
    expect(ctx.model.state.runError).toBeUndefined();
    expect(tray.image).toEqual({ path: '/app/dist/assets/tray/linux/ok-22.png' });
  });
});

describe('schedule', () => {
  const summary = (startedAt: string, trigger: RunTrigger): RunSummary => ({ id: 'x', startedAt, finishedAt: startedAt, durationMs: 1, trigger, counts: { OK: 1, WARNING: 0, ERROR: 0 } });
  const settings = (schedule: string, timezone = 'UTC') => ({ config: { path: '/c.yaml', resources: [], settings: { timezone, schedule, staleAfterMs: 1 } } as never, configText: '' });

  it('catches up on start and on resume when the daily run was missed, not when a daily run happened', async () => {
    const history: RunSummary[] = [summary('2026-01-11T04:00:00Z', 'scheduled'), summary('2026-01-12T08:00:00Z', 'manual')];
    const runs_ = scriptedRuns({
      answer: (request) => {
        history.push(summary(ctx.now().toISOString(), request.trigger));
        return report([status('db', 'OK')]);
      },
    });
    const ctx = testContext({ launchRun: runs_.launch, engine: { listRuns: async () => history } });
    ctx.model.update(settings('0 4 * * *'));
    const scheduler = setupSchedule(ctx, setupRuns(ctx, { runFinished: () => undefined }));
    expect(ctx.model.state.nextRunAt?.toISOString()).toBe('2026-01-13T04:00:00.000Z');
    // 09:00: the 04:00 run did not happen; the Run now at 08:00 sent no email and does not count.
    await scheduler.catchUp();
    expect(runs_.children.map((child) => child.request?.trigger)).toEqual(['catch-up']);
    expect(runs_.children[0]!.request?.email).toBe(true);
    // Now up to date: neither start nor resume runs again.
    await scheduler.catchUp();
    powerMonitor.emit('resume');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs_.children).toHaveLength(1);
    // A day later the computer wakes up: catch up.
    ctx.now = () => new Date('2026-01-13T10:00:00Z');
    powerMonitor.emit('resume');
    await vi.waitFor(() => expect(runs_.children).toHaveLength(2));
    expect(ctx.model.state.nextRunAt?.toISOString()).toBe('2026-01-14T04:00:00.000Z');
    scheduler.stop();
  });

  describe('fires at exactly the time the parser shows, and again after', () => {
    afterEach(() => vi.useRealTimers());
    const scenarios: [name: string, cron: string, timezone: string, start: string, fires: string[]][] = [
      ['daily at 4', '0 4 * * *', 'UTC', '2026-01-12T03:58:30Z', ['2026-01-12T04:00:00.000Z', '2026-01-13T04:00:00.000Z']],
      ['in the config time zone', '30 6 * * *', 'Asia/Tokyo', '2026-01-11T21:00:00Z', ['2026-01-11T21:30:00.000Z', '2026-01-12T21:30:00.000Z']],
      ['last day of the month (L)', '0 4 L * *', 'UTC', '2026-01-31T03:00:00Z', ['2026-01-31T04:00:00.000Z', '2026-02-28T04:00:00.000Z']],
      ['second Monday (#)', '15 7 * * 1#2', 'UTC', '2026-01-12T07:00:00Z', ['2026-01-12T07:15:00.000Z', '2026-02-09T07:15:00.000Z']],
    ];
    it.each(scenarios)('%s', async (_name, cron, timezone, start, fires) => {
      vi.useFakeTimers({ now: new Date(start), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const fired: string[] = [];
      const runs_ = scriptedRuns({
        answer: (request) => {
          fired.push(`${new Date().toISOString()} ${request.trigger}`);
          return report([status('db', 'OK')]);
        },
      });
      const ctx = testContext({ launchRun: runs_.launch, now: () => new Date() });
      ctx.model.update(settings(cron, timezone));
      const scheduler = setupSchedule(ctx, setupRuns(ctx, { runFinished: () => undefined }));
      expect(ctx.model.state.nextRunAt?.toISOString()).toBe(fires[0]);
      await vi.advanceTimersByTimeAsync(Date.parse(fires[0]!) - Date.now() - 1);
      expect(fired).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(fired).toEqual([`${fires[0]} scheduled`]);
      expect(ctx.model.state.nextRunAt?.toISOString()).toBe(fires[1]);
      await vi.advanceTimersByTimeAsync(Date.parse(fires[1]!) - Date.now());
      expect(fired).toEqual([`${fires[0]} scheduled`, `${fires[1]} scheduled`]);
      scheduler.stop();
    });
  });

  it('follows a changed schedule, and a clock that jumps past the time catches up instead', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-12T03:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const runs_ = scriptedRuns({ answer: () => report([status('db', 'OK')]) });
      const ctx = testContext({ launchRun: runs_.launch, engine: { listRuns: async () => [] }, now: () => new Date() });
      ctx.model.update(settings('0 4 * * *'));
      const scheduler = setupSchedule(ctx, setupRuns(ctx, { runFinished: () => undefined }));
      ctx.model.update(settings('0 5 * * *'));
      expect(ctx.model.state.nextRunAt?.toISOString()).toBe('2026-01-12T05:00:00.000Z');
      // The clock is set forward three hours (or the computer slept without a resume event).
      vi.setSystemTime(new Date('2026-01-12T08:00:00Z'));
      await vi.advanceTimersByTimeAsync(MAX_WAIT_MS);
      expect(runs_.children.map((child) => child.request?.trigger)).toEqual(['catch-up']);
      expect(ctx.model.state.nextRunAt?.toISOString()).toBe('2026-01-13T05:00:00.000Z');
      scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('config file', () => {
  it('is made from the demo once', async () => {
    const ctx = testContext();
    mkdirSync(dirname(ctx.paths.demoConfigPath), { recursive: true });
    writeFileSync(ctx.paths.demoConfigPath, 'resources: []\n');
    expect(await ensureConfigFile(ctx.paths.configPath, ctx.paths.demoConfigPath)).toBe(true);
    writeFileSync(ctx.paths.configPath, 'timezone: UTC\nresources: []\n');
    expect(await ensureConfigFile(ctx.paths.configPath, ctx.paths.demoConfigPath)).toBe(false);
    expect(readFileSync(ctx.paths.configPath, 'utf8')).toContain('timezone');
  });

  it('reloads on change; a broken file shows its error and keeps the last good config', async () => {
    const ctx = testContext();
    mkdirSync(dirname(ctx.paths.configPath), { recursive: true });
    writeFileSync(ctx.paths.configPath, 'timezone: UTC\nresources:\n  - { name: A, type: proof-of-life, link: "https://x.example" }\n');
    const config = await setupConfig(ctx);
    try {
      expect(config.created).toBe(false);
      expect(ctx.model.state.config?.resources).toHaveLength(1);
      writeFileSync(ctx.paths.configPath, 'resources: [ {');
      await vi.waitFor(() => expect(ctx.model.state.configIssues).toMatchObject([{ severity: 'error', path: '' }]), { timeout: 5_000 });
      expect(ctx.model.state.config?.resources).toHaveLength(1);
      writeFileSync(ctx.paths.configPath, 'timezone: UTC\nresources:\n  - { name: A, type: proof-of-life, link: "https://x.example" }\n  - { name: B, type: proof-of-life, link: "https://x.example" }\n');
      await vi.waitFor(() => expect(ctx.model.state.config?.resources).toHaveLength(2), { timeout: 5_000 });
      expect(ctx.model.state.configIssues.filter((issue) => issue.severity === 'error')).toEqual([]);
    } finally {
      config.close();
    }
  });
});

describe('preload', () => {
  // Compiled the way tsc builds it, then run the way a sandboxed preload runs: wrapped in a function with a tiny require.
  const source = readFileSync('main/preload.cts', 'utf8');
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;

  it('is a plain script that needs nothing but electron (sandboxed preloads cannot import)', () => {
    expect(compiled).not.toMatch(/^\s*(import|export)\s/m);
    const required = [...compiled.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(required).toEqual(['electron']);
  });

  it('exposes only window.backstop, whose methods invoke declared channels', async () => {
    const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const listeners: [string, (...args: unknown[]) => void][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => void invoked.push(args),
        on: (channel: string, listener: (...args: unknown[]) => void) => void listeners.push([channel, listener]),
        removeListener: (channel: string, listener: unknown) => void listeners.splice(listeners.findIndex((l) => l[0] === channel && l[1] === listener), 1),
      },
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', compiled)(() => electron, module, module.exports);
    expect(Object.keys(exposed)).toEqual(['backstop']);
    const bridge = exposed.backstop!;
    await bridge.openLink!('https://x.example');
    await bridge.snooze!({ resource: 'db', metric: '', until: '2026-01-20', reason: 'r', extra: 'dropped' });
    expect(invoked).toEqual([
      ['backstop:open-link', 'https://x.example'],
      ['backstop:snooze', { resource: 'db', metric: '', until: '2026-01-20', reason: 'r' }],
    ]);
    for (const args of invoked) expect(INVOKE_CHANNELS).toContain(args[0]);
    const seen: unknown[] = [];
    const off = bridge.onState!((state: unknown) => seen.push(state)) as () => void;
    listeners[0]![1]({ sender: 'secret' }, { stale: false });
    expect(seen).toEqual([{ stale: false }]);
    off();
    expect(listeners).toHaveLength(0);
  });
});
