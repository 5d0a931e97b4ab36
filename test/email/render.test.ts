import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../main/email/render.js';
import { HTML_BUDGET_BYTES, wireBytes } from '../../main/email/html.js';
import { forHowLongSince } from '../../shared/words.js';
import { GROUP_FROM } from '../../main/email/model.js';
import { HOSTILE, hostileReport, largeReport, mixedReport, report, RUN_FINISHED, status } from './fixtures.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The visible text of the HTML part, in order, for asserting what a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<div style="display:none[^>]*>.*?<\/div>/s, '')
    .replace(/<!--.*?-->/gs, '')
    .replace(/<title>.*?<\/title>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('renderEmail subject', () => {
  it.each([
    { name: 'errors and a warning', statuses: [status({ resource: 'a', level: 'ERROR' }), status({ resource: 'b', level: 'ERROR' }), status({ resource: 'c', level: 'WARNING' }), status({ resource: 'd' })], subject: 'Backstop: 2 errors, 1 warning · 2026-11-26' },
    { name: 'one error', statuses: [status({ resource: 'a', level: 'ERROR' })], subject: 'Backstop: 1 error · 2026-11-26' },
    { name: 'warnings only', statuses: [status({ resource: 'a', level: 'WARNING' }), status({ resource: 'b', level: 'WARNING' })], subject: 'Backstop: 2 warnings · 2026-11-26' },
    { name: 'all OK', statuses: Array.from({ length: 37 }, (_, index) => status({ resource: `r${index}` })), subject: 'Backstop: all 37 OK · 2026-11-26' },
    { name: 'nothing checked', statuses: [], subject: 'Backstop: nothing checked · 2026-11-26' },
  ])('$name → "$subject"', ({ statuses, subject }) => {
    expect(renderEmail(report(statuses)).subject).toBe(subject);
  });

  it('dates the subject in the report\'s time zone, not UTC', () => {
    // 23:30 UTC on Wednesday is already Thursday in Tokyo and still Wednesday in New York.
    const late = { startedAt: '2026-11-25T23:30:00.000Z', finishedAt: '2026-11-25T23:31:00.000Z' };
    expect(renderEmail(report([], { ...late, timezone: 'Asia/Tokyo' })).subject).toMatch(/2026-11-26$/);
    expect(renderEmail(report([], { ...late, timezone: 'America/New_York' })).subject).toMatch(/2026-11-25$/);
    expect(renderEmail(report([], { ...late, timezone: 'America/New_York' }), { timezone: 'Asia/Tokyo' }).subject).toMatch(/2026-11-26$/);
  });

  it('fills a subject template and the app name', () => {
    const rendered = renderEmail(mixedReport(), { appName: 'Ops check', subject: '[{{app}}] {{errors}}E {{warnings}}W {{ok}}OK of {{total}} · {{date}} · {{summary}}' });
    expect(rendered.subject).toBe('[Ops check] 2E 1W 3OK of 6 · 2026-11-26 · 2 errors, 1 warning');
    expect(rendered.html).toContain('Ops check');
  });

  it('falls back to UTC for an unknown time zone and says so', () => {
    const rendered = renderEmail(report([], { timezone: 'Mars/Olympus' }));
    expect(rendered.subject).toBe('Backstop: nothing checked · 2026-11-26');
    expect(rendered.text).toContain('Unknown time zone "Mars/Olympus": times are shown in UTC.');
  });
});

describe('renderEmail content', () => {
  const rendered = renderEmail(mixedReport());

  it('lists the run\'s own trouble first, then problems worst first, then OK, then snoozed', () => {
    for (const body of [visibleText(rendered.html), rendered.text]) {
      const order = ['previous scheduled run is missing', 'billing-api', 'db backup: nightly dump', 'api.example.com: certificate', 'mail relay', 'orders export: feed', 'web shop: homepage', 'legacy ftp'];
      const positions = order.map((needle) => body.indexOf(needle));
      expect(positions.every((position) => position >= 0), `all present in ${body.slice(0, 200)}`).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('shows level as a word and a marker, the title as a link, the result, the age and an Investigate button', () => {
    expect(rendered.html).toMatch(
      /<b style="background:#b42318[^"]*">✕&nbsp;ERROR<\/b> <a class="ik" href="https:\/\/monitor\.example\.com\/db%20backup"[^>]*>db backup: nightly dump<\/a><br>newest file is 3 days old \(error &gt; 26h\)/,
    );
    expect(rendered.html).toContain('for 3 days</span><br><a class="bt" href="https://monitor.example.com/db%20backup" aria-label="Investigate db backup: nightly dump"');
    expect(rendered.html).toMatch(/>▲&nbsp;WARNING<\/b> <a [^>]*>api\.example\.com: certificate<\/a>/);
    expect(rendered.text).toMatch(/ERROR {4}db backup: nightly dump\n {9}newest file is 3 days old \(error > 26h\)\n {9}for 3 days · https:\/\/monitor\.example\.com\/db%20backup/);
  });

  it.each([
    { resource: 'billing-api', age: 'for 32 seconds', isNew: true },
    { resource: 'api.example.com', age: 'for 10 hours', isNew: false },
    { resource: 'db backup', age: 'for 3 days', isNew: false },
  ])('says how long $resource has been at its level in the window\'s words ($age), and whether it is new today', ({ resource, age, isNew }) => {
    const block = rendered.text.slice(rendered.text.lastIndexOf('\n', rendered.text.indexOf(resource)) + 1);
    expect(block.split('\n').slice(0, 4).join('\n')).toContain(age);
    const item = mixedReport().statuses.find((one) => one.resource === resource)!;
    expect(age).toBe(forHowLongSince(item.since, new Date(RUN_FINISHED)));
    expect(block.split('\n')[0]!.includes(`NEW ${resource}`)).toBe(isNew);
  });

  it('shows a resource alone when its metric is empty', () => {
    expect(rendered.html).toContain('>billing-api</a>');
    expect(visibleText(rendered.html)).not.toContain('billing-api:');
    expect(rendered.text).not.toContain('billing-api:');
  });

  it('shows counts, run time and duration in the header', () => {
    expect(visibleText(rendered.html)).toContain('2 errors · 1 warning · 3 OK · 1 snoozed');
    expect(rendered.html).toContain('2026-11-26 07:00 (Europe/Berlin) · took 42 s · scheduled run');
    expect(rendered.text).toContain('2026-11-26 07:00 (Europe/Berlin) · took 42 s · scheduled run');
  });

  it('keeps snoozed items visible with their reason and end date', () => {
    const expected = 'snoozed until 2026-12-01 (set in config): being decommissioned, ticket OPS-142';
    expect(rendered.html).toContain(expected);
    expect(rendered.text).toContain(expected);
    expect(rendered.html).toMatch(/>◷&nbsp;SNOOZED ERROR<\/b> <a [^>]*>legacy ftp<\/a>/);
  });

  it('reports the run\'s own health: timeouts, crashes, deadline and notes', () => {
    const troubled = renderEmail(
      report([status({ resource: 'a' })], {
        health: { total: 3, timedOut: ['slow api'], crashed: ['broken module'], deadlineHit: true, notes: ['history file 2026-11-25.json was damaged and moved aside'] },
      }),
    );
    for (const body of [troubled.html, troubled.text]) {
      expect(body).toContain('The run hit its overall deadline: some checks were cut short.');
      expect(body).toContain('Timed out (1): slow api.');
      expect(body).toContain('Crashed or returned garbage (1): broken module.');
      expect(body).toContain('history file 2026-11-25.json was damaged and moved aside');
    }
    const healthy = renderEmail(report([status({ resource: 'a' })]));
    expect(healthy.text).toContain('All 1 check finished in time; the run reported nothing wrong with itself.');
    expect(healthy.html).toContain('Nothing needs attention today.');
  });

  it('is a self-contained HTML email: no scripts, no external images or styles, light colours inline', () => {
    expect(rendered.html).not.toMatch(/<script|<img|<link|@import|url\(/i);
    expect(rendered.html).toContain('max-width:640px');
    expect(rendered.html).toContain('<meta name="viewport"');
    // The one <style> only switches to dark colours where the client asks for them.
    const styles = rendered.html.match(/<style>[\s\S]*?<\/style>/g) ?? [];
    expect(styles).toHaveLength(1);
    expect(styles[0]).toMatch(/^<style>:root\{color-scheme:light dark\}@media \(prefers-color-scheme:dark\)\{.*\}<\/style>$/);
    expect(rendered.html).toContain('<meta name="color-scheme" content="light dark">');
  });

  it('puts the run\'s own trouble at the top, and a healthy run\'s one line at the end', () => {
    const html = visibleText(rendered.html);
    expect(html.indexOf('This run had trouble of its own')).toBeLessThan(html.indexOf('Needs attention'));
    expect(rendered.text.indexOf('THIS RUN HAD TROUBLE OF ITS OWN')).toBeLessThan(rendered.text.indexOf('NEEDS ATTENTION'));
    expect(rendered.text).not.toContain('All 7 checks finished in time');
    const healthy = renderEmail(report([status({ resource: 'a', level: 'ERROR' }), status({ resource: 'b' })]));
    expect(visibleText(healthy.html)).not.toContain('trouble of its own');
    expect(healthy.text.indexOf('All 2 checks finished in time')).toBeGreaterThan(healthy.text.indexOf('OK (1)'));
  });
});

describe('renderEmail escaping', () => {
  const rendered = renderEmail(hostileReport());

  it('escapes markup from checks everywhere', () => {
    expect(rendered.html).not.toContain('<script');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).not.toContain('<b>bold</b>');
    expect(rendered.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(rendered.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(rendered.html).toContain('&quot;&#39;&gt;&lt;b&gt;bold&lt;/b&gt;&amp;amp;');
    // no attribute was opened by check text: every onerror/onmouseover is inside escaped text
    expect(rendered.html).not.toMatch(/\son[a-z]+\s*=\s*"/i);
  });

  it('only makes http, https and mailto links clickable', () => {
    const hrefs = [...rendered.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
    expect(hrefs).toContain('mailto:ops@example.com');
    expect(rendered.html).not.toMatch(/javascript:alert|data:text|file:\/\/\//);
    expect(rendered.html).toContain('link not shown: javascript: links are not allowed');
    expect(rendered.html).toContain('link not shown: data: links are not allowed');
    expect(rendered.html).toContain('link not shown: file: links are not allowed');
    expect(rendered.text).not.toContain(HOSTILE.javascriptLink);
  });

  it('keeps an attribute-breakout link inside its href', () => {
    expect(rendered.html).toContain('href="https://example.com/%22%20onmouseover=%22alert(1)"');
  });

  it('flattens newlines in check text so the plain-text layout holds', () => {
    const text = renderEmail(report([status({ resource: 'multi', level: 'ERROR', result: 'line one\nline two\r\n\tline three' })])).text;
    expect(text).toContain('line one line two line three');
  });
});

describe('renderEmail size', () => {
  it('stays under Gmail\'s clipping size with 1,000 statuses, 950 of them OK, and keeps every one', () => {
    const rendered = renderEmail(largeReport(1000, { errors: 30, warnings: 20 }));
    const size = bytes(rendered.html);
    console.log(`HTML for 1,000 statuses (50 not OK): ${size} bytes`);
    expect(size).toBeLessThan(100_000);
    expect(wireBytes(rendered.html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(rendered.html.match(/>✕&nbsp;ERROR<\/b> (?:<b[^>]*>NEW<\/b> )?<a /g)).toHaveLength(30);
    expect(rendered.html.match(/>▲&nbsp;WARNING<\/b> (?:<b[^>]*>NEW<\/b> )?<a /g)).toHaveLength(20);
    expect(rendered.html.match(/>Investigate<\/a>/g)).toHaveLength(50);
    expect(rendered.html).toContain('OK (950)');
    expect(rendered.html).not.toContain('more OK');
    for (const index of [100, 555, 999]) expect(rendered.html).toContain(`service-${String(index).padStart(4, '0')}`);
  });

  it('keeps all 100 problems, each with its Investigate button, and lets the OK list give way', () => {
    const rendered = renderEmail(largeReport(1000, { errors: 60, warnings: 40 }));
    expect(wireBytes(rendered.html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(rendered.html.match(/>Investigate<\/a>/g)).toHaveLength(100);
    const more = Number(rendered.html.match(/… and (\d+) more OK/)?.[1]);
    expect((rendered.html.match(/status 200 in/g) ?? []).length + more).toBe(900);
  });

  it('cuts the OK list, never a problem, when even compact OK lines do not fit', () => {
    const rendered = renderEmail(largeReport(1000, { errors: 60, warnings: 40, resultLength: 120 }));
    const size = bytes(rendered.html);
    expect(size).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(rendered.html.match(/>✕&nbsp;ERROR<\/b> (?:<b[^>]*>NEW<\/b> )?<a /g)).toHaveLength(60);
    expect(rendered.html.match(/>▲&nbsp;WARNING<\/b> (?:<b[^>]*>NEW<\/b> )?<a /g)).toHaveLength(40);
    const more = rendered.html.match(/… and (\d+) more OK/);
    expect(more).not.toBeNull();
    const hidden = Number(more?.[1]);
    const shownOk = (rendered.html.match(/status 200 in/g) ?? []).length;
    expect(hidden).toBeGreaterThan(0);
    expect(shownOk + hidden).toBe(900);
    // the plain-text part keeps the full list
    expect(rendered.text.match(/status 200 in/g)).toHaveLength(900);
  });

  it('gives OK lines their links when they fit', () => {
    const rendered = renderEmail(largeReport(40, { errors: 1, warnings: 1 }));
    expect(rendered.html).toContain('<a class="ik" href="https://grafana.example.com/d/services?var-name=service-39"');
  });
});

describe('renderEmail grouping', () => {
  /** Problems that changed today (since on the run day) and problems failing since days ago. */
  function mixedAges(fresh: number, old: number) {
    const today = '2026-11-26T06:00:10.000Z';
    const statuses = [
      ...Array.from({ length: fresh }, (_, i) => status({ resource: `new ${i + 1}`, level: i % 2 ? 'WARNING' : 'ERROR', since: today })),
      ...Array.from({ length: old }, (_, i) => status({ resource: `old ${i + 1}`, level: i % 2 ? 'ERROR' : 'WARNING', since: '2026-11-20T06:00:00.000Z' })),
      status({ resource: 'fine' }),
    ];
    return renderEmail(report(statuses));
  }

  it('groups a long list into "New today" then "Still failing", each worst first, in both parts', () => {
    const rendered = mixedAges(3, 5);
    for (const body of [visibleText(rendered.html), rendered.text]) {
      const order = ['New today (3)', 'new 1', 'new 3', 'new 2', 'Still failing (5)', 'old 2', 'old 4', 'old 1', 'old 3', 'old 5'];
      const positions = order.map((needle) => body.toLowerCase().indexOf(needle.toLowerCase()));
      expect(positions.every((position) => position >= 0), body.slice(0, 400)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it.each([
    { name: 'a short list', fresh: 2, old: 2 },
    { name: 'only new problems', fresh: GROUP_FROM + 2, old: 0 },
    { name: 'only old problems', fresh: 0, old: GROUP_FROM + 2 },
  ])('keeps $name in one worst-first list', ({ fresh, old }) => {
    const rendered = mixedAges(fresh, old);
    expect(rendered.text).not.toContain('New today (');
    expect(rendered.text).not.toContain('Still failing (');
    expect(rendered.text).toContain(`NEEDS ATTENTION (${fresh + old})`);
  });
});
