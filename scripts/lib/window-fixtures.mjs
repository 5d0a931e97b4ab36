// The results window outside Electron, for the screenshots and the renderer bench:
// dist/ served on loopback, Chromium found, and believable window states built by hand.
// (The browser tests use the real engine and handlers instead: test/renderer/harness.ts.)
/* global window */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png' };

export function findChromium() {
  return [process.env.BACKSTOP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
}

/** Serves dist/ on 127.0.0.1; resolves to the window's URL and a close function. */
export async function serveDist() {
  if (!existsSync(join(dist, 'renderer', 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const server = createServer((request, response) => {
    const path = normalize(join(dist, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(dist + sep) || !existsSync(path)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}/renderer/index.html`, close: () => new Promise((done) => server.close(done)) };
}

/**
 * Opens the window in `page` with a bridge answering from `handlers` (plain functions run in
 * Node); `window.__push(channel, payload)` in the page plays main's webContents.send.
 */
export async function openWindow(page, url, handlers) {
  await page.exposeFunction('__bridge', async (method, args) => {
    const handler = handlers[method];
    if (!handler) throw new Error(`no ${method} in this bridge`);
    return handler(...args);
  });
  await page.addInitScript(() => {
    const listeners = { state: [], progress: [] };
    const call = (method) => (...args) => window.__bridge(method, args);
    window.__push = (channel, payload) => listeners[channel].forEach((listener) => listener(payload));
    window.backstop = {
      getState: call('getState'),
      listRuns: call('listRuns'),
      readRun: call('readRun'),
      runNow: call('runNow'),
      openLink: call('openLink'),
      openConfig: call('openConfig'),
      snooze: call('snooze'),
      unsnooze: call('unsnooze'),
      itemHistory: call('itemHistory'),
      onState: (listener) => (listeners.state.push(listener), () => undefined),
      onProgress: (listener) => (listeners.progress.push(listener), () => undefined),
    };
  });
  await page.goto(url);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rank = { ERROR: 0, WARNING: 1, OK: 2 };
const collator = new Intl.Collator('en', { numeric: true });
const byReportOrder = (a, b) => rank[a.level] - rank[b.level] || collator.compare(a.resource, b.resource) || collator.compare(a.metric, b.metric);

function counts(statuses) {
  const result = { OK: 0, WARNING: 0, ERROR: 0 };
  for (const status of statuses) result[status.level]++;
  return result;
}

function runId(date) {
  return `${date.toISOString().replace(/[:.]/g, '-')}-a1b2c3`;
}

export function report(statuses, { startedAt, snoozed = [], health = {}, trigger = 'scheduled' }) {
  const sorted = [...statuses].sort(byReportOrder);
  return {
    id: runId(new Date(startedAt)),
    version: 1,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 41_000).toISOString(),
    durationMs: 41_000,
    trigger,
    configPath: '/home/sam/.config/backstop/backstop.yaml',
    timezone: 'UTC',
    statuses: sorted,
    snoozed,
    counts: counts(sorted),
    health: { total: sorted.length + snoozed.length, timedOut: [], crashed: [], deadlineHit: false, notes: [], ...health },
  };
}

/** A believable morning: errors old and new, warnings, many OK items, tags, perf data, a snoozed item. */
export function morning(now = Date.now()) {
  const startedAt = new Date(now - 2 * HOUR).toISOString();
  const at = (ms) => new Date(Date.parse(startedAt) - ms).toISOString();
  const s = (resource, type, metric, level, result, since, extra = {}) => ({
    resource, type, metric, level, result, since, link: `https://grafana.example.com/d/${encodeURIComponent(resource)}`, ...extra,
  });
  const statuses = [
    s('Nightly backup', 'file-age', 'newest dump', 'ERROR', 'newest file is 3 days old (error > 26h)', at(3 * DAY), { tags: ['backups', 'prod'] }),
    s('billing-api', 'http', '', 'ERROR', 'status 503, expected 2xx', startedAt, { tags: ['prod'] }),
    s('Local database port', 'tcp', '', 'ERROR', 'connection refused by 127.0.0.1:5432', startedAt, { link: 'https://example.com/runbook/database' }),
    s('api.example.com', 'tls', 'certificate', 'WARNING', 'cert expires in 6 days (warn < 21)', at(10 * HOUR), { tags: ['prod'] }),
    s('Photo server disk', 'process', '/var', 'WARNING', 'DISK WARNING - /var 91% used (warn > 85%)', at(2 * DAY), {
      perfData: [
        { label: '/var', value: 91, uom: '%', warn: '85', crit: '95', min: 0, max: 100 },
        { label: '/home', value: 42, uom: '%', warn: '85', crit: '95', min: 0, max: 100 },
      ],
    }),
    s('Renewals and audits', 'trigger', 'Domain renewal (row 7)', 'WARNING', 'due in 5 days (Dec 1), warn 14 days before', at(9 * DAY), {
      link: 'https://docs.google.com/spreadsheets/d/SHEET/edit#gid=0&range=A7',
    }),
  ];
  for (let i = 1; i <= 12; i++) {
    statuses.push(s(`api ${i}`, 'http', 'health', 'OK', `status 200 in ${80 + i * 7} ms (warn > 800 ms)`, at((30 + i) * DAY), {
      tags: ['prod', i % 2 ? 'eu' : 'us'],
      perfData: [{ label: 'time', value: 80 + i * 7, uom: 'ms', warn: '800', crit: '2000' }],
    }));
  }
  for (const [name, type, result] of [
    ['Proof of life', 'proof-of-life', 'Backstop ran and can report'],
    ['Community water tank', 'process', 'level 72% (warn < 30%)'],
    ['Demo config freshness', 'file-age', 'changed 2 days ago (warn > 3650d)'],
    ['mail relay', 'tcp', 'port 587 answered in 12 ms'],
    ['orders export', 'json-age', 'updated 2 hours ago (warn > 26h)'],
    ['Renewals and audits', 'trigger', '14 rows checked, none due'],
    ['web shop', 'http', 'status 200 in 180 ms'],
    ['example.org', 'domain', 'registration expires in 211 days (warn < 30)'],
  ]) statuses.push(s(name, type, '', 'OK', result, at(40 * DAY)));
  const snoozed = [
    {
      ...s('legacy ftp', 'tcp', '', 'ERROR', 'connection refused by ftp.example.com:21', at(20 * DAY)),
      snooze: { resource: 'legacy ftp', until: new Date(now + 12 * DAY).toISOString().slice(0, 10), reason: 'being decommissioned, ticket OPS-142', source: 'user', createdAt: at(6 * DAY) },
    },
  ];
  return report(statuses, { startedAt, snoozed });
}

/** The same items, every one OK. */
export function allOk(now = Date.now()) {
  const base = morning(now);
  const statuses = base.statuses.map((status) => ({ ...status, level: 'OK', result: status.level === 'OK' ? status.result : 'back to normal', since: status.level === 'OK' ? status.since : base.startedAt }));
  return report(statuses, { startedAt: base.startedAt });
}

export function windowState(latest, extra = {}) {
  return { stale: false, configPath: '/home/sam/.config/backstop/backstop.yaml', configIssues: [], ...(latest ? { report: latest } : {}), ...extra };
}

/** `count` items, one in ten an ERROR or WARNING, already in report order. */
export function bigState(count, id = 'bench') {
  const levels = ['ERROR', 'WARNING', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK'];
  const now = Date.now();
  const statuses = Array.from({ length: count }, (_, i) => ({
    resource: `service ${i}`,
    type: 'http',
    metric: 'latency',
    level: levels[i % levels.length],
    result: `${100 + (i % 900)} ms (warn > 500)`,
    link: `https://grafana.example/d/${i}`,
    since: new Date(now - (i % 30) * DAY).toISOString(),
    ...(i % 7 === 0 ? { tags: ['prod'] } : {}),
  })).sort(byReportOrder);
  const started = new Date(now).toISOString();
  return windowState({ ...report(statuses, { startedAt: started, trigger: 'manual' }), id });
}

/** History for the detail strip: `count` runs, the item's level in each, oldest first. */
export function stripFor(latest, status, count) {
  const runs = [];
  for (let i = count - 1; i >= 0; i--) {
    const startedAt = new Date(Date.parse(latest.startedAt) - i * DAY).toISOString();
    const sinceMs = Date.parse(status.since);
    const level = Date.parse(startedAt) >= sinceMs ? status.level : i % 5 === 3 ? 'WARNING' : 'OK';
    runs.push({ id: runId(new Date(startedAt)), startedAt, level, result: level === status.level ? status.result : 'fine then' });
  }
  return { runs };
}

export function runList(latest, count = 14) {
  return Array.from({ length: count }, (_, i) => {
    const startedAt = new Date(Date.parse(latest.startedAt) - i * DAY).toISOString();
    return { id: i === 0 ? latest.id : runId(new Date(startedAt)), startedAt, finishedAt: startedAt, durationMs: 41_000, trigger: 'scheduled', counts: i === 0 ? latest.counts : { OK: 30, WARNING: 2, ERROR: i % 3 } };
  });
}
