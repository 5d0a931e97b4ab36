/**
 * The thin electron-touching code, against the one electron mock: tray,
 * window, IPC, notifications, runs, schedule and config watching.
 * Nothing here runs in Electron.
 */
import './setup.js';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ts from 'typescript';
import { BrowserWindow, Notification, Tray, app, ipcMain, powerMonitor, resetElectronMock, shell } from './electron-mock.js';
import { setupTray } from '../../main/app/tray.js';
import { setupWindow } from '../../main/app/window.js';
import { setupIpc } from '../../main/app/ipc.js';
import { setupHandlers } from '../../main/app/handlers.js';
import { setupSnoozes } from '../../main/app/snoozes.js';
import { setupNotifications } from '../../main/app/notify.js';
import { setupRuns } from '../../main/app/runs.js';
import { setupSchedule } from '../../main/app/schedule.js';
import { ensureConfigFile, setupConfig } from '../../main/app/config.js';
import { INVOKE_CHANNELS } from '../../shared/ipc.js';
import type { Report } from '../../shared/types.js';
import type { RunOptions } from '../../main/engine/run.js';
import { listSnoozes } from '../../main/engine/snooze.js';
import { report, status, testContext } from './helpers.js';

beforeEach(() => resetElectronMock());

const actions = () => ({ openResults: vi.fn(), runNow: vi.fn(), openConfig: vi.fn(), openDataFolder: vi.fn(), quit: vi.fn() });

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
    ctx.model.update({});
    expect(icon.menu!.template.find((item) => item.label === 'Start at login')!.checked).toBe(true);
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
    expect(created.loaded).toBe('/app/dist/renderer/index.html');
    expect(window.url).toBe('file:///app/dist/renderer/index.html');
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
  const event = (url: string | undefined, id: number, top = true) => ({ senderFrame: url === undefined ? null : { url, parent: top ? null : {} }, sender: { id } });

  it('registers every channel once and answers only our window', async () => {
    const ctx = testContext();
    const window = setupWindow(ctx);
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    setupIpc(ctx, window, setupHandlers(ctx, runs, setupSnoozes(ctx)));
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());

    const openLink = ipcMain.handlers.get('backstop:open-link')!;
    // Window closed: nobody is trusted.
    await expect(openLink(event('file:///app/dist/renderer/index.html', 1), 'https://x.example')).rejects.toThrow(/not from the results window/);
    window.show();
    const id = window.webContentsId()!;
    await expect(openLink(event('file:///app/dist/renderer/index.html', id), 'https://x.example/a')).resolves.toBe(true);
    await expect(openLink(event('file:///app/dist/renderer/index.html', id), 'javascript:alert(1)')).resolves.toBe(false);
    await expect(openLink(event('https://evil.example/', id), 'https://x.example/b')).rejects.toThrow();
    await expect(openLink(event('file:///app/dist/renderer/index.html', id, false), 'https://x.example/c')).rejects.toThrow();
    await expect(openLink(event(undefined, id), 'https://x.example/d')).rejects.toThrow();
    expect(shell.openExternal.mock.calls).toEqual([['https://x.example/a']]);
    expect(ctx.logs.filter((line) => line.startsWith('ipc: dropped'))).toHaveLength(4);

    // Untrusted arguments of the wrong shape get a clear answer, never a TypeError or an echo of megabytes.
    await expect(openLink(event('file:///app/dist/renderer/index.html', id), { toString: 'not a function' })).resolves.toBe(false);
    expect(ctx.logs.at(-1)).toBe('refused to open a link that is not text (object): only http, https and mailto links open');
    const snooze = ipcMain.handlers.get('backstop:snooze')!;
    const answer = (await snooze(event('file:///app/dist/renderer/index.html', id), { resource: 'db', metric: '', until: 'x'.repeat(1_000_000), reason: 'r' })) as { errors: { message: string }[] };
    expect(answer.errors.map((error) => error.message)).toContain(`the date must look like 2026-12-01, got "${'x'.repeat(40)}…"`);

    const readRun = ipcMain.handlers.get('backstop:read-run')!;
    await expect(readRun(event('file:///app/dist/renderer/index.html', id), '../../etc/passwd')).rejects.toThrow(/must be a run id/);
  });
});

/**
 * A run that ends when the test says, deciding about the email when its checks have
 * finished, as the engine does (`RunOptions.email`). `emailed` lists each run's decision.
 */
function controlledRun() {
  let finish: (report: Report) => void = () => undefined;
  const emailed: boolean[] = [];
  const runBackstop = vi.fn(
    (options: RunOptions) =>
      new Promise<Report>((resolve) => {
        finish = (report) => {
          emailed.push(typeof options.email === 'function' ? options.email() : options.email === true);
          resolve(report);
        };
      }),
  );
  return { runBackstop, emailed, finish: (report: Report) => finish(report) };
}

