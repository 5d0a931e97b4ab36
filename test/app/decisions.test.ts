/** The app's decisions, as pure functions: tables of named scenarios. */
import './setup.js';
import { describe, expect, it } from 'vitest';
import { trayIconName, trayMenu, trayTooltip, type MenuEntry } from '../../main/app/tray.js';
import { isStale, windowState, type ModelState } from '../../main/app/model.js';
import { isOpenableLink } from '../../main/app/links.js';
import { isTrustedSender } from '../../main/app/ipc.js';
import { resolveAppFile } from '../../main/app/protocol.js';
import { parseNameHasOwner, traySupport, type TraySupport, type TraySupportInput } from '../../main/app/tray-support.js';
import { needsCatchUp } from '../../main/app/schedule.js';
import { newProblems, worseRunNotification } from '../../main/app/notify.js';
import { sendsEmail } from '../../main/app/runs.js';
import { applySnoozes } from '../../main/engine/snooze.js';
import { windowOptions, windowTitle } from '../../main/app/window.js';
import { checkSnoozeRequest } from '../../shared/ipc.js';
import type { LoadedConfig } from '../../main/engine/config.js';
import type { Report, RunTrigger } from '../../shared/types.js';
import { report, status } from './helpers.js';

const now = new Date('2026-01-12T09:00:00Z');
const fresh = report([status('api', 'OK')]);
const config = { settings: { timezone: 'UTC', schedule: '0 4 * * *', staleAfterMs: 26 * 3_600_000 } } as LoadedConfig;
const state = (patch: Partial<ModelState>): ModelState => ({ configIssues: [], config, ...patch });

describe('tray icon', () => {
  const scenarios: [name: string, state: ModelState, expected: string][] = [
    ['no run yet is grey', state({}), 'stale'],
    ['all OK is green', state({ latest: fresh }), 'ok'],
    ['a warning is amber', state({ latest: report([status('a', 'OK'), status('b', 'WARNING')]) }), 'warning'],
    ['an error is red', state({ latest: report([status('a', 'WARNING'), status('b', 'ERROR')]) }), 'error'],
    ['snoozed items do not colour it', state({ latest: { ...fresh, snoozed: [status('b', 'ERROR')] } }), 'ok'],
    ['a run older than staleAfter is grey, even with errors', state({ latest: report([status('b', 'ERROR')], { finishedAt: '2026-01-11T06:59:00Z' }) }), 'stale'],
    ['just inside staleAfter is not stale', state({ latest: report([], { finishedAt: '2026-01-11T07:01:00Z', counts: { OK: 1, WARNING: 0, ERROR: 0 } }) }), 'ok'],
    ['a broken config is red', state({ latest: fresh, configIssues: [{ severity: 'error', path: '', message: 'x' }] }), 'error'],
    ['config warnings alone do not colour it', state({ latest: fresh, configIssues: [{ severity: 'warning', path: 'resources[0].link', message: 'x' }] }), 'ok'],
    ['a failed run is red', state({ latest: fresh, runError: 'boom' }), 'error'],
    ['a run in flight wins', state({ latest: fresh, runError: 'boom', progress: { done: 1, total: 3, running: [] } }), 'running'],
  ];
  it.each(scenarios)('%s', (_name, given, expected) => expect(trayIconName(given, now)).toBe(expected));

  it('stale when there is no run or the run is older than staleAfter', () => {
    expect(isStale(undefined, now, 1_000)).toBe(true);
    expect(isStale({ finishedAt: 'garbage' }, now, 1_000)).toBe(true);
    expect(isStale({ finishedAt: '2026-01-12T08:59:59.500Z' }, now, 1_000)).toBe(false);
  });
});

