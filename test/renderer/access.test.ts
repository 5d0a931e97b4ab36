/**
 * The results window for keyboard, screen-reader and small-screen users, in real
 * Chromium over the real handlers and engine (harness.ts): one tab stop for the
 * list, a complete grid, every action by keyboard, nothing clipped at narrow
 * widths or 200 % zoom, bounded banners, and axe-core on every state.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { axeViolations } from '../helpers/axe.js';
import { hasChromium } from '../helpers/chromium.js';
import { listSnoozes } from '../../main/engine/snooze.js';
import { compareStatuses, countLevels } from '../../shared/levels.js';
import type { Status } from '../../shared/types.js';
import { addDays, calendarDate, dateAndTime } from '../../shared/words.js';
import { appWithHistory, bridgeFor, openWindow, rowsReady, settle, startApp, TEST_CONFIG, visibleRows, windowSuite, type WindowSuite } from './harness.js';

const DAY = 86_400_000;

/** What has focus: its id, or its tag and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.id || `${element?.tagName.toLowerCase()}:${element?.textContent?.trim().slice(0, 40)}`;
  });

/**
 * Everything that would be cut off or pushed out of view, at the current size. With `names`,
 * an item's name cut short (an ellipsis, even by a fraction of a pixel) counts too.
 */
function clipped(page: Page, { names = false }: { names?: boolean } = {}): Promise<string[]> {
  return page.evaluate((checkNames) => {
    const problems: string[] = [];
    // The width the text needs, which an ellipsis hides from scrollWidth when it is cut by less than a pixel.
    const textWidth = (element: Element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return range.getBoundingClientRect().width;
    };
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${viewport}`);
    const inView = (element: Element, name: string) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) problems.push(`${name} has no size`);
      if (box.left < -0.5 || box.right > viewport + 0.5) problems.push(`${name} is outside the window (${Math.round(box.left)}–${Math.round(box.right)} of ${viewport})`);
    };
    inView(document.getElementById('run-now')!, 'Run now');
    for (const row of document.querySelectorAll<HTMLElement>('#rows .row:not([hidden])')) {
      const rowBox = row.getBoundingClientRect();
      const grid = document.getElementById('grid')!.getBoundingClientRect();
      if (rowBox.bottom < grid.top || rowBox.top > grid.bottom) continue;
      const name = row.querySelector('.name')!.textContent;
      for (const selector of ['a.investigate:not([hidden])', '.since', '.level-text', 'button.snooze:not(.unavailable)']) {
        const element = row.querySelector<HTMLElement>(selector);
        if (!element) continue;
        const box = element.getBoundingClientRect();
        if (getComputedStyle(element).visibility === 'hidden' || box.width === 0) problems.push(`${name}: ${selector} is hidden`);
        if (box.left < rowBox.left - 0.5 || box.right > rowBox.right + 0.5) problems.push(`${name}: ${selector} sticks out of its row`);
        if (element.scrollWidth > element.clientWidth + 1 && selector !== '.since') problems.push(`${name}: ${selector} is cut ("${element.textContent}")`);
        // The cell that holds it must not cut it either.
        const cell = element.closest('.cell')!.getBoundingClientRect();
        if (box.left < cell.left - 0.5 || box.right > cell.right + 0.5) problems.push(`${name}: ${selector} is cut by its cell`);
      }
      const since = row.querySelector<HTMLElement>('.since')!;
      if (since.textContent && textWidth(since) > since.clientWidth + 0.5) problems.push(`${name}: since is cut ("${since.textContent}")`);
      const nameElement = row.querySelector<HTMLElement>('.name')!;
      if (checkNames && textWidth(nameElement) > nameElement.getBoundingClientRect().width + 0.5) problems.push(`${name}: the name is cut`);
      // A tag shows whole or not at all: one cut in half ("#pro") reads as another tag.
      const tagsBox = row.querySelector('.tags')!.getBoundingClientRect();
      const subBox = row.querySelector('.sub')!.getBoundingClientRect();
      for (const tag of row.querySelectorAll<HTMLElement>('.tag')) {
        const box = tag.getBoundingClientRect();
        const onShownLine = box.top < tagsBox.bottom - 0.5 && box.top < subBox.bottom - 0.5;
        if (onShownLine && (box.right > tagsBox.right + 0.5 || box.right > subBox.right + 0.5)) problems.push(`${name}: tag "${tag.textContent}" is cut`);
      }
    }
    return problems;
  }, names);
}

/**
 * The suite's latest run with items that are hard to lay out: a name with a New badge, tags
 * that do not all fit beside a name on a phone, and an age at its longest wording.
 */
function awkwardState(suite: WindowSuite) {
  const latest = suite.app.ctx.model.state.latest!;
  const at = (ms: number) => new Date(Date.parse(latest.startedAt) + ms).toISOString();
  const item = (resource: string, fields: Partial<Status>): Status => ({
    resource,
    type: 'http',
    metric: '',
    level: 'OK',
    result: 'status 200 in 120 ms',
    link: `https://status.example/${encodeURIComponent(resource)}`,
    since: at(-9 * DAY),
    ...fields,
  });
  const statuses = [
    item('Local database port', { type: 'tcp', level: 'ERROR', result: 'connection refused by 127.0.0.1:5432', since: latest.startedAt }),
    item('Nightly backup', { type: 'file-age', metric: 'newest dump', level: 'ERROR', result: 'newest file is 3 days old (error > 26h)', tags: ['backups', 'prod'] }),
    // Entered its level "after" this run ended (a clock set back): the age reads `for less than a second`.
    item('Renewals and audits', { type: 'trigger', metric: 'Domain renewal', level: 'WARNING', result: 'due in 5 days', since: at(DAY) }),
    ...Array.from({ length: 12 }, (_, i) => item(`api ${i + 1}`, { metric: 'health', tags: ['prod', i % 2 ? 'us' : 'eu'] })),
  ].sort(compareStatuses);
  return { stale: false, configPath: suite.app.configPath, configIssues: [], report: { ...latest, statuses, snoozed: [], counts: countLevels(statuses) } };
}

