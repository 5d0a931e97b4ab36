/**
 * Whole-day arithmetic (trigger dates, `snoozeUntil`), held to luxon (the library it replaced on the hot
 * path) as the oracle: the same dates accepted and refused, the same days apart, the same
 * "next after that" for every period, over every day of four centuries.
 */
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addPeriod, civilOf, dayOf, daysInMonth, isoDay, parseDay, parsePeriod, todayIn } from '../../../main/checks/lib/days.js';
import { seededRandom } from '../../helpers/random.js';

/** What the luxon version read: the formats it tried, for the shapes it accepted. */
function luxonDay(text: string): string | undefined {
  const trimmed = text.trim();
  const format = /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(trimmed) ? 'M/d/yyyy' : /^\d{1,2}\/\d{1,2}\/\d{2}$/.test(trimmed) ? 'M/d/yy' : /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? 'yyyy-MM-dd' : undefined;
  if (!format) return undefined;
  const date = DateTime.fromFormat(trimmed, format, { zone: 'UTC' });
  return date.isValid ? date.toISODate()! : undefined;
}

describe('whole days: a day is a whole number', () => {
  it('counts days from 1970-01-01 and back, for every day from 1800 to 2200', () => {
    const start = DateTime.utc(1800, 1, 1);
    for (let offset = 0; offset < 146_097; offset++) {
      const date = start.plus({ days: offset });
      const day = dayOf(date.year, date.month, date.day);
      expect(day).toBe(Math.round(date.toMillis() / 86_400_000));
      expect(civilOf(day)).toEqual({ year: date.year, month: date.month, day: date.day });
    }
    expect(isoDay(0)).toBe('1970-01-01');
    expect(isoDay(dayOf(2028, 2, 29))).toBe('2028-02-29');
    expect(isoDay(dayOf(12, 3, 4))).toBe('0012-03-04');
  });

  it.each([
    ['2026-11-20', '2026-11-20'],
    [' 11/20/2026 ', '2026-11-20'],
    ['1/2/2026', '2026-01-02'],
    ['11/20/26', '2026-11-20'],
    ['2/29/60', '2060-02-29'],
    ['1/1/61', '1961-01-01'],
    ['12/31/99', '1999-12-31'],
    ['2/29/2028', '2028-02-29'],
    ['2/29/2026', undefined],
    ['2/29/1900', undefined],
    ['2/29/2000', '2000-02-29'],
    ['2026-02-30', undefined],
    ['13/1/2026', undefined],
    ['0/1/2026', undefined],
    ['1/0/2026', undefined],
    ['2026-1-5', undefined],
    ['11/20/202', undefined],
    ['20/11/2026', undefined],
    ['next Tuesday', undefined],
    ['', undefined],
  ])('reads %j as %s, as luxon did', (text, expected) => {
    const day = parseDay(text);
    expect(day === undefined ? undefined : isoDay(day)).toBe(expected);
    expect(luxonDay(text)).toBe(expected);
  });

  it('accepts and refuses exactly the slash dates luxon did', () => {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        for (const year of ['00', '24', '59', '60', '61', '99', '1900', '2000', '2024', '2026', '2100']) {
          const text = `${month}/${day}/${year}`;
          const ours = parseDay(text);
          expect(ours === undefined ? undefined : isoDay(ours), text).toBe(luxonDay(text));
        }
      }
    }
  });

  it('reads what the two patterns it is written after read, over 100,000 generated texts', () => {
    // The patterns parseDay spelled out (and luxon before it): a date is one of these shapes, then a real day.
    const reference = (text: string): string | undefined => {
      const trimmed = text.trim();
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
      const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(trimmed);
      if (!iso && !slashed) return undefined;
      const written = slashed?.[3];
      const [year, month, day] = iso
        ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
        : [written!.length === 2 ? (Number(written) > 60 ? 1900 : 2000) + Number(written) : Number(written), Number(slashed![1]), Number(slashed![2])];
      return month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ? undefined : isoDay(dayOf(year, month, day));
    };
    // Digits, separators, spaces, other digits (Arabic-Indic, full-width) and the pieces dates are made of.
    const pieces = ['0', '1', '2', '3', '9', '/', '/', '-', '-', ' ', '\t', 'x', ':', '.', '\u0661', '\uff11', '00', '12', '29', '31', '02', '2026', '1900', '2000', '60', '61'];
    const random = seededRandom(1120);
    for (let round = 0; round < 50_000; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const day = parseDay(text);
      expect(day === undefined ? undefined : isoDay(day), JSON.stringify(text)).toBe(reference(text));
    }
    // Real dates in each spelling with one character changed, dropped or doubled: the near misses.
    const near = ['0', '9', ':', '/', '-', ' ', '.', '\u0661', '\uff11', ''];
    for (let round = 0; round < 50_000; round++) {
      const [year, month, day] = [1900 + Math.floor(random() * 200), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 31)];
      const style = Math.floor(random() * 3);
      const written = style === 0 ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : `${month}/${day}/${style === 1 ? year : String(year % 100).padStart(2, '0')}`;
      const at = Math.floor(random() * written.length);
      const change = near[Math.floor(random() * near.length)]!;
      const text = random() < 0.8 ? written.slice(0, at) + change + written.slice(at + 1) : written.slice(0, at) + written[at] + written.slice(at);
      const parsed = parseDay(text);
      expect(parsed === undefined ? undefined : isoDay(parsed), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('adds periods by the calendar as luxon does: a month without the day ends at its last day', () => {
    const periods = ['1 day', '90 days', '2 weeks', 'month', '1 month', '13 months', '1 year', '4 years'];
    for (let offset = 0; offset < 3 * 366; offset += 1) {
      const from = DateTime.utc(2027, 1, 1).plus({ days: offset });
      const day = dayOf(from.year, from.month, from.day);
      for (const text of periods) {
        const period = parsePeriod(text)!;
        const luxon = from.plus(Duration.fromObject({ [`${period.unit}s`]: period.count }));
        expect(isoDay(addPeriod(day, period)), `${from.toISODate()} + ${text}`).toBe(luxon.toISODate());
      }
    }
    expect(isoDay(addPeriod(dayOf(2026, 1, 31), { count: 1, unit: 'month' }))).toBe('2026-02-28');
    expect(isoDay(addPeriod(dayOf(2028, 2, 29), { count: 1, unit: 'year' }))).toBe('2029-02-28');
    expect(isoDay(addPeriod(dayOf(2026, 12, 15), { count: 1, unit: 'month' }))).toBe('2027-01-15');
  });

  it('reads periods and refuses what is not one', () => {
    expect(parsePeriod('1 month')).toEqual({ count: 1, unit: 'month' });
    expect(parsePeriod(' 90 Days ')).toEqual({ count: 90, unit: 'day' });
    expect(parsePeriod('Weekly')).toBeUndefined();
    expect(parsePeriod('0 days')).toBeUndefined();
    expect(parsePeriod('-1 month')).toBeUndefined();
  });

  it('takes "today" in the config zone: late evening in New York is already tomorrow in Tokyo', () => {
    const now = new Date('2026-11-26T23:30:00-05:00');
    expect(isoDay(todayIn(now, 'America/New_York'))).toBe('2026-11-26');
    expect(isoDay(todayIn(now, 'Asia/Tokyo'))).toBe('2026-11-27');
    expect(isoDay(todayIn(now, 'UTC'))).toBe('2026-11-27');
  });
});
