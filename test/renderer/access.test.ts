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
import { appWithHistory, bridgeFor, openWindow, rowsReady, settle, startApp, TEST_CONFIG, visibleRows, windowSuite } from './harness.js';

const DAY = 86_400_000;

/** What has focus: its id, or its tag and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.id || `${element?.tagName.toLowerCase()}:${element?.textContent?.trim().slice(0, 40)}`;
  });

/** Everything that would be cut off or pushed out of view, at the current size. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
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
      if (since.textContent && since.scrollWidth > since.clientWidth + 1) problems.push(`${name}: since is cut ("${since.textContent}")`);
    }
    return problems;
  });
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
