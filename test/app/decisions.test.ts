/** The app's decisions, as pure functions: tables of named scenarios. */
import './setup.js';
import { describe, expect, it } from 'vitest';
import { trayIconName, trayMenu, trayTooltip, type MenuEntry } from '../../main/app/tray.js';
import { isStale, windowState, type ModelState } from '../../main/app/model.js';
import { isOpenableLink } from '../../main/app/links.js';
import { isTrustedSender } from '../../main/app/ipc.js';
import { needsCatchUp } from '../../main/app/schedule.js';
import { newProblems, worseRunNotification } from '../../main/app/notify.js';
import { sendsEmail } from '../../main/app/runs.js';
import { applySnoozes } from '../../main/engine/snooze.js';
import { windowOptions } from '../../main/app/window.js';
import { checkSnoozeRequest } from '../../shared/ipc.js';
import type { LoadedConfig } from '../../main/engine/config.js';
import type { Report } from '../../shared/types.js';
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

  it('shows progress instead of Run now while running', () => {
    const entries = trayMenu(state({ progress: { done: 3, total: 7, running: [] } }), now, { openAtLogin: false, platform: 'win32' });
    expect(entries[1]).toEqual({ kind: 'item', label: 'Running… 3/7', enabled: false });
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
  const expected = { url: 'file:///app/dist/renderer/index.html', webContentsId: 7 };
  const scenarios: [string, Parameters<typeof isTrustedSender>[0], boolean][] = [
    ['our page', { frameUrl: 'file:///app/dist/renderer/index.html', isTopFrame: true, webContentsId: 7 }, true],
    ['our page with a hash', { frameUrl: 'file:///app/dist/renderer/index.html#x', isTopFrame: true, webContentsId: 7 }, true],
    ['an iframe', { frameUrl: 'file:///app/dist/renderer/index.html', isTopFrame: false, webContentsId: 7 }, false],
    ['another file', { frameUrl: 'file:///tmp/evil.html', isTopFrame: true, webContentsId: 7 }, false],
    ['a web page', { frameUrl: 'https://evil.example/app/dist/renderer/index.html', isTopFrame: true, webContentsId: 7 }, false],
    ['another window', { frameUrl: 'file:///app/dist/renderer/index.html', isTopFrame: true, webContentsId: 8 }, false],
    ['a closed frame', { frameUrl: undefined, isTopFrame: true, webContentsId: 7 }, false],
    ['garbage', { frameUrl: 'not a url', isTopFrame: true, webContentsId: 7 }, false],
  ];
  it.each(scenarios)('%s', (_name, sender, trusted) => expect(isTrustedSender(sender, expected)).toBe(trusted));

  it('trusts nobody while the window is closed', () => {
    expect(isTrustedSender(scenarios[0]![1], { ...expected, webContentsId: undefined })).toBe(false);
  });
});

describe('catch-up', () => {
  const scheduled = new Date('2026-01-12T04:00:00Z');
  const scenarios: [string, string | undefined, Date | undefined, boolean][] = [
    ['no run yet', undefined, scheduled, true],
    ['ran at the scheduled time', '2026-01-12T04:00:00.020Z', scheduled, false],
    ['ran after it (Run now)', '2026-01-12T08:00:00Z', scheduled, false],
    ['last ran the day before: missed', '2026-01-11T04:00:00Z', scheduled, true],
    ['within the tolerance before', '2026-01-12T03:59:30Z', scheduled, false],
    ['no scheduled time at all', undefined, undefined, false],
  ];
  it.each(scenarios)('%s', (_name, startedAt, previous, expected) =>
    expect(needsCatchUp(startedAt ? { startedAt } : undefined, previous)).toBe(expected),
  );

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
  it('is locked down: sandbox, isolation, no node', () => {
    expect(windowOptions('/p.cjs').webPreferences).toMatchObject({ preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('tells the window whether the run is stale', () => {
    const old = report([], { finishedAt: '2026-01-10T04:00:00Z' });
    expect(windowState(state({ latest: old }), '/c.yaml', now)).toMatchObject({ stale: true, configPath: '/c.yaml', report: old });
    expect(windowState(state({}), '/c.yaml', now).stale).toBe(false);
  });
});
