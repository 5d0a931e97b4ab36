import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../main/email/render.js';
import { HTML_BUDGET_BYTES } from '../../main/email/html.js';
import { HOSTILE, hostileReport, largeReport, mixedReport, report, status } from './fixtures.js';

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

  it('lists problems worst first, then OK, then snoozed, then the run\'s health', () => {
    for (const body of [visibleText(rendered.html), rendered.text]) {
      const order = ['billing-api', 'db backup: nightly dump', 'api.example.com: certificate', 'mail relay', 'orders export: feed', 'web shop: homepage', 'legacy ftp', 'previous scheduled run is missing'];
      const positions = order.map((needle) => body.indexOf(needle));
      expect(positions.every((position) => position >= 0), `all present in ${body.slice(0, 200)}`).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('shows level as text with colour, the result, the age and an Investigate link', () => {
    expect(rendered.html).toMatch(/<b style="background:#b42318[^"]*">ERROR<\/b> <b>db backup: nightly dump<\/b><br>newest file is 3 days old \(error &gt; 26h\)/);
    expect(rendered.html).toContain('for 3 days · <a href="https://monitor.example.com/db%20backup"');
    expect(rendered.html).toMatch(/>WARNING<\/b> <b>api\.example\.com: certificate<\/b>/);
    expect(rendered.text).toMatch(/ERROR {4}db backup: nightly dump\n {9}newest file is 3 days old \(error > 26h\)\n {9}for 3 days · https:\/\/monitor\.example\.com\/db%20backup/);
  });

  it.each([
    { resource: 'billing-api', age: 'for 32 seconds' },
    { resource: 'api.example.com', age: 'for 10 hours' },
    { resource: 'db backup', age: 'for 3 days' },
  ])('says how long $resource has been at its level: $age', ({ resource, age }) => {
    const block = rendered.text.slice(rendered.text.indexOf(resource));
    expect(block.split('\n').slice(0, 4).join('\n')).toContain(age);
  });

  it('shows a resource alone when its metric is empty', () => {
    expect(rendered.html).toContain('<b>billing-api</b>');
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
    expect(rendered.html).toContain('>SNOOZED ERROR</b> <b>legacy ftp</b>');
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

  it('is a self-contained HTML email: no scripts, no <style>, no external images', () => {
    expect(rendered.html).not.toMatch(/<script|<style|<img|<link|@import|url\(/i);
    expect(rendered.html).toContain('max-width:640px');
    expect(rendered.html).toContain('<meta name="viewport"');
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
  it('stays under Gmail\'s clipping size with 1,000 statuses, 900 of them OK, and keeps every one', () => {
    const rendered = renderEmail(largeReport(1000, { errors: 60, warnings: 40 }));
    const size = bytes(rendered.html);
    console.log(`HTML for 1,000 statuses (100 not OK): ${size} bytes`);
    expect(size).toBeLessThan(100_000);
    expect(size).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(rendered.html.match(/>ERROR<\/b> <b>/g)).toHaveLength(60);
    expect(rendered.html.match(/>WARNING<\/b> <b>/g)).toHaveLength(40);
    expect(rendered.html).toContain('OK (900)');
    expect(rendered.html).not.toContain('more OK');
    for (const index of [100, 555, 999]) expect(rendered.html).toContain(`service-${String(index).padStart(4, '0')}`);
  });

  it('cuts the OK list, never a problem, when even compact OK lines do not fit', () => {
    const rendered = renderEmail(largeReport(1000, { errors: 60, warnings: 40, resultLength: 120 }));
    const size = bytes(rendered.html);
    expect(size).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(rendered.html.match(/>ERROR<\/b> <b>/g)).toHaveLength(60);
    expect(rendered.html.match(/>WARNING<\/b> <b>/g)).toHaveLength(40);
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
    expect(rendered.html).toContain('<a href="https://grafana.example.com/d/services?var-name=service-39"');
  });
});