describe('tray tooltip', () => {
  const scenarios: [name: string, state: ModelState, expected: string][] = [
    ['counts and time', state({ latest: report([status('a', 'ERROR'), status('b', 'ERROR'), status('c', 'WARNING')]) }), 'Backstop: 2 errors, 1 warning · last run today at 04:00'],
    ['all OK', state({ latest: fresh }), 'Backstop: all 1 OK · last run today at 04:00'],
    ['no run', state({}), 'Backstop: no run yet'],
    ['stale, another day', state({ latest: report([], { finishedAt: '2026-01-10T04:00:05Z', counts: { OK: 2, WARNING: 0, ERROR: 0 } }) }), 'Backstop: all 2 OK · last run 2026-01-10 04:00 (stale)'],
    ['running', state({ latest: fresh, progress: { done: 2, total: 9, running: [] } }), 'Backstop: running 2/9 · last run today at 04:00'],
    ['broken config', state({ latest: fresh, configIssues: [{ severity: 'error', path: '', message: 'x' }] }), 'Backstop: config has 1 error · all 1 OK · last run today at 04:00'],
  ];
  it.each(scenarios)('%s', (_name, given, expected) => expect(trayTooltip(given, now)).toBe(expected));

  it('writes the time in the config time zone', () => {
    const tokyo = { settings: { ...config.settings, timezone: 'Asia/Tokyo' } } as LoadedConfig;
    expect(trayTooltip({ configIssues: [], config: tokyo, latest: fresh }, now)).toBe('Backstop: all 1 OK · last run today at 13:00');
  });
});

describe('tray menu', () => {
  const labels = (entries: MenuEntry[]) => entries.map((entry) => (entry.kind === 'separator' ? '—' : entry.label));

  it('has the issue’s items in order, with the last run disabled', () => {
    const entries = trayMenu(state({ latest: fresh }), now, { openAtLogin: true, platform: 'darwin' });
    expect(labels(entries)).toEqual(['Open results', 'Run now', 'Last run: today at 04:00 — all 1 OK', '—', 'Open config file', 'Open data folder', '—', 'Start at login', '—', 'Quit Backstop']);
    expect(entries[2]).toMatchObject({ kind: 'item', enabled: false });
    expect(entries.find((entry) => entry.kind === 'checkbox')).toMatchObject({ checked: true, action: 'toggle-login' });
  });

  it('leaves out Start at login where Electron cannot do it (Linux)', () => {
    expect(labels(trayMenu(state({}), now, { openAtLogin: false, platform: 'linux' }))).toEqual([
      'Open results', 'Run now', 'No run yet', '—', 'Open config file', 'Open data folder', '—', 'Quit Backstop',
    ]);
  });

  it('says Running… and offers Stop the run instead of Run now, the same at every tick (the tooltip counts)', () => {
    const at = (done: number) => trayMenu(state({ progress: { done, total: 7, running: [] } }), now, { openAtLogin: false, platform: 'win32' });
    expect(at(3).slice(0, 3)).toEqual([
      { kind: 'item', label: 'Open results', action: 'open-results', enabled: true },
      { kind: 'item', label: 'Running…', enabled: false },
      { kind: 'item', label: 'Stop the run', action: 'stop-run', enabled: true },
    ]);
    expect(at(4)).toEqual(at(3));
  });
});

describe('links the window may open', () => {
  const scenarios: [string, unknown, boolean][] = [
    ['https', 'https://grafana.example/d/disk?x=1#y', true],
    ['http', 'http://10.0.0.5:8080/status', true],
    ['mailto', 'mailto:ops@example.com?subject=backup', true],
    ['javascript', 'javascript:alert(1)', false],
    ['file', 'file:///etc/passwd', false],
    ['custom scheme', 'vscode://file/x', false],
    ['data', 'data:text/html,<script>', false],
    ['relative', '/runs/1', false],
    ['http without a host', 'http://', false],
    ['bare word', 'grafana', false],
    ['not text', 42, false],
    ['empty', '', false],
    ['smb', 'smb://share/x', false],
  ];
  it.each(scenarios)('%s', (_name, link, expected) => expect(isOpenableLink(link)).toBe(expected));
});

