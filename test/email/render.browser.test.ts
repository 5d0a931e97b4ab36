/**
 * The email as a browser lays it out: no horizontal scrolling on a phone or a
 * desktop, with long unbroken words in the mix. Screenshots land in
 * test-results/email-*.png for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../main/email/render.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { largeReport, longWordsReport, mixedReport, report, status } from './fixtures.js';

const cases = [
  { name: 'mixed', html: () => renderEmail(longWordsReport()).html },
  { name: 'all-ok', html: () => renderEmail(report(Array.from({ length: 12 }, (_, index) => status({ resource: `service ${index + 1}` })))).html },
  { name: 'large', html: () => renderEmail(largeReport(1000, { errors: 60, warnings: 40 })).html },
  { name: 'plain-mixed', html: () => renderEmail(mixedReport()).html },
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
        const page = await browser.newPage({ viewport: { width, height: 900 } });
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
          await page.close();
        }
      });
    }
  }
});
