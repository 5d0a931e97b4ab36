import { describe, expect, it } from 'vitest';
import { cleanText } from '../../main/email/format.js';
import { buildModel } from '../../main/email/model.js';
import { safeText } from '../../shared/sanitize.js';
import { calendarDate } from '../../shared/words.js';
import { seededRandom } from '../helpers/random.js';
import { report, RUN_FINISHED, status } from './fixtures.js';

const DAY = 86_400_000;

describe('buildModel: new today', () => {
  // The zones furthest ahead of and behind UTC, one whose clocks once went back across midnight
  // (so a date came twice), and the usual ones.
  const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Sao_Paulo', 'Asia/Kathmandu', 'Europe/Berlin', 'America/New_York', 'UTC'];

  it.each(zones)('marks an item new exactly when it changed level on the run\'s date in %s', (zone) => {
    const random = seededRandom(zone.length * 7919);
    for (let round = 0; round < 20; round++) {
      // Runs across the years, near midnight as often as not, and items up to five days either side.
      const now = new Date(Date.UTC(2000, 0, 1) + Math.floor(random() * 30 * 365) * DAY + Math.floor(random() * 4) * 6 * 3_600_000 + Math.floor(random() * 7_200_000) - 3_600_000);
      const statuses = Array.from({ length: 60 }, (_, i) =>
        status({ resource: `r${i}`, level: 'ERROR', since: new Date(now.getTime() + Math.round((random() - 0.5) * 10 * DAY)).toISOString() }),
      );
      const model = buildModel(report(statuses, { timezone: zone, finishedAt: now.toISOString() }));
      const today = calendarDate(now, zone);
      for (const item of model.problems) {
        const since = statuses.find((one) => one.resource === item.title)!.since;
        expect(item.newToday, `${since} against a run at ${now.toISOString()} in ${zone}`).toBe(calendarDate(since, zone) === today);
      }
    }
  });

  it('takes a since written as a date alone as that date, and unreadable or missing ones as not new', () => {
    const model = buildModel(
      report([
        status({ resource: 'date alone', level: 'ERROR', since: '2026-11-26' }),
        status({ resource: 'date alone yesterday', level: 'ERROR', since: '2026-11-25' }),
        status({ resource: 'unreadable', level: 'ERROR', since: 'last Tuesday' }),
        status({ resource: 'missing', level: 'ERROR', since: '' }),
        status({ resource: 'long ago', level: 'ERROR', since: '2026-01-01T00:00:00.000Z' }),
        status({ resource: 'just now', level: 'ERROR', since: RUN_FINISHED }),
      ]),
    );
    const isNew = Object.fromEntries(model.problems.map((item) => [item.title, item.newToday]));
    expect(isNew).toEqual({ 'date alone': true, 'date alone yesterday': false, unreadable: false, missing: false, 'long ago': false, 'just now': true });
  });
});

describe('cleanText', () => {
  /** What cleanText has always done, written the plain way: every text through the same steps. */
  const reference = (text: string, maxLength: number) => {
    const flat = safeText(text).replace(/\s+/g, ' ').trim();
    return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
  };
  // Every kind of whitespace and line break JavaScript knows, controls, bidi overrides, and plain text.
  const pieces = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u001b[31m', '\u202e', '\u0007', 'a', 'db', 'backup', 'é', '✕', ':', '…', '0'];

  it('cleans and flattens text the way the plain steps do, over 20,000 generated texts', () => {
    const random = seededRandom(20261202);
    for (let round = 0; round < 20_000; round++) {
      const length = Math.floor(random() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const maxLength = 1 + Math.floor(random() * 30);
      expect(cleanText(text, maxLength), JSON.stringify(text)).toBe(reference(text, maxLength));
    }
  });

  it.each([
    ['db backup: nightly dump', 'db backup: nightly dump'],
    [' leading', 'leading'],
    ['trailing ', 'trailing'],
    ['two  spaces', 'two spaces'],
    ['tab\there', 'tab here'],
    ['no\u00a0break', 'no break'],
    ['line\nbreak', 'line break'],
  ])('%j reads %j', (text, expected) => {
    expect(cleanText(text, 100)).toBe(expected);
  });
});
