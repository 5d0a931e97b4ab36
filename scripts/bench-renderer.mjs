// The results window's speed targets, measured in Chromium on the built window (run `npm run build` first):
//   5,000 statuses: first paint under 300 ms after the state arrives; filtering under 50 ms per keystroke.
// Prints figures; exits 1 if a target is missed. The lead's `npm run bench` can call it: `node scripts/bench-renderer.mjs`.
/* global window, document, requestAnimationFrame -- page.evaluate callbacks run in the browser */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const FIRST_PAINT_MS = 300;
const KEYSTROKE_MS = 50;
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const executablePath = [process.env.BACKSTOP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!executablePath) {
  console.error('bench-renderer: no Chromium (install it or set BACKSTOP_CHROMIUM)');
  process.exit(1);
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((request, response) => {
  const path = normalize(join(dist, new URL(request.url, 'http://x').pathname));
  if (!path.startsWith(dist + sep) || !existsSync(path)) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));

function state(count, id) {
  const levels = ['ERROR', 'WARNING', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK'];
  const rank = { ERROR: 0, WARNING: 1, OK: 2 };
  const statuses = Array.from({ length: count }, (_, i) => ({
    resource: `service ${String(i).padStart(4, '0')}`,
    type: 'http',
    metric: 'latency',
    level: levels[i % levels.length],
    result: `${100 + (i % 900)} ms (warn > 500)`,
    link: `https://grafana.example/d/${i}`,
    since: new Date(Date.now() - (i % 30) * 86_400_000).toISOString(),
  })).sort((a, b) => rank[a.level] - rank[b.level] || a.resource.localeCompare(b.resource, 'en'));
  const counts = { OK: 0, WARNING: 0, ERROR: 0 };
  for (const status of statuses) counts[status.level]++;
  const now = new Date().toISOString();
  return {
    stale: false,
    configPath: '/bench/backstop.yaml',
    configIssues: [],
    report: { id, version: 1, startedAt: now, finishedAt: now, durationMs: 1234, trigger: 'manual', configPath: '/bench/backstop.yaml', timezone: 'UTC', statuses, snoozed: [], counts, health: { total: count, timedOut: [], crashed: [], deadlineHit: false, notes: [] } },
  };
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
await page.addInitScript(() => {
  const listeners = [];
  const empty = { stale: false, configPath: '/bench/backstop.yaml', configIssues: [] };
  window.__push = (payload) => listeners.forEach((listener) => listener(payload));
  window.backstop = {
    getState: async () => empty,
    listRuns: async () => [],
    readRun: async () => { throw new Error('none'); },
    runNow: async () => undefined,
    openLink: async () => true,
    openConfig: async () => undefined,
    snooze: async () => ({ ok: true }),
    unsnooze: async () => undefined,
    onState: (listener) => (listeners.push(listener), () => undefined),
    onProgress: () => () => undefined,
  };
});
await page.goto(`http://127.0.0.1:${server.address().port}/renderer/index.html`);
await page.waitForSelector('#empty:not([hidden])');

const paints = [];
for (let round = 0; round < 5; round++) {
  paints.push(
    await page.evaluate(async (next) => {
      const t0 = performance.now();
      window.__push(next);
      void document.body.offsetHeight;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return performance.now() - t0;
    }, state(5_000, `bench-${round}`)),
  );
}
const keys = await page.evaluate(() => {
  const input = document.getElementById('search');
  const times = [];
  for (let round = 0; round < 3; round++) {
    input.value = '';
    input.dispatchEvent(new Event('input'));
    for (const character of 'service 4321 latency') {
      const t0 = performance.now();
      input.value += character;
      input.dispatchEvent(new Event('input'));
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
    }
  }
  return times;
});
await browser.close();
server.close();

const sorted = (values) => [...values].sort((a, b) => a - b);
const firstPaint = paints[0];
const worstKey = sorted(keys).at(-1);
const medianKey = sorted(keys)[Math.floor(keys.length / 2)];
console.log(`window, 5,000 rows: first paint ${firstPaint.toFixed(1)} ms (later repaints ${paints.slice(1).map((t) => t.toFixed(0)).join(', ')} ms), target < ${FIRST_PAINT_MS}`);
console.log(`window, 5,000 rows: filter per keystroke median ${medianKey.toFixed(2)} ms, worst ${worstKey.toFixed(2)} ms over ${keys.length} keys, target < ${KEYSTROKE_MS}`);
const missed = firstPaint >= FIRST_PAINT_MS || worstKey >= KEYSTROKE_MS;
if (missed) console.log('window: target missed');
process.exit(missed ? 1 : 0);