describe('IPC sender check', () => {
  const page = 'app://backstop/renderer/index.html';
  const expected = { url: page, webContentsId: 7 };
  const scenarios: [string, Parameters<typeof isTrustedSender>[0], boolean][] = [
    ['our page', { frameUrl: page, isTopFrame: true, webContentsId: 7 }, true],
    ['our page with a hash', { frameUrl: `${page}#x`, isTopFrame: true, webContentsId: 7 }, true],
    ['an iframe', { frameUrl: page, isTopFrame: false, webContentsId: 7 }, false],
    ['another page of our origin', { frameUrl: 'app://backstop/shared/ipc.js', isTopFrame: true, webContentsId: 7 }, false],
    ['a file with the same path', { frameUrl: 'file:///renderer/index.html', isTopFrame: true, webContentsId: 7 }, false],
    ['another host on our scheme', { frameUrl: 'app://evil/renderer/index.html', isTopFrame: true, webContentsId: 7 }, false],
    ['a web page', { frameUrl: 'https://evil.example/renderer/index.html', isTopFrame: true, webContentsId: 7 }, false],
    ['another window', { frameUrl: page, isTopFrame: true, webContentsId: 8 }, false],
    ['a closed frame', { frameUrl: undefined, isTopFrame: true, webContentsId: 7 }, false],
    ['garbage', { frameUrl: 'not a url', isTopFrame: true, webContentsId: 7 }, false],
  ];
  it.each(scenarios)('%s', (_name, sender, trusted) => expect(isTrustedSender(sender, expected)).toBe(trusted));

  it('trusts nobody while the window is closed, and nothing off our origin even if asked to', () => {
    expect(isTrustedSender(scenarios[0]![1], { ...expected, webContentsId: undefined })).toBe(false);
    const file = 'file:///app/dist/renderer/index.html';
    expect(isTrustedSender({ frameUrl: file, isTopFrame: true, webContentsId: 7 }, { url: file, webContentsId: 7 })).toBe(false);
  });
});

describe('the app:// origin', () => {
  const folders = { renderer: '/app/dist/renderer', shared: '/app/dist/shared' };
  const scenarios: [name: string, url: string, file: string | undefined][] = [
    ['the page', 'app://backstop/renderer/index.html', '/app/dist/renderer/index.html'],
    ['shared code the page imports', 'app://backstop/shared/ipc.js', '/app/dist/shared/ipc.js'],
    ['query and hash ignored', 'app://backstop/renderer/app.js?v=1#x', '/app/dist/renderer/app.js'],
    ['an escaped name', 'app://backstop/renderer/my%20file.css', '/app/dist/renderer/my file.css'],
    ['dot-dot (the URL parser folds it) out of the served folders', 'app://backstop/renderer/../../main/cli.js', undefined],
    ['escaped dot-dot', 'app://backstop/renderer/%2e%2e/%2e%2e/etc/passwd', undefined],
    ['escaped slash', 'app://backstop/renderer/..%2f..%2fmain%2fcli.js', undefined],
    ['escaped backslash', 'app://backstop/renderer/..%5c..%5cmain%5ccli.js', undefined],
    ['NUL', 'app://backstop/renderer/index.html%00.png', undefined],
    ['a drive letter', 'app://backstop/renderer/C:%5cWindows', undefined],
    ['an unserved folder', 'app://backstop/main/main.js', undefined],
    ['a folder itself', 'app://backstop/renderer/', undefined],
    ['another host', 'app://other/renderer/index.html', undefined],
    ['another scheme', 'file:///app/dist/renderer/index.html', undefined],
    ['a broken escape', 'app://backstop/renderer/%E0%A4%A', undefined],
    ['an inherited name', 'app://backstop/constructor/x', undefined],
  ];
  it.each(scenarios)('%s', (_name, url, file) => expect(resolveAppFile(url, folders)).toBe(file));
});

