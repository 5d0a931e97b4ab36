/**
 * The email as a browser lays it out: no horizontal scrolling on a phone or a
 * desktop, with long unbroken words in the mix; comfortable tap targets; a dark
 * palette where the client asks for one; and no axe-core violation. Screenshots
 * land in test-results/email-*.png for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../main/email/render.js';
import { axeViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { largeReport, longWordsReport, mixedReport, report, status } from './fixtures.js';

/** A long morning: problems new today and still failing, and trouble of the run itself. */
function groupedHtml(): string {
  const today = '2026-11-26T06:00:10.000Z';
  const statuses = [
    ...Array.from({ length: 4 }, (_, i) => status({ resource: `new ${i + 1}`, level: i % 2 ? 'WARNING' : 'ERROR', since: today, result: 'status 503, expected 2xx' })),
    ...Array.from({ length: 5 }, (_, i) => status({ resource: `old ${i + 1}`, level: i % 2 ? 'ERROR' : 'WARNING', since: '2026-11-20T06:00:00.000Z' })),
    ...Array.from({ length: 8 }, (_, i) => status({ resource: `fine ${i + 1}` })),
  ];
  return renderEmail(report(statuses, { health: { total: 17, timedOut: ['old 2'], crashed: [], deadlineHit: true, notes: [] } })).html;
}

const cases = [
  { name: 'mixed', html: () => renderEmail(longWordsReport()).html },
  { name: 'all-ok', html: () => renderEmail(report(Array.from({ length: 12 }, (_, index) => status({ resource: `service ${index + 1}` })))).html },
  { name: 'large', html: () => renderEmail(largeReport(1000, { errors: 60, warnings: 40 })).html },
  { name: 'plain-mixed', html: () => renderEmail(mixedReport()).html },
  { name: 'grouped', html: groupedHtml },
];

describe.skipIf(!hasChromium)('email HTML in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [375, 1280]) {
    for (const { name, html } of cases) {
      it(`${name} at ${width} px does not overflow horizontally`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        try {
          // No network, as in a mail client that blocks remote content: the email must not need any.
          await page.route('**/*', (route) => route.abort());
          await page.setContent(html(), { waitUntil: 'load' });
          await page.screenshot({ path: `test-results/email-${name}-${width}.png`, fullPage: name !== 'large' });
          const layout = await page.evaluate(() => {
            const viewport = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
              .filter((element) => element.getBoundingClientRect().right > viewport + 0.5 || element.getBoundingClientRect().left < -0.5)
              .map((element) => `${element.tagName} ${Math.round(element.getBoundingClientRect().width)}px: ${(element.textContent ?? '').slice(0, 60)}`);
            return { scrollWidth: document.documentElement.scrollWidth, viewport, wide };
          });
          expect(layout.wide).toEqual([]);
          expect(layout.scrollWidth).toBeLessThanOrEqual(layout.viewport);
          // The card never grows past 640 px, even on a wide screen.
          const cardWidth = await page.evaluate(() => {
            const card = [...document.querySelectorAll('table')].find((table) => table.getAttribute('style')?.includes('max-width:640px'));
            return card?.getBoundingClientRect().width ?? -1;
          });
          expect(cardWidth).toBeGreaterThan(300);
          expect(cardWidth).toBeLessThanOrEqual(640);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('makes Investigate a tap target at least 44 px tall on a phone, and the title a link to the same place', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, isMobile: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    try {
      await page.setContent(renderEmail(mixedReport()).html, { waitUntil: 'load' });
      const targets = await page.$$eval('a[aria-label^="Investigate "]', (links) =>
        links.map((link) => ({ height: link.getBoundingClientRect().height, width: link.getBoundingClientRect().width, href: link.getAttribute('href') })),
      );
      expect(targets.length).toBe(4);
      for (const target of targets) {
        expect(target.height).toBeGreaterThanOrEqual(44);
        expect(target.width).toBeGreaterThanOrEqual(44);
      }
      const titles = await page.$$eval('a.ik', (links) => links.map((link) => link.getAttribute('href')));
      for (const target of targets) expect(titles).toContain(target.href);
    } finally {
      await context.close();
    }
  });

  it('turns dark where the client asks for it, and stays light where it does not', async () => {
    const colours = async (colorScheme: 'dark' | 'light') => {
      const context = await browser.newContext({ viewport: { width: 640, height: 900 }, colorScheme });
      const page = await context.newPage();
      try {
        await page.setContent(renderEmail(mixedReport()).html, { waitUntil: 'load' });
        await page.screenshot({ path: `test-results/email-mixed-${colorScheme}.png`, fullPage: true });
        return await page.evaluate(() => ({
          page: getComputedStyle(document.body).backgroundColor,
          card: getComputedStyle(document.querySelector('table.cd')!).backgroundColor,
          text: getComputedStyle(document.querySelector('table.cd')!).color,
        }));
      } finally {
        await context.close();
      }
    };
    expect(await colours('light')).toEqual({ page: 'rgb(242, 244, 247)', card: 'rgb(255, 255, 255)', text: 'rgb(16, 24, 40)' });
    expect(await colours('dark')).toEqual({ page: 'rgb(15, 17, 21)', card: 'rgb(22, 26, 33)', text: 'rgb(230, 233, 239)' });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const { name, html } of cases) {
      it(`${name} (${colorScheme}) passes axe-core`, async () => {
        const context = await browser.newContext({ viewport: { width: 640, height: 900 }, colorScheme });
        const page = await context.newPage();
        try {
          await page.route('**/*', (route) => route.abort());
          await page.setContent(html(), { waitUntil: 'load' });
          expect(await axeViolations(page)).toEqual([]);
        } finally {
          await context.close();
        }
        // axe walks every node of a 1,000-item email: slow on a busy machine.
      }, 120_000);
    }
  }
});
