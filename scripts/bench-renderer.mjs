// The results window's speed, measured in Chromium on the built window (`npm run build` first):
//   50,000 rows: first paint after the state arrives, and the slowest keystroke in the search,
//   each after a warm-up, over several fresh pages (median and worst).
// And the detail view's history: one item over the last 14 of 400 saved runs of 1,000 items.
// Prints figures; exits 1 if a target is missed. `npm run bench` runs it (scripts/bench.mjs).
/* global window, document, requestAnimationFrame -- page callbacks run in the browser */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { importSource } from './bench-lib.mjs';
import { bigState, findChromium, openWindow, serveDist, windowState } from './lib/window-fixtures.mjs';

const ROWS = 50_000;
const PAGES = 3;
const PAINTS_PER_PAGE = 3;
const KEY_ROUNDS = 3;
const FIRST_PAINT_MS = 600;
const KEYSTROKE_MS = 50;
const HISTORY_RUNS = 400;
const HISTORY_ITEMS = 1_000;
const HISTORY_MS = 250;

const executablePath = findChromium();
if (!executablePath) {
  console.error('bench-renderer: no Chromium (install it or set BACKSTOP_CHROMIUM)');
  process.exit(1);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const worst = (values) => Math.max(...values);
const ms = (value) => `${value.toFixed(1)} ms`;

// ---- the window -----------------------------------------------------------
const server = await serveDist();
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const states = Array.from({ length: PAINTS_PER_PAGE + 1 }, (_, round) => bigState(ROWS, `bench-${round}`));
const paints = [];
const keys = [];
for (let run = 0; run < PAGES; run++) {
  const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
  await openWindow(page, server.url, {
    getState: () => windowState(undefined),
    listRuns: () => [],
    itemHistory: () => ({ runs: [] }),
  });
  await page.waitForSelector('#empty:not([hidden])');
  // From the state arriving to the rows painted (the next frame), measured in the page; round 0 warms up.
  // Each state is handed to the page first: a 50,000-row argument to the timed call itself would time
  // Playwright's transfer of it, not the window.
  for (let round = 0; round <= PAINTS_PER_PAGE; round++) {
    await page.evaluate((next) => void (window.__next = next), states[round]);
    const time = await page.evaluate(async () => {
      const t0 = performance.now();
      window.__push('state', window.__next);
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return performance.now() - t0;
    });
    if (round > 0) paints.push(time);
  }
  // Each keystroke: input event, filter of every row, re-render, layout. Round 0 warms up.
  const times = await page.evaluate((rounds) => {
    const input = document.getElementById('search');
    const measured = [];
    for (let round = 0; round <= rounds; round++) {
      input.value = '';
      input.dispatchEvent(new Event('input'));
      for (const character of 'service 4321 latency') {
        const t0 = performance.now();
        input.value += character;
        input.dispatchEvent(new Event('input'));
        void document.body.offsetHeight;
        if (round > 0) measured.push(performance.now() - t0);
      }
    }
    return measured;
  }, KEY_ROUNDS);
  keys.push(...times);
  const shown = await page.textContent('#shown');
  const matching = states[0].report.statuses.filter((status) => ['service', '4321', 'latency'].every((token) => `${status.resource}\n${status.metric}`.includes(token))).length;
  if (shown !== `${matching} of ${ROWS}`) throw new Error(`bench-renderer: the search should leave ${matching} rows, the window says "${shown}"`);
  await page.close();
}
await browser.close();
await server.close();

console.log(`window, ${ROWS.toLocaleString('en-US')} rows, ${PAGES} pages × ${PAINTS_PER_PAGE} paints after a warm-up: first paint median ${ms(median(paints))}, worst ${ms(worst(paints))} (target < ${FIRST_PAINT_MS} ms)`);
console.log(`window, ${ROWS.toLocaleString('en-US')} rows, ${keys.length} keystrokes after a warm-up: filter median ${ms(median(keys))}, worst ${ms(worst(keys))} (target < ${KEYSTROKE_MS} ms)`);

// ---- the detail view's history ---------------------------------------------
const { saveRun, itemHistory, newRunId } = await importSource('main/engine/history.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'backstop-bench-history-'));
let historyWorst = Infinity;
try {
  const start = Date.parse('2026-01-01T04:00:00.000Z');
  for (let day = 0; day < HISTORY_RUNS; day++) {
    const startedAt = new Date(start + day * 86_400_000).toISOString();
    const statuses = Array.from({ length: HISTORY_ITEMS }, (_, i) => ({
      resource: `service ${i}`,
      type: 'http',
      metric: 'latency',
      level: (i + day) % 17 === 0 ? 'ERROR' : 'OK',
      result: `${100 + ((i * day) % 900)} ms (warn > 500)`,
      link: `https://grafana.example/d/${i}`,
      since: startedAt,
    }));
    const report = {
      id: newRunId(new Date(startedAt)),
      version: 1,
      startedAt,
      finishedAt: startedAt,
      durationMs: 1,
      trigger: 'scheduled',
      configPath: '/bench.yaml',
      timezone: 'UTC',
      statuses,
      snoozed: [],
      counts: { OK: HISTORY_ITEMS, WARNING: 0, ERROR: 0 },
      health: { total: HISTORY_ITEMS, timedOut: [], crashed: [], deadlineHit: false, notes: [] },
    };
    await saveRun(dataDir, report, HISTORY_RUNS + 1);
  }
  const reads = [];
  for (let round = 0; round < 6; round++) {
    const t0 = performance.now();
    const history = await itemHistory(dataDir, { resource: `service ${round * 97}`, metric: 'latency' }, { count: 14 });
    const time = performance.now() - t0;
    if (history.runs.length !== 14) throw new Error(`bench-renderer: expected 14 runs of history, got ${history.runs.length}`);
    if (round > 0) reads.push(time);
  }
  console.log(
    `detail view history: one item over the last 14 of ${HISTORY_RUNS} runs of ${HISTORY_ITEMS.toLocaleString('en-US')} items: median ${ms(median(reads))}, worst ${ms(worst(reads))} over ${reads.length} reads after a warm-up (target < ${HISTORY_MS} ms)`,
  );
  historyWorst = worst(reads);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const missed = worst(paints) >= FIRST_PAINT_MS || worst(keys) >= KEYSTROKE_MS || historyWorst >= HISTORY_MS;
if (missed) console.log('window: target missed');
process.exit(missed ? 1 : 0);