describe('where a tray can be seen', () => {
  const ask = (answer: boolean | undefined) => async () => answer;
  const scenarios: [name: string, input: Omit<TraySupportInput, 'nameHasOwner'>, watcher: boolean | undefined, expected: TraySupport][] = [
    ['Windows', { platform: 'win32', argv: [], env: {} }, undefined, { tray: true }],
    ['macOS', { platform: 'darwin', argv: [], env: {} }, undefined, { tray: true }],
    ['KDE', { platform: 'linux', argv: [], env: { XDG_CURRENT_DESKTOP: 'KDE' } }, false, { tray: true }],
    ['GNOME with AppIndicator', { platform: 'linux', argv: [], env: { XDG_CURRENT_DESKTOP: 'GNOME' } }, true, { tray: true }],
    ['GNOME without AppIndicator', { platform: 'linux', argv: [], env: { XDG_CURRENT_DESKTOP: 'GNOME' } }, false, { tray: false, reason: 'GNOME shows no tray icons without the AppIndicator extension' }],
    ['Ubuntu\'s GNOME without it', { platform: 'linux', argv: [], env: { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' } }, false, { tray: false, reason: 'GNOME shows no tray icons without the AppIndicator extension' }],
    ['GNOME, bus not answering: assume a tray', { platform: 'linux', argv: [], env: { XDG_CURRENT_DESKTOP: 'GNOME' } }, undefined, { tray: true }],
    ['asked for with --no-tray', { platform: 'win32', argv: ['/opt/Backstop/backstop', '--no-tray'], env: {} }, undefined, { tray: false, reason: 'started with --no-tray' }],
  ];
  it.each(scenarios)('%s', async (_name, input, watcher, expected) => expect(await traySupport({ ...input, nameHasOwner: ask(watcher) })).toEqual(expected));

  it('reads gdbus and dbus-send answers', () => {
    expect(parseNameHasOwner('(true,)\n')).toBe(true);
    expect(parseNameHasOwner('(false,)\n')).toBe(false);
    expect(parseNameHasOwner('method return time=1.2 sender=org.freedesktop.DBus -> destination=:1.9 serial=3 reply_serial=2\n   boolean false\n')).toBe(false);
    expect(parseNameHasOwner('Error: no bus')).toBeUndefined();
  });
});

describe('catch-up', () => {
  const scheduled = new Date('2026-01-12T04:00:00Z');
  type Run = { startedAt: string; trigger: RunTrigger };
  const scenarios: [string, Run[], Date | undefined, boolean][] = [
    ['no run yet', [], scheduled, true],
    ['the scheduled run happened', [{ startedAt: '2026-01-12T04:00:00.020Z', trigger: 'scheduled' }], scheduled, false],
    ['a catch-up run happened after it', [{ startedAt: '2026-01-12T08:00:00Z', trigger: 'catch-up' }], scheduled, false],
    ['the daily run was yesterday: missed', [{ startedAt: '2026-01-11T04:00:00Z', trigger: 'scheduled' }], scheduled, true],
    ['within the tolerance before', [{ startedAt: '2026-01-12T03:59:30Z', trigger: 'scheduled' }], scheduled, false],
    ['only a Run now since: still owed (it sent no email)', [{ startedAt: '2026-01-12T08:00:00Z', trigger: 'manual' }, { startedAt: '2026-01-11T04:00:00Z', trigger: 'scheduled' }], scheduled, true],
    ['only a CLI run since: still owed', [{ startedAt: '2026-01-12T06:00:00Z', trigger: 'cli' }], scheduled, true],
    ['no scheduled time at all', [], undefined, false],
  ];
  it.each(scenarios)('%s', (_name, runs, previous, expected) => expect(needsCatchUp(runs, previous)).toBe(expected));

  it('only scheduled and catch-up runs send the email', () => {
    expect([sendsEmail('scheduled'), sendsEmail('catch-up'), sendsEmail('manual'), sendsEmail('cli')]).toEqual([true, true, false, false]);
  });
});

describe('notification when a run is worse', () => {
  const before = report([status('a', 'OK'), status('b', 'WARNING'), status('c', 'ERROR'), status('d', 'ERROR')]);

  it('names new errors and new warnings, by item', () => {
    const after = report([status('a', 'WARNING'), status('b', 'ERROR'), status('c', 'ERROR'), status('d', 'WARNING'), status('e', 'ERROR')]);
    const problems = newProblems(before, after);
    expect(problems.errors.map((s) => s.resource)).toEqual(['b', 'e']);
    expect(problems.warnings.map((s) => s.resource)).toEqual(['a']);
    expect(worseRunNotification(problems)).toEqual({ title: 'Backstop: 2 new errors, 1 new warning', body: 'b: b is ERROR\ne: e is ERROR\na: a is WARNING' });
  });

  it('stays quiet when nothing got worse (same problems, or better)', () => {
    expect(worseRunNotification(newProblems(before, before))).toBeUndefined();
    expect(worseRunNotification(newProblems(before, report([status('c', 'WARNING')])))).toBeUndefined();
  });

  it('counts every problem as new after no previous run, and shortens long lists', () => {
    const many = report(['a', 'b', 'c', 'd', 'e'].map((name) => status(name, 'ERROR', { metric: 'm' })));
    expect(worseRunNotification(newProblems(undefined, many))!.body.split('\n')).toEqual(['a m: a is ERROR', 'b m: b is ERROR', 'c m: c is ERROR', 'and 2 more']);
  });

  it('ignores snoozed items', () => {
    const withSnoozedError: Report = { ...before, snoozed: [status('z', 'ERROR')] };
    expect(worseRunNotification(newProblems(before, withSnoozedError))).toBeUndefined();
  });
});

describe('snooze requests', () => {
  const ok = { resource: 'db', metric: '', until: '2026-01-20', reason: 'vendor fix, OPS-1' };
  const scenarios: [string, unknown, string[]][] = [
    ['valid', ok, []],
    ['today is fine', { ...ok, until: '2026-01-12' }, []],
    ['missing reason', { ...ok, reason: '   ' }, ['reason: give a reason, so nothing stays hidden without one']],
    ['past date', { ...ok, until: '2026-01-11' }, ['until: the date must be today (2026-01-12) or later, got 2026-01-11']],
    ['not a date', { ...ok, until: '2026-02-30' }, ['until: the date must look like 2026-12-01, got "2026-02-30"']],
    ['no date', { ...ok, until: '' }, ['until: choose the last day to hide this item']],
    ['everything wrong at once', { resource: 3 }, ['resource: pick a row to snooze', 'until: choose the last day to hide this item', 'reason: give a reason, so nothing stays hidden without one']],
    ['not an object', null, ['resource: pick a row to snooze', 'until: choose the last day to hide this item', 'reason: give a reason, so nothing stays hidden without one']],
  ];
  it.each(scenarios)('%s', (_name, request, expected) =>
    expect(checkSnoozeRequest(request, '2026-01-12').map((e) => `${e.field}: ${e.message}`)).toEqual(expected),
  );

  it('moves a snoozed row apart and back, with counts (the engine\'s rules, applied to the report on screen)', () => {
    const shown = report([status('a', 'ERROR'), status('b', 'WARNING', { metric: 'm' }), status('b', 'OK', { metric: 'n' })]);
    const today = new Date('2026-01-12T09:00:00Z');
    const snoozed = applySnoozes(shown, [{ resource: 'b', metric: 'm', until: '2026-01-20', reason: 'r', source: 'user' }], today);
    expect(snoozed.statuses.map((s) => `${s.resource}/${s.metric}`)).toEqual(['a/', 'b/n']);
    expect(snoozed.snoozed).toMatchObject([{ resource: 'b', metric: 'm', snooze: { reason: 'r' } }]);
    expect(snoozed.counts).toEqual({ OK: 1, WARNING: 0, ERROR: 1 });
    const back = applySnoozes(snoozed, [], today);
    expect(back.statuses).toEqual(shown.statuses);
    expect(back.counts).toEqual(shown.counts);
  });
});

describe('window', () => {
  it('is locked down: sandbox, isolation, no node, DevTools only in development', () => {
    expect(windowOptions('/p.cjs', { devTools: false }).webPreferences).toMatchObject({ preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false });
    expect(windowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  const titles: [name: string, state: ModelState, expected: string][] = [
    ['counts', state({ latest: report([status('a', 'ERROR'), status('b', 'ERROR'), status('c', 'WARNING')]) }), 'Backstop — 2 errors, 1 warning'],
    ['all OK', state({ latest: fresh }), 'Backstop — all 1 OK'],
    ['stale', state({ latest: report([status('a', 'OK')], { finishedAt: '2026-01-10T04:00:00Z' }) }), 'Backstop — all 1 OK (stale)'],
    ['no run', state({}), 'Backstop — no run yet'],
    ['running', state({ latest: fresh, progress: { done: 1, total: 4, running: [] } }), 'Backstop — running…'],
    ['broken config', state({ latest: fresh, configIssues: [{ severity: 'error', path: '', message: 'x' }] }), 'Backstop — config has 1 error'],
    ['failed run', state({ latest: fresh, runError: 'the run itself crashed: out of memory' }), 'Backstop — the last run failed'],
  ];
  it.each(titles)('has the status in its title: %s', (_name, given, expected) => expect(windowTitle(given, now)).toBe(expected));

  it('tells the window whether the run is stale', () => {
    const old = report([], { finishedAt: '2026-01-10T04:00:00Z' });
    expect(windowState(state({ latest: old }), '/c.yaml', now)).toMatchObject({ stale: true, configPath: '/c.yaml', report: old });
    expect(windowState(state({}), '/c.yaml', now).stale).toBe(false);
  });
});