describe.skipIf(!hasChromium)('keyboard, screen readers and small screens (Chromium)', () => {
  const suite = windowSuite();

  it('makes the list one tab stop: arrows move inside it, and Tab never lands on a row or a hidden one', async () => {
    const big = { ...suite.app.ctx.model.state.latest! };
    const template = big.statuses[0]!;
    const statuses = Array.from({ length: 400 }, (_, i) => ({ ...template, resource: `service ${i}`, level: 'OK' as const }));
    const state = { stale: false, configPath: suite.app.configPath, configIssues: [], report: { ...big, statuses, snoozed: [], counts: { OK: 400, WARNING: 0, ERROR: 0 } } };
    const { page } = await openWindow(suite.browser, suite.server.url, { ...bridgeFor(suite.app), getState: () => state });
    await rowsReady(page);
    await page.focus('#search');
    const stops: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused(page));
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#rows')))).toBe(false);
    }
    // Search, order, tag, the grid, then out of the list (back to the header): one stop for 400 rows.
    expect(stops.slice(0, 3)).toEqual(['sort', 'tag-filter', 'grid']);
    expect(stops.filter((stop) => stop === 'grid')).toHaveLength(1);
    expect(await page.$$eval('#rows a, #rows button', (controls) => controls.filter((control) => (control as HTMLElement).tabIndex >= 0).length)).toBe(0);

    // Arrows inside; the grid names the active row, which exists, is shown and is a row of the grid.
    await page.focus('#grid');
    await page.keyboard.press('End');
    await settle(page);
    const active = async () =>
      page.evaluate(() => {
        const grid = document.getElementById('grid')!;
        const row = document.getElementById(grid.getAttribute('aria-activedescendant') ?? '');
        return {
          role: grid.getAttribute('role'),
          rowCount: grid.getAttribute('aria-rowcount'),
          rowRole: row?.getAttribute('role'),
          rowIndex: row?.getAttribute('aria-rowindex'),
          selected: row?.getAttribute('aria-selected'),
          hidden: row ? row.hidden : true,
          name: row?.querySelector('.name')?.textContent,
          cellRoles: [...(row?.children ?? [])].map((cell) => cell.getAttribute('role')),
        };
      });
    expect(await active()).toEqual({
      role: 'grid',
      rowCount: '401',
      rowRole: 'row',
      rowIndex: '401',
      selected: 'true',
      hidden: false,
      name: 'service 399',
      cellRoles: Array(6).fill('gridcell'),
    });
    await page.keyboard.press('Home');
    await page.keyboard.press('PageDown');
    await settle(page);
    expect(Number((await active()).rowIndex)).toBeGreaterThan(3);
    await page.keyboard.press('ArrowUp');
    await settle(page);
    const after = await active();
    expect(after.hidden).toBe(false);
    expect(after.selected).toBe('true');
    // The highlight is the focus: the one selected row is the active one.
    expect(await page.$$eval('#rows .row.selected:not([hidden])', (rows) => rows.map((row) => row.querySelector('.name')!.textContent))).toEqual([after.name]);
    await page.close();
  });

  it('goes from the search box to the first match with ↓ or Enter, whichever row was active before', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    await page.focus('#grid');
    await page.keyboard.press('End');
    for (const key of ['ArrowDown', 'Enter']) {
      await page.keyboard.press('/');
      expect(await focused(page)).toBe('search');
      await page.keyboard.press('Control+A');
      // "e" matches several rows; the active one (the last, then the second) is not the first.
      await page.keyboard.type('e');
      const first = (await visibleRows(page))[0]!.resource;
      expect((await visibleRows(page)).length).toBeGreaterThan(2);
      await page.keyboard.press(key);
      expect(await focused(page)).toBe('grid');
      expect(await page.textContent('#rows .row.selected .name'), key).toBe(first);
      await page.keyboard.press('ArrowDown');
    }
    await page.close();
  });

  it('draws the focus ring inside the active row, so nothing clips it', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    await page.focus('#tag-filter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('grid');
    const ring = await page.$eval('#rows .row.selected', (row) => {
      const style = getComputedStyle(row);
      return { style: style.outlineStyle, width: style.outlineWidth, offset: style.outlineOffset };
    });
    expect(ring).toEqual({ style: 'solid', width: '2px', offset: '-2px' });
    await page.close();
  });

  it('does everything by keyboard: filters, detail, investigate, snooze, unsnooze, history and back', async () => {
    const keyed = await appWithHistory();
    try {
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(keyed), { app: keyed });
      await rowsReady(page);
      const latest = keyed.ctx.model.state.latest!;

      // Level filter: Tab to the OK chip, Space turns it off.
      await page.focus('#counts [data-level="OK"]');
      await page.keyboard.press('Space');
      expect((await visibleRows(page)).every((row) => row.level !== 'OK')).toBe(true);
      await page.keyboard.press('Space');

      // Detail and investigate.
      await page.focus('#grid');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#detail[open]');
      keyed.opened.length = 0;
      await page.focus('#detail-investigate');
      await page.keyboard.press('Enter');
      expect(keyed.opened).toEqual([latest.statuses[0]!.link]);
      await page.keyboard.press('Escape');
      await page.keyboard.press('o');
      expect(keyed.opened).toEqual([latest.statuses[0]!.link, latest.statuses[0]!.link]);

      // Snooze: `s`, type a reason, Enter.
      const first = latest.statuses[0]!;
      await page.keyboard.press('s');
      await page.waitForSelector('#snooze-dialog[open]');
      expect(await focused(page)).toBe('snooze-reason');
      await page.keyboard.type('Vendor is on it, OPS-7');
      await page.focus('#snooze-submit');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#snooze-dialog', { state: 'hidden' });
      expect(await listSnoozes(keyed.dataDir)).toMatchObject([{ resource: first.resource, metric: first.metric, reason: 'Vendor is on it, OPS-7' }]);
      expect(await focused(page)).toBe('grid');

      // Unsnooze: Tab to the snoozed list (open it with Enter), then to its button.
      await page.waitForSelector('#snoozed:not([hidden])');
      await page.focus('#snoozed summary');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Details of /);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Unsnooze /);
      await page.keyboard.press('Enter');
      await expect.poll(() => listSnoozes(keyed.dataDir)).toEqual([]);

      // History: pick the earlier run with the keyboard, then Back to latest keeps focus on the list.
      await expect.poll(() => page.$$eval('#history option', (options) => options.length)).toBe(2);
      await page.focus('#history');
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector('#history-note:not([hidden])');
      await page.focus('#back-to-latest');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#history-note', { state: 'hidden' });
      expect(await focused(page)).toBe('grid');
      await page.close();
    } finally {
      keyed.close();
    }
  });

  it('names every link and button after its item, so no two read the same', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    const names = await page.$$eval('#rows .row:not([hidden])', (rows) =>
      rows.flatMap((row) => [...row.querySelectorAll('a.investigate:not([hidden]), button.snooze:not(.unavailable)')].map((control) => control.getAttribute('aria-label'))),
    );
    expect(names.length).toBeGreaterThan(4);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Investigate Nightly backup');
    expect(names).toContain('Investigate Queue: dead-letters');
    await page.close();
  });

  for (const size of [
    { name: '420 px', viewport: { width: 420, height: 800 } },
    { name: '640 px', viewport: { width: 640, height: 800 } },
    { name: '900 px', viewport: { width: 900, height: 800 } },
    { name: '1280 px at 200 % zoom', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
  ]) {
    it(`stacks rows and cuts nothing at ${size.name}; Run now stays in view`, async () => {
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app), size);
      await rowsReady(page);
      expect(await clipped(page)).toEqual([]);
      // Stacked: the result sits under the item, not beside it.
      const layout = await page.$eval('#rows .row:not([hidden])', (row) => ({
        name: row.querySelector('.name')!.getBoundingClientRect().bottom,
        result: row.querySelector('.result')!.getBoundingClientRect().top,
      }));
      expect(layout.result).toBeGreaterThanOrEqual(layout.name - 1);
      // And the list scrolls to its last row with every part of it in view.
      await page.focus('#grid');
      await page.keyboard.press('End');
      await settle(page);
      expect(await clipped(page)).toEqual([]);
      await page.close();
    });
  }

  for (const { width, names } of [
    { width: 420, names: true },
    { width: 640, names: true },
    { width: 900, names: true },
    // Just above the width where rows stack: the table must fit (it used to push Snooze out of the window up to 950 px).
    { width: 961, names: false },
    // The size the app opens at.
    { width: 1100, names: true },
    { width: 1280, names: true },
  ]) {
    it(`fits every part of a row at ${width} px: nothing sticks out, no tag is cut in half, no age is cut${names ? ', no name is cut' : ''}`, async () => {
      const state = awkwardState(suite);
      const { page } = await openWindow(suite.browser, suite.server.url, { ...bridgeFor(suite.app), getState: () => state }, { viewport: { width, height: 800 } });
      await rowsReady(page);
      await expect.poll(() => page.$$eval('#rows .new-badge:not([hidden])', (badges) => badges.length)).toBe(2);
      expect(await page.textContent('#rows .row:has(.name:text-is("Renewals and audits")) .since')).toBe('for less than a second');
      expect(await clipped(page, { names })).toEqual([]);
      expect(await page.evaluate(() => document.getElementById('grid')!.scrollWidth - document.getElementById('grid')!.clientWidth)).toBe(0);
      await page.close();
    });
  }

  it('shows the whole label of each run in the history menu when the window has room', async () => {
    const runs = await suite.app.ctx.engine.listRuns(suite.app.dataDir);
    const busy = runs.map((run, index) => (index === 0 ? run : { ...run, counts: { ERROR: 12, WARNING: 13, OK: 300 } }));
    const { page } = await openWindow(suite.browser, suite.server.url, { ...bridgeFor(suite.app), listRuns: () => busy }, { viewport: { width: 1280, height: 800 } });
    await rowsReady(page);
    await expect.poll(() => page.$$eval('#history option', (options) => options.length)).toBe(2);
    const fit = await page.$eval('#history', (select) => {
      const style = getComputedStyle(select);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const label = (select as HTMLSelectElement).options[1]!.text;
      // Padding, border and the menu's arrow take about 32 px.
      return { label, needs: Math.ceil(context.measureText(label).width) + 32, has: select.getBoundingClientRect().width };
    });
    expect(fit.label).toMatch(/ — 12 errors, 13 warnings$/);
    expect(fit.has, fit.label).toBeGreaterThanOrEqual(fit.needs);
    expect(await clipped(page)).toEqual([]);
    await page.close();
  });

  for (const width of [1100, 1280]) {
    it(`keeps the headline and when the run happened on one line each at ${width} px, however wide the history menu would like to be`, async () => {
      const runs = await suite.app.ctx.engine.listRuns(suite.app.dataDir);
      const busy = runs.map((run, index) => (index === 0 ? run : { ...run, counts: { ERROR: 12, WARNING: 13, OK: 300 } }));
      const state = awkwardState(suite);
      const backup = state.report.statuses.find((status) => status.resource === 'Nightly backup')!;
      const snoozed = { ...state, report: { ...state.report, snoozed: [{ ...backup, resource: 'legacy ftp', snooze: { resource: 'legacy ftp', until: '2099-01-01', reason: 'decommissioned', source: 'user' as const } }] } };
      const { page } = await openWindow(suite.browser, suite.server.url, { ...bridgeFor(suite.app), getState: () => snoozed, listRuns: () => busy }, { viewport: { width, height: 800 } });
      await rowsReady(page);
      await expect.poll(() => page.$$eval('#history option', (options) => options.length)).toBe(2);
      expect(await page.textContent('#headline-text')).toBe('3 of 15 checks need attention (1 snoozed)');
      const lines = (id: string) =>
        page.$eval(`#${id}`, (element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        });
      expect(await lines('headline-text')).toBe(1);
      expect(await lines('run-meta')).toBe(1);
      expect(await clipped(page)).toEqual([]);
      await page.close();
    });
  }

  it('keeps the keyboard focus on Run now while it runs, and brings it to the list when the stale banner or the empty state goes away', async () => {
    const stale = await appWithHistory();
    try {
      stale.setNow(new Date(Date.now() + 3 * DAY));
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(stale), { app: stale });
      await rowsReady(page);
      const runs = async () => (await stale.ctx.engine.listRuns(stale.dataDir)).length;
      const before = await runs();

      // The stale banner's Run now: the banner goes once the run is in, and the focus lands on the list.
      await page.waitForSelector('#stale:not([hidden])');
      await page.focus('#stale-run');
      await page.keyboard.press('Enter');
      await expect.poll(runs, { timeout: 15_000 }).toBe(before + 1);
      await expect.poll(() => page.isVisible('#stale')).toBe(false);
      await expect.poll(() => focused(page)).toBe('grid');

      // The header's Run now says Running… while it runs, and keeps the focus throughout.
      await page.focus('#run-now');
      await page.keyboard.press('Enter');
      await expect.poll(runs, { timeout: 15_000 }).toBe(before + 2);
      await page.waitForSelector('#progress', { state: 'hidden' });
      expect(await page.getAttribute('#run-now', 'aria-disabled')).toBe('false');
      expect(await focused(page)).toBe('run-now');
      await page.close();
    } finally {
      stale.close();
    }

    const fresh = await startApp(TEST_CONFIG);
    try {
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(fresh), { app: fresh });
      await page.waitForSelector('#empty:not([hidden])');
      await page.focus('#empty-run');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#rows .row:not([hidden])', { timeout: 15_000 });
      await expect.poll(() => focused(page)).toBe('grid');
      await page.close();
    } finally {
      fresh.close();
    }
  }, 60_000);

  it('gives the focus back to the Details button under Snoozed when its detail view closes', async () => {
    const snoozing = await appWithHistory();
    try {
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(snoozing), { app: snoozing });
      await rowsReady(page);
      const first = snoozing.ctx.model.state.latest!.statuses[0]!;
      const today = calendarDate(new Date(), 'UTC');
      expect(await bridgeFor(snoozing).snooze({ resource: first.resource, metric: first.metric, until: addDays(today, 7), reason: 'vendor is on it' } as never)).toMatchObject({ ok: true });
      await page.waitForSelector('#snoozed:not([hidden])');
      await page.focus('#snoozed summary');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      expect(label).toMatch(/^Details of /);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#detail[open]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#detail', { state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(label);
      await page.close();
    } finally {
      snoozing.close();
    }
  });

  it('shows the time an item entered its level in the zone of the report, in the row as in the detail view', async () => {
    const state = awkwardState(suite);
    const zoned = { ...state, report: { ...state.report, timezone: 'Asia/Kathmandu' } };
    const { page } = await openWindow(suite.browser, suite.server.url, { ...bridgeFor(suite.app), getState: () => zoned });
    await rowsReady(page);
    const backup = zoned.report.statuses.find((status) => status.resource === 'Nightly backup')!;
    const row = '#rows .row:has(.name:text-is("Nightly backup"))';
    expect(await page.getAttribute(`${row} .since`, 'title')).toBe(dateAndTime(backup.since, 'Asia/Kathmandu'));
    await page.click(`${row} .result`);
    await page.waitForSelector('#detail[open]');
    expect(await page.getAttribute('#detail-since', 'title')).toBe(dateAndTime(backup.since, 'Asia/Kathmandu'));
    await page.close();
  });

  it('bounds a banner of 25 config errors: the list stays in view, the banner scrolls and shows all on request', async () => {
    const broken = await startApp(TEST_CONFIG);
    try {
      await broken.runs.run('manual');
      const bad = Array.from({ length: 25 }, (_, i) => `  - { name: "Bad ${i}", type: http, url: ${i} }`).join('\n');
      writeFileSync(broken.configPath, `${TEST_CONFIG}${bad}\n`);
      await broken.config.reload();
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(broken), { app: broken, viewport: { width: 1000, height: 700 } });
      await page.waitForSelector('#config-issues:not([hidden])');
      await rowsReady(page);
      expect(await page.$$eval('#config-issues-list li', (items) => items.length)).toBe(25);
      const sizes = () =>
        page.evaluate(() => ({
          banner: document.getElementById('config-issues')!.getBoundingClientRect().height,
          body: (() => {
            const body = document.querySelector<HTMLElement>('#config-issues .banner-body')!;
            return { scrolls: body.scrollHeight > body.clientHeight, tabIndex: body.tabIndex, role: body.getAttribute('role') };
          })(),
          grid: document.getElementById('grid')!.getBoundingClientRect().height,
        }));
      const bounded = await sizes();
      expect(bounded.banner).toBeLessThan(260);
      expect(bounded.grid).toBeGreaterThan(200);
      // A scrolling region is reachable by keyboard to be scrolled.
      expect(bounded.body).toEqual({ scrolls: true, tabIndex: 0, role: 'region' });
      expect(await page.textContent('#config-issues .show-all')).toBe('Show all 25');
      await page.click('#config-issues .show-all');
      const open = await sizes();
      expect(open.body.scrolls).toBe(false);
      expect(open.banner).toBeGreaterThan(bounded.banner + 200);
      expect(await page.textContent('#config-issues .show-all')).toBe('Show less');
      expect(await page.getAttribute('#config-issues .show-all', 'aria-expanded')).toBe('true');
      await page.close();
    } finally {
      broken.close();
    }
  });

  describe('axe-core finds no violation', () => {
    const states: { name: string; setup: (page: Page) => Promise<void>; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; app?: 'fresh' | 'stale' | 'broken' | 'allok' }[] = [
      { name: 'the list (dark)', setup: rowsReady },
      { name: 'the list (light)', setup: rowsReady, colorScheme: 'light' },
      { name: 'the list at 420 px', setup: rowsReady, viewport: { width: 420, height: 800 } },
      { name: 'all OK', setup: rowsReady, app: 'allok', colorScheme: 'light' },
      { name: 'no report yet', setup: (page) => page.waitForSelector('#empty:not([hidden])').then(() => undefined), app: 'fresh' },
      { name: 'config errors', setup: (page) => page.waitForSelector('#config-issues:not([hidden])').then(() => undefined), app: 'broken' },
      { name: 'stale (dark)', setup: (page) => page.waitForSelector('#stale:not([hidden])').then(() => undefined), app: 'stale' },
      { name: 'stale (light)', setup: (page) => page.waitForSelector('#stale:not([hidden])').then(() => undefined), app: 'stale', colorScheme: 'light' },
      {
        name: 'an earlier run from the history',
        setup: async (page) => {
          await rowsReady(page);
          await expect.poll(() => page.$$eval('#history option', (options) => options.length)).toBe(2);
          await page.selectOption('#history', { index: 1 });
          await page.waitForSelector('#history-note:not([hidden])');
        },
      },
      {
        name: 'the detail view',
        setup: async (page) => {
          await rowsReady(page);
          await page.click('#rows .row:has(.name:text-is("Disk space")) .result');
          await page.waitForSelector('#detail-strip .mark');
        },
      },
      {
        name: 'the detail view (light, 420 px)',
        colorScheme: 'light',
        viewport: { width: 420, height: 800 },
        setup: async (page) => {
          await rowsReady(page);
          await page.focus('#grid');
          await page.keyboard.press('Enter');
          await page.waitForSelector('#detail-strip .mark');
        },
      },
      {
        name: 'the snooze dialog with errors',
        setup: async (page) => {
          await rowsReady(page);
          await page.focus('#grid');
          await page.keyboard.press('s');
          await page.waitForSelector('#snooze-dialog[open]');
          await page.click('#snooze-submit');
          await page.waitForSelector('#snooze-reason-error:not(:empty)');
        },
      },
    ];

    for (const state of states) {
      it(state.name, async () => {
        const made =
          state.app === 'fresh'
            ? await startApp(TEST_CONFIG)
            : state.app === 'allok'
              ? await startApp(`timezone: UTC\nresources:\n${Array.from({ length: 5 }, (_, i) => `  - { name: "site ${i}", type: proof-of-life, link: "https://status.example/${i}" }`).join('\n')}\n`)
              : state.app
                ? await appWithHistory()
                : undefined;
        try {
          if (state.app === 'allok') await made!.runs.run('manual');
          if (state.app === 'stale') (made as Awaited<ReturnType<typeof appWithHistory>>).setNow(new Date(Date.now() + 3 * DAY));
          if (state.app === 'broken') {
            writeFileSync(made!.configPath, `${TEST_CONFIG}  - { name: Bad, type: http, url: 42 }\n`);
            await made!.config.reload();
          }
          const target = made ?? suite.app;
          const { page, errors } = await openWindow(suite.browser, suite.server.url, bridgeFor(target), {
            app: target,
            ...(state.viewport ? { viewport: state.viewport } : {}),
            ...(state.colorScheme ? { colorScheme: state.colorScheme } : {}),
          });
          await state.setup(page);
          await settle(page);
          expect(await axeViolations(page)).toEqual([]);
          expect(errors).toEqual([]);
          await page.close();
        } finally {
          made?.close();
        }
      }, 120_000);
    }
  });
});
