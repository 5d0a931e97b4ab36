/**
 * The triage aids of the results window, in real Chromium over the real
 * handlers and engine (harness.ts): numeric order, the detail view with the
 * item's last runs, New markers, sorting by age, tags, the all-OK headline,
 * level shapes, the stale banner and ages in the history view.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/chromium.js';
import { appWithHistory, bridgeFor, openWindow, rowsReady, startApp, visibleRows, windowSuite } from './harness.js';

const DAY = 86_400_000;

/** The row of `resource` (and `metric`), as a selector. */
const rowOf = (resource: string) => `#rows .row:not([hidden]):has(.name:text-is("${resource}"))`;

describe.skipIf(!hasChromium)('triage aids (Chromium)', () => {
  const suite = windowSuite();

  it('sorts names with numbers as numbers, like the CLI and the email ("api 2" before "api 10")', async () => {
    const numbered = await startApp(`timezone: UTC
resources:
${['api 10', 'api 2', 'api 1', 'api 21', 'api 3'].map((name) => `  - { name: ${name}, type: proof-of-life, link: "https://status.example/${name.replace(' ', '-')}" }`).join('\n')}
`);
    try {
      await numbered.runs.run('manual');
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(numbered));
      await rowsReady(page);
      expect((await visibleRows(page)).map((row) => row.resource)).toEqual(['api 1', 'api 2', 'api 3', 'api 10', 'api 21']);
      await page.close();
    } finally {
      numbered.close();
    }
  });

  it('marks items whose level changed since the previous run as New, and only those', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    await expect.poll(() => page.$$eval('#rows .row:not([hidden]) .new-badge:not([hidden])', (badges) => badges.length)).toBeGreaterThan(0);
    const marked = await page.$$eval('#rows .row:not([hidden])', (rows) =>
      rows.filter((row) => !row.querySelector<HTMLElement>('.new-badge')!.hidden).map((row) => `${row.querySelector('.name')!.textContent}/${row.querySelector('.metric')!.textContent}`),
    );
    // New: not in the run two days ago, or there at another level. Heartbeat and Nightly backup kept theirs.
    const [latest, earlier] = await suite.app.ctx.engine.listRuns(suite.app.dataDir);
    const before = await suite.app.ctx.engine.readRun(suite.app.dataDir, earlier!.id);
    const now = await suite.app.ctx.engine.readRun(suite.app.dataDir, latest!.id);
    const expected = now.statuses
      .filter((status) => !before.statuses.some((old) => old.resource === status.resource && old.metric === status.metric && old.level === status.level))
      .map((status) => `${status.resource}/${status.metric}`);
    expect(marked).not.toContain('Heartbeat/');
    expect(marked).not.toContain('Nightly backup/');
    expect(expected).toContain('Disk space/');
    expect(new Set(marked)).toEqual(new Set(expected));
    await page.close();
  });

  it('sorts by age, newest change or longest at its level first, and back to worst first', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    const report = suite.app.ctx.model.state.latest!;
    const sinceOf = (resource: string, metric: string) => Date.parse(report.statuses.find((status) => status.resource === resource && status.metric === metric)!.since);
    const ages = async () => (await visibleRows(page)).map((row) => sinceOf(row.resource, row.metric));

    await page.selectOption('#sort', 'oldest');
    let since = await ages();
    expect(since).toEqual([...since].sort((a, b) => a - b));
    // Both kept their level since the earlier run; equal ages stay worst first.
    expect((await visibleRows(page)).slice(0, 2).map((row) => row.resource)).toEqual(['Nightly backup', 'Heartbeat']);
    expect(await page.getAttribute('#col-since', 'aria-sort')).toBe('descending');

    await page.selectOption('#sort', 'newest');
    since = await ages();
    expect(since).toEqual([...since].sort((a, b) => b - a));
    expect(await page.getAttribute('#col-since', 'aria-sort')).toBe('ascending');

    await page.selectOption('#sort', 'worst');
    expect((await visibleRows(page)).map((row) => [row.resource, row.metric])).toEqual(report.statuses.map((status) => [status.resource, status.metric]));
    expect(await page.getAttribute('#col-level', 'aria-sort')).toBe('ascending');
    await page.close();
  });

  it('shows tags on rows and filters by one, from a row, from the menu and from the detail view', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    expect(await page.$$eval(`${rowOf('Nightly backup')} .tag`, (tags) => tags.map((tag) => tag.textContent))).toEqual(['backups', 'prod']);
    expect(await page.$$eval('#tag-filter option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['', 'backups', 'prod']);

    await page.click(`${rowOf('Nightly backup')} .tag:text-is("prod")`);
    expect(await page.inputValue('#tag-filter')).toBe('prod');
    expect((await visibleRows(page)).map((row) => row.resource)).toEqual(['Nightly backup', 'Disk space']);
    expect(await page.isVisible('#detail[open]')).toBe(false);

    await page.selectOption('#tag-filter', 'backups');
    expect((await visibleRows(page)).map((row) => row.resource)).toEqual(['Nightly backup']);
    await page.selectOption('#tag-filter', '');
    expect((await visibleRows(page)).length).toBe(suite.app.ctx.model.state.latest!.statuses.length);

    await page.click(`${rowOf('Disk space')} .result`);
    await page.waitForSelector('#detail[open]');
    await page.click('#detail-tags [data-tag="prod"]');
    expect(await page.isVisible('#detail[open]')).toBe(false);
    expect((await visibleRows(page)).map((row) => row.resource)).toEqual(['Nightly backup', 'Disk space']);
    await page.close();
  });

  it('opens a detail view by click, Enter or →, with the full result, both sinces, measurements, tags, the link and the last runs', async () => {
    const { page, errors } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    await page.click(`${rowOf('Nightly backup')} .result`);
    await page.waitForSelector('#detail[open]');
    expect(await page.textContent('#detail-title')).toBe('Nightly backup');
    expect(await page.textContent('#detail-result')).toBe('CRITICAL - last backup is 3 days old');
    // In this level since the run two days ago: relative and absolute.
    expect(await page.textContent('#detail-since')).toMatch(/^ERROR for 2 days, since \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await page.textContent('#detail-link')).toBe('https://backup.example/jobs/nightly');
    expect(await page.$$eval('#detail-tags .tag', (tags) => tags.map((tag) => tag.textContent))).toEqual(['backups', 'prod']);
    // The strip comes from the two saved runs, oldest first, each named for screen readers.
    await page.waitForSelector('#detail-strip .mark');
    expect(await page.$$eval('#detail-strip .mark', (marks) => marks.map((mark) => (mark as HTMLElement).dataset.level))).toEqual(['ERROR', 'ERROR']);
    expect(await page.textContent('#detail-strip .mark:last-child .visually-hidden')).toMatch(/^today at \d\d:\d\d: ERROR$/);
    expect(await page.textContent('#detail-strip-note')).toBe('Only 2 runs in the history so far. Oldest on the left; not OK in 2 of 2 runs.');
    // Focus is in the dialog; Esc puts it back on the list, on the same row.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog')?.id)).toBe('detail');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('grid');
    expect(await page.textContent('#rows .row.selected .name')).toBe('Nightly backup');

    // Enter and → open it too; ↓ steps to the next item in the list.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[open]');
    expect(await page.textContent('#detail-title')).toBe('Nightly backup');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#detail[open]');
    const title = (row: { resource: string; metric: string }) => (row.metric ? `${row.resource}: ${row.metric}` : row.resource);
    const rows = await visibleRows(page);
    expect(await page.textContent('#detail-title')).toBe(title(rows[1]!));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.textContent('#detail-title')).toBe(title(rows[2]!));
    await page.keyboard.press('Escape');

    // Disk space was not configured two days ago: its strip says so.
    await page.click(`${rowOf('Disk space')} .result`);
    await page.waitForSelector('#detail[open]');
    await expect.poll(() => page.$$eval('#detail-strip .mark', (marks) => marks.map((mark) => (mark as HTMLElement).dataset.level))).toEqual(['NONE', 'WARNING']);
    expect(await page.textContent('#detail-strip .mark:first-child .visually-hidden')).toMatch(/: not checked$/);
    // Nagios perf data, as numbers against thresholds, with a gauge.
    expect(await page.isVisible('#detail-perf-section')).toBe(true);
    expect(await page.$$eval('#detail-perf tbody tr', (rows) => rows.map((row) => [...row.children].slice(0, 4).map((cell) => cell.textContent)))).toEqual([
      ['/var', '91%', 'above 85%', 'above 95%'],
    ]);
    expect(await page.getAttribute('#detail-perf .gauge', 'data-level')).toBe('WARNING');
    // Investigate from the detail view goes through main like every link.
    suite.app.opened.length = 0;
    await page.click('#detail-investigate');
    expect(suite.app.opened).toEqual(['https://grafana.example/d/disk']);
    await page.keyboard.press('ArrowLeft');
    expect(await page.isVisible('#detail[open]')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says "All N checks OK" when everything is OK, shows zero counts neutral, and no counts without a report', async () => {
    const fine = await startApp(`timezone: UTC
resources:
${Array.from({ length: 37 }, (_, index) => `  - { name: "site ${index + 1}", type: proof-of-life, link: "https://status.example/${index + 1}" }`).join('\n')}
`);
    try {
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(fine), { app: fine });
      await page.waitForSelector('#empty:not([hidden])');
      expect(await page.isVisible('#counts')).toBe(false);
      expect(await page.isVisible('#headline')).toBe(false);
      await fine.runs.run('manual');
      await page.waitForSelector('#rows .row:not([hidden])');
      expect(await page.textContent('#headline-text')).toBe('All 37 checks OK');
      expect(await page.getAttribute('#headline', 'data-level')).toBe('OK');
      const chip = (level: string) =>
        page.$eval(`#counts [data-level="${level}"]`, (button) => ({ zero: (button as HTMLElement).dataset.zero, background: getComputedStyle(button).backgroundColor }));
      const [errors, ok] = [await chip('ERROR'), await chip('OK')];
      expect(errors.zero).toBe('true');
      expect(ok.zero).toBe('false');
      // Neutral: the zero chips look like any button, the OK chip is tinted.
      expect(errors.background).toBe(await page.$eval('#history', (select) => getComputedStyle(select).backgroundColor));
      expect(ok.background).not.toBe(errors.background);
      await page.close();
    } finally {
      fine.close();
    }
  });

  it('gives each level its own marker shape (✕ for ERROR), in rows and in the header chips', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    const shape = (selector: string) =>
      page.$eval(selector, (marker) => {
        const style = getComputedStyle(marker);
        const before = getComputedStyle(marker, '::before');
        return { radius: style.borderRadius, clip: style.clipPath, cross: before.content !== 'none' && before.transform !== 'none' };
      });
    for (const scope of ['#rows .row[data-level="%"] .marker', '#counts [data-level="%"] .marker']) {
      const error = await shape(scope.replace('%', 'ERROR'));
      const warning = await shape(scope.replace('%', 'WARNING'));
      const ok = await shape(scope.replace('%', 'OK'));
      expect(error).toMatchObject({ cross: true, clip: 'none' });
      expect(warning).toMatchObject({ cross: false });
      expect(warning.clip).toMatch(/^polygon/);
      expect(ok).toMatchObject({ cross: false, radius: '50%', clip: 'none' });
    }
    await page.close();
  });

  it('makes the stale state impossible to miss: a big banner with Run now inside it, and the old list dimmed', async () => {
    const stale = await appWithHistory();
    try {
      stale.setNow(new Date(Date.now() + 3 * DAY));
      const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(stale), { app: stale });
      await rowsReady(page);
      expect(await page.isVisible('#stale')).toBe(true);
      expect(await page.textContent('#stale-title')).toMatch(/^No run since .+: this list is old news$/);
      // The banner comes before the list and the other banners, and the list is grey.
      expect(await page.evaluate(() => document.querySelector('.banners')!.firstElementChild!.id)).toBe('stale');
      expect(await page.evaluate(() => document.body.classList.contains('is-stale'))).toBe(true);
      const levelColour = await page.$eval('#rows .row[data-level="ERROR"] .level-text', (text) => getComputedStyle(text).color);
      const mutedColour = await page.$eval('#shown', (text) => getComputedStyle(text).color);
      expect(levelColour).toBe(mutedColour);
      const runs = (await stale.ctx.engine.listRuns(stale.dataDir)).length;
      stale.setNow(new Date());
      await page.click('#stale-run');
      await expect.poll(async () => (await stale.ctx.engine.listRuns(stale.dataDir)).length, { timeout: 15_000 }).toBe(runs + 1);
      await expect.poll(() => page.isVisible('#stale')).toBe(false);
      expect(await page.evaluate(() => document.body.classList.contains('is-stale'))).toBe(false);
      await page.close();
    } finally {
      stale.close();
    }
  });

  it('measures ages in an earlier run from that run, not from now', async () => {
    const { page } = await openWindow(suite.browser, suite.server.url, bridgeFor(suite.app));
    await rowsReady(page);
    expect((await visibleRows(page)).find((row) => row.resource === 'Nightly backup')!.since).toBe('for 2 days');
    await expect.poll(() => page.$$eval('#history option', (options) => options.length)).toBe(2);
    await page.selectOption('#history', { index: 1 });
    await expect.poll(async () => (await visibleRows(page)).length).toBe(2);
    // Two days ago the backup had just started failing: as of that run it was seconds old.
    expect((await visibleRows(page)).find((row) => row.resource === 'Nightly backup')!.since).toMatch(/^for (less than a second|\d+ seconds)$/);
    expect(await page.textContent('#history-text')).toContain('Ages are as of that run.');
    await page.close();
  });

  it('checks the item-history request in main as untrusted input', async () => {
    const handler = suite.app.handlers['backstop:item-history'] as (request: unknown) => Promise<unknown>;
    await expect(Promise.resolve().then(() => handler({ resource: 'Nightly backup', metric: '', count: 1e9 }))).rejects.toThrow(/item-history: `count` must be a whole number from 1 to 60/);
    await expect(Promise.resolve().then(() => handler({ resource: 'x', metric: '', count: 3, endId: '../../../etc/passwd' }))).rejects.toThrow(/`endId` must be a run id/);
    await expect(Promise.resolve().then(() => handler(null))).rejects.toThrow(/`resource` must be a resource name/);
    const history = (await handler({ resource: "Nightly backup", metric: "", count: 14 })) as { runs: { level?: string }[] };
    expect(history.runs.map((run) => run.level)).toEqual(['ERROR', 'ERROR']);
  });
});
