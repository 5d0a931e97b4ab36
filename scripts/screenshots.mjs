// Screenshots of the results window in its main states at 420, 640, 900 and 1280 px wide,
// dark and light, and at 200 % zoom, so anyone can look at what a person sees.
//   npm run screenshots            (builds first; writes screenshots/window-<state>-<width>[-light].png)
//   node scripts/screenshots.mjs detail stale    (only those states, without building)
// Not part of npm test: a person looks at these. Needs Chromium (/usr/bin/chromium or BACKSTOP_CHROMIUM).
/* global document, requestAnimationFrame -- page callbacks run in the browser */
import { mkdirSync, rmSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { allOk, findChromium, morning, openWindow, report, runList, serveDist, stripFor, windowState } from './lib/window-fixtures.mjs';

const OUT = 'screenshots';
const WIDTHS = [420, 640, 900, 1280];
const HEIGHT = 800;

const executablePath = findChromium();
if (!executablePath) {
  console.error('screenshots: no Chromium found; install it (`apt-get install -y chromium`) or set BACKSTOP_CHROMIUM');
  process.exit(1);
}

const now = Date.now();
const latest = morning(now);
const earlier = report(
  latest.statuses.map((status) => (Date.parse(status.since) >= Date.parse(latest.startedAt) - 86_400_000 ? { ...status, level: 'OK', result: 'fine then' } : status)),
  { startedAt: new Date(Date.parse(latest.startedAt) - 3 * 86_400_000).toISOString() },
);
const runs = runList(latest);
runs[3] = { ...runs[3], id: earlier.id, startedAt: earlier.startedAt, counts: earlier.counts };

const configIssues = Array.from({ length: 25 }, (_, i) => ({
  severity: 'error',
  path: `resources[${i + 3}].maxAge`,
  message: `resource \`backup ${i + 1}\` (file-age): \`maxAge\` must be a duration like "26h", got "yesterday"`,
}));

const stale = report(latest.statuses, { startedAt: new Date(now - 3 * 86_400_000).toISOString() });

/** Each state: what getState answers, and what to do in the page before the picture. */
const STATES = {
  normal: { state: windowState(latest, { nextRunAt: new Date(now + 20 * 3_600_000).toISOString() }) },
  'all-ok': { state: windowState(allOk(now)) },
  empty: { state: windowState(undefined, { nextRunAt: new Date(now + 20 * 3_600_000).toISOString() }), runs: [] },
  'config-errors': { state: windowState(latest, { configIssues }) },
  stale: { state: windowState(stale, { stale: true }), runs: runList(stale) },
  trouble: {
    state: windowState({
      ...latest,
      health: { ...latest.health, deadlineHit: true, timedOut: ['orders export', 'web shop'], crashed: ['queue depth (module)'], notes: ['history file was damaged (Unexpected end of JSON input) and moved to /home/sam/.local/share/backstop/runs/damaged/x.json'] },
    }),
  },
  running: { state: windowState(latest, { progress: { done: 17, total: 32, running: [{ resource: 'Nightly backup', elapsedMs: 4_200 }, { resource: 'api 7', elapsedMs: 1_100 }] } }) },
  history: {
    state: windowState(latest),
    act: async (page) => {
      await page.waitForFunction(() => document.querySelectorAll('#history option').length > 1);
      await page.selectOption('#history', earlier.id);
      await page.waitForSelector('#history-note:not([hidden])');
    },
  },
  detail: {
    state: windowState(latest),
    act: async (page) => {
      await page.focus('#grid');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#detail-strip .mark');
    },
  },
  snooze: {
    state: windowState(latest),
    act: async (page) => {
      await page.focus('#grid');
      await page.keyboard.press('s');
      await page.waitForSelector('#snooze-dialog[open]');
    },
  },
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in STATES));
if (unknown.length) {
  console.error(`screenshots: no state ${unknown.join(', ')}; the states are ${Object.keys(STATES).join(', ')}`);
  process.exit(1);
}
const chosen = (name) => only.length === 0 || only.includes(name);
if (only.length === 0) rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const server = await serveDist();
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });

async function shoot(name, setup, { width, height = HEIGHT, colorScheme = 'dark', scale = 1, suffix = '' }) {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme, deviceScaleFactor: scale });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openWindow(page, server.url, {
    getState: () => setup.state,
    listRuns: () => setup.runs ?? runs,
    readRun: (id) => (id === earlier.id ? earlier : latest),
    runNow: () => undefined,
    openLink: () => true,
    openConfig: () => undefined,
    snooze: () => ({ ok: true }),
    unsnooze: () => undefined,
    itemHistory: (request) => {
      const status = [...latest.statuses, ...latest.snoozed].find((item) => item.resource === request.resource && item.metric === request.metric);
      return status ? stripFor(latest, status, request.count) : { runs: [] };
    },
  });
  await page.waitForSelector('#list-panel:not([hidden]), #empty:not([hidden])');
  if (setup.act) await setup.act(page);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const file = `${OUT}/window-${name}-${width}${suffix}.png`;
  await page.screenshot({ path: file });
  if (errors.length) console.log(`  ${file}: page errors: ${errors.join('; ')}`);
  else console.log(`  ${file}`);
  await page.close();
}

for (const [name, setup] of Object.entries(STATES)) {
  if (!chosen(name)) continue;
  for (const width of WIDTHS) await shoot(name, setup, { width });
  await shoot(name, setup, { width: 1280, colorScheme: 'light', suffix: '-light' });
}
// 200 % zoom of a 1280 × 800 window: 640 × 400 CSS pixels, each drawn twice as large.
for (const name of ['normal', 'detail', 'config-errors', 'stale'].filter(chosen)) await shoot(name, STATES[name], { width: 640, height: 400, scale: 2, suffix: '-zoom200' });

await browser.close();
await server.close();
console.log(`screenshots: written to ${OUT}/`);