describe('runs', () => {
  it('never runs twice at once; scheduled runs send the email; a worse run notifies, and its click opens the window', async () => {
    const { runBackstop, emailed, finish } = controlledRun();
    const ctx = testContext({ engine: { runBackstop } });
    ctx.model.update({ config: { path: '/c.yaml', resources: [{}, {}], settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 1 } } as never });
    const openResults = vi.fn();
    const runs = setupRuns(ctx, setupNotifications(ctx, openResults));

    const first = runs.run('scheduled');
    const second = runs.run('manual');
    expect(first).toBe(second);
    expect(runs.running).toBe(true);
    expect(ctx.model.state.progress).toEqual({ done: 0, total: 2, running: [] });
    finish(report([status('db', 'ERROR')]));
    await first;
    expect(runBackstop).toHaveBeenCalledTimes(1);
    expect(emailed).toEqual([true]);
    expect(ctx.model.state.progress).toBeUndefined();
    expect(Notification.instances.map((n) => n.options.title)).toEqual(['Backstop: 1 new error']);
    Notification.instances[0]!.emit('click');
    expect(openResults).toHaveBeenCalled();

    // A manual run with the same problem: no email, no notification.
    const third = runs.run('manual');
    finish(report([status('db', 'ERROR')]));
    await third;
    expect(emailed).toEqual([true, false]);
    expect(Notification.instances).toHaveLength(1);
  });

  it('still sends the day\'s email when the scheduled run joins a Run now in flight', async () => {
    const { runBackstop, emailed, finish } = controlledRun();
    const ctx = testContext({ engine: { runBackstop } });
    ctx.model.update({ config: { path: '/c.yaml', resources: [{}], settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 1 } } as never });
    const runs = setupRuns(ctx, { runFinished: () => undefined });

    // Run now at 03:59:50; the 04:00 schedule fires while it is still running.
    const manual = runs.run('manual');
    const scheduled = runs.run('scheduled');
    expect(scheduled).toBe(manual);
    finish(report([status('db', 'OK')]));
    await scheduled;
    expect(runBackstop).toHaveBeenCalledTimes(1);
    expect(emailed).toEqual([true]);

    // The debt is paid once: the next Run now sends nothing.
    const next = runs.run('manual');
    finish(report([status('db', 'OK')]));
    await next;
    expect(emailed).toEqual([true, false]);
  });

  it('quitting mid-run cancels the run (its checks stop) and sends no email for it', async () => {
    let seen: AbortSignal | undefined;
    const emailed: boolean[] = [];
    const runBackstop = vi.fn(
      (options: RunOptions) =>
        new Promise<Report>((resolve) => {
          seen = options.signal;
          options.signal?.addEventListener('abort', () => {
            emailed.push(typeof options.email === 'function' ? options.email() : options.email === true);
            resolve(report([status('db', 'ERROR')]));
          });
        }),
    );
    const ctx = testContext({ engine: { runBackstop } });
    ctx.model.update({ config: { path: '/c.yaml', resources: [{}], settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 1 } } as never });
    const runs = setupRuns(ctx, { runFinished: () => undefined });

    const scheduled = runs.run('scheduled');
    await runs.stop(1000);
    expect(seen?.aborted).toBe(true);
    expect(runs.running).toBe(false);
    await scheduled;
    expect(emailed).toEqual([false]);
    await runs.stop(); // nothing in flight: resolves at once
  });

  it('keeps a snooze made while a run was going, and leaves a config snooze to the config', async () => {
    const { runBackstop, finish } = controlledRun();
    const ctx = testContext({ engine: { runBackstop } });
    ctx.model.update({ config: { path: '/c.yaml', resources: [{}], settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 1 } } as never });
    ctx.model.update({ latest: report([status('db', 'ERROR')]) });
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    const snoozes = setupSnoozes(ctx);

    const running = runs.run('manual');
    expect(await snoozes.snooze({ resource: 'db', metric: '', until: '2026-02-01', reason: 'restore booked' })).toEqual({ ok: true });
    expect(await listSnoozes(ctx.paths.dataDir)).toMatchObject([{ resource: 'db', metric: '', reason: 'restore booked', source: 'user' }]);
    const fromConfig = { resource: 'nas', until: '2026-03-01', reason: 'being replaced', source: 'config' as const };
    finish({ ...report([status('db', 'ERROR')]), snoozed: [{ ...status('nas', 'ERROR'), snooze: fromConfig }] });
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

  it('records a run that throws as a failed run, and cannot run without any config', async () => {
    const ctx = testContext({ engine: { runBackstop: async () => Promise.reject(new Error('disk full')) } });
    const runs = setupRuns(ctx, { runFinished: () => undefined });
    await runs.run('manual');
    expect(ctx.model.state.runError).toMatch(/could not be read/);
    ctx.model.update({ config: { path: '/c.yaml', resources: [], settings: {} } as never });
    await runs.run('manual');
    expect(ctx.model.state.runError).toBe('the run failed: disk full');
  });
});

describe('schedule', () => {
  it('catches up on start and on resume when the scheduled run was missed', async () => {
    const runBackstop = vi.fn(async (_options: RunOptions) => report([status('db', 'OK')], { startedAt: '2026-01-12T09:00:00Z' }));
    const ctx = testContext({ engine: { runBackstop } });
    ctx.model.update({
      config: { path: '/c.yaml', resources: [], settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 1 } } as never,
      latest: report([], { startedAt: '2026-01-11T04:00:00Z' }),
    });
    const scheduler = setupSchedule(ctx, setupRuns(ctx, { runFinished: () => undefined }));
    expect(ctx.model.state.nextRunAt?.toISOString()).toBe('2026-01-13T04:00:00.000Z');
    await scheduler.catchUp();
    expect(runBackstop).toHaveBeenCalledTimes(1);
    expect(runBackstop.mock.calls[0]![0]).toMatchObject({ trigger: 'catch-up' });
    // Now up to date: neither start nor resume runs again.
    await scheduler.catchUp();
    powerMonitor.emit('resume');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runBackstop).toHaveBeenCalledTimes(1);
    // A day later the computer wakes up: catch up.
    ctx.now = () => new Date('2026-01-13T10:00:00Z');
    powerMonitor.emit('resume');
    await vi.waitFor(() => expect(runBackstop).toHaveBeenCalledTimes(2));
    scheduler.stop();
  });
});

describe('config file', () => {
  it('is made from the demo once', async () => {
    const ctx = testContext();
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
