import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDate,
  configDuration,
  countsHeadline,
  dateAndTime,
  elapsedTime,
  formatBytes,
  forHowLong,
  forHowLongSince,
  howLong,
  howLongAgo,
  isKnownZone,
  itemTitle,
  levelCount,
  levelNoun,
  plural,
  rangeWords,
  relativeDateAndTime,
  runTrouble,
  summarizeCounts,
  triggerWords,
} from '../../shared/words.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('plural', () => {
  it.each([
    ['none', 0, 'day', undefined, '0 days'],
    ['one', 1, 'day', undefined, '1 day'],
    ['two', 2, 'day', undefined, '2 days'],
    ['an irregular plural, one', 1, 'match', 'matches', '1 match'],
    ['an irregular plural, two', 2, 'match', 'matches', '2 matches'],
  ])('%s', (_name, count, noun, pluralNoun, expected) => {
    expect(plural(count, noun, pluralNoun)).toBe(expected);
  });
});

describe('levelNoun and summarizeCounts', () => {
  it.each([
    ['one error', 'ERROR', 1, 'error'],
    ['two errors', 'ERROR', 2, 'errors'],
    ['one warning', 'WARNING', 1, 'warning'],
    ['OK does not take an s', 'OK', 2, 'OK'],
  ] as const)('%s', (_name, level, count, expected) => {
    expect(levelNoun(level, count)).toBe(expected);
  });

  it.each([
    ['one error', 'ERROR', 1, '1 error'],
    ['no warnings', 'WARNING', 0, '0 warnings'],
    ['OK', 'OK', 5, '5 OK'],
  ] as const)('levelCount, %s', (_name, level, count, expected) => {
    expect(levelCount(level, count)).toBe(expected);
  });

  it.each([
    ['errors and a warning', { ERROR: 2, WARNING: 1, OK: 5 }, '2 errors, 1 warning'],
    ['one error', { ERROR: 1, WARNING: 0, OK: 0 }, '1 error'],
    ['all OK', { ERROR: 0, WARNING: 0, OK: 37 }, 'all 37 OK'],
    ['nothing', { ERROR: 0, WARNING: 0, OK: 0 }, 'nothing checked'],
  ])('%s', (_name, counts, expected) => {
    expect(summarizeCounts(counts)).toBe(expected);
  });
});

describe('countsHeadline, itemTitle and rangeWords: the window\'s headline, item names and thresholds', () => {
  it.each([
    ['all OK', { OK: 37, WARNING: 0, ERROR: 0 }, 'All 37 checks OK'],
    ['one check', { OK: 1, WARNING: 0, ERROR: 0 }, 'All 1 check OK'],
    ['one problem', { OK: 36, WARNING: 1, ERROR: 0 }, '1 of 37 checks needs attention'],
    ['problems', { OK: 34, WARNING: 1, ERROR: 2 }, '3 of 37 checks need attention'],
    ['nothing', { OK: 0, WARNING: 0, ERROR: 0 }, 'Nothing was checked'],
  ])('%s: %s', (_name, counts, expected) => expect(countsHeadline(counts)).toBe(expected));

  it('names an item by resource and metric, or the resource alone', () => {
    expect(itemTitle({ resource: 'db backup', metric: 'nightly dump' })).toBe('db backup: nightly dump');
    expect(itemTitle({ resource: 'billing-api', metric: '' })).toBe('billing-api');
  });

  it.each([
    ['a bare upper bound', { start: 0, end: 85, inside: false }, '%', 'above 85%'],
    ['no lower bound', { start: -Infinity, end: 10, inside: false }, '', 'above 10'],
    ['a lower bound', { start: 10, end: Infinity, inside: false }, 's', 'below 10s'],
    ['a band', { start: 10, end: 20, inside: false }, '', 'outside 10–20'],
    ['inside a band', { start: 10, end: 20, inside: true }, '', 'inside 10–20'],
    ['at or over', { start: 10, end: Infinity, inside: true }, '', '10 or more'],
    ['at or under', { start: -Infinity, end: 10, inside: true }, '', '10 or less'],
  ])('%s: %s', (_name, range, unit, expected) => expect(rangeWords(range, unit)).toBe(expected));
});

describe('triggerWords and runTrouble: a run as the window and the email describe it', () => {
  it.each([
    ['scheduled', 'scheduled run'],
    ['catch-up', 'catch-up run (the scheduled one was missed)'],
    ['manual', 'run started by hand'],
    ['cli', 'run from the command line'],
  ] as const)('%s is a %s', (trigger, words) => expect(triggerWords(trigger)).toBe(words));

  it('says each kind of trouble in a sentence, the notes last, and nothing for a healthy run', () => {
    expect(runTrouble({ deadlineHit: true, timedOut: ['db', 'api'], crashed: ['queue'], notes: ['history moved aside'] })).toEqual([
      'The run hit its deadline, so some checks were cut short.',
      '2 checks timed out: db, api.',
      '1 check crashed or returned garbage: queue.',
      'history moved aside',
    ]);
    expect(runTrouble({ deadlineHit: false, timedOut: ['a', 'b', 'c'], crashed: [], notes: [] }, (names) => `${names[0]} and ${names.length - 1} more`)).toEqual([
      '3 checks timed out: a and 2 more.',
    ]);
    expect(runTrouble({ deadlineHit: false, timedOut: [], crashed: [], notes: [] })).toEqual([]);
  });
});

describe('configDuration: thresholds and timeouts as the config writes them', () => {
  it.each([
    ['whole days', 7 * DAY, '7d'],
    ['hours that are not whole days', 26 * HOUR, '26h'],
    ['a day and a half is whole hours', 36 * HOUR, '36h'],
    ['minutes', 2 * MINUTE, '2m'],
    ['90 minutes stay minutes', 90 * MINUTE, '90m'],
    ['seconds', 45 * SECOND, '45s'],
    ['one exact decimal', 1500, '1.5s'],
    ['no exact decimal: milliseconds', 1250, '1250ms'],
    ['under a second', 250, '250ms'],
    ['zero', 0, '0ms'],
  ])('%s', (_name, ms, expected) => {
    expect(configDuration(ms)).toBe(expected);
  });
});

describe('elapsedTime: how long a measured thing took', () => {
  it.each([
    ['milliseconds', 850, '850 ms'],
    ['rounds to whole milliseconds', 12.4, '12 ms'],
    ['just under a second rounds up to seconds', 999.6, '1 s'],
    ['tenths below 10 s', 4230, '4.2 s'],
    ['whole tenths drop the .0', 2000, '2 s'],
    ['9.96 s is 10 s', 9960, '10 s'],
    ['whole seconds from 10 s', 42_400, '42 s'],
    ['59 s', 59 * SECOND, '59 s'],
    ['minutes and seconds', 3 * MINUTE + 5 * SECOND, '3 min 5 s'],
    ['whole minutes', 2 * MINUTE, '2 min'],
    ['hours and minutes', HOUR + 2 * MINUTE, '1 h 2 min'],
    ['whole hours', 2 * HOUR, '2 h'],
    ['negative', -5, 'unknown time'],
    ['not a number', Number.NaN, 'unknown time'],
  ])('%s', (_name, ms, expected) => {
    expect(elapsedTime(ms)).toBe(expected);
  });
});

describe('howLong: ages in the largest unit of which there are at least two', () => {
  it.each([
    ['under a second', 400, 'less than a second'],
    ['one second', SECOND, '1 second'],
    ['59 s', 59 * SECOND, '59 seconds'],
    ['90 s is still seconds', 90 * SECOND, '90 seconds'],
    ['two minutes', 2 * MINUTE, '2 minutes'],
    ['90 minutes', 90 * MINUTE, '90 minutes'],
    ['two hours', 2 * HOUR, '2 hours'],
    ['one day reads in hours', DAY, '24 hours'],
    ['26 hours, to read against "26h"', 26 * HOUR + 59 * MINUTE, '26 hours'],
    ['47 hours', 47 * HOUR, '47 hours'],
    ['48 hours is 2 days', 48 * HOUR, '2 days'],
    ['days round down', 3 * DAY + 23 * HOUR, '3 days'],
    ['the sign is ignored', -5 * HOUR, '5 hours'],
  ])('%s', (_name, ms, expected) => {
    expect(howLong(ms)).toBe(expected);
  });

  it.each([
    ['past', 3 * DAY, '3 days ago'],
    ['future', -2 * HOUR, '2 hours in the future (check the clocks)'],
  ])('howLongAgo, %s', (_name, ms, expected) => {
    expect(howLongAgo(ms)).toBe(expected);
  });

  it.each([
    ['one day', DAY, 'for 24 hours'],
    ['26 hours', 26 * HOUR, 'for 26 hours'],
    ['three days', 3 * DAY, 'for 3 days'],
    ['a start after now is just now', -MINUTE, 'for less than a second'],
  ])('forHowLong, %s', (_name, ms, expected) => {
    expect(forHowLong(ms)).toBe(expected);
  });

  it.each([
    ['a day and two hours', '2026-11-30T02:00:00Z', 'for 26 hours'],
    ['three days', '2026-11-28T04:00:00Z', 'for 3 days'],
    ['missing', '', ''],
    ['unreadable', 'yesterday', ''],
  ])('forHowLongSince, %s', (_name, since, expected) => {
    expect(forHowLongSince(since, new Date('2026-12-01T04:00:00Z'))).toBe(expected);
  });
});

describe('formatBytes: decimal units, rounded down', () => {
  it.each([
    ['zero', 0, '0 bytes'],
    ['one', 1, '1 byte'],
    ['999 B', 999, '999 bytes'],
    ['1000 B', 1000, '1 KB'],
    ['1024 B', 1024, '1 KB'],
    ['rounded down, never up', 999_999, '999.9 KB'],
    ['tenths rounded down', 1_550_000, '1.5 MB'],
    ['a mebibyte', 1_048_576, '1 MB'],
    ['megabytes', 5_000_000, '5 MB'],
    ['gigabytes', 2_345_678_901, '2.3 GB'],
    ['the largest unit', 3e18, '3000 PB'],
  ])('%s', (_name, bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('dates and moments', () => {
  // 2026-03-29 is the night Europe moves its clocks forward (02:00 → 03:00); the US moved on 2026-03-08.
  it.each([
    ['a moment in UTC', '2026-12-01T04:00:00Z', 'UTC', '2026-12-01'],
    ['late evening in New York is the next day in UTC', '2026-12-01T03:30:00Z', 'America/New_York', '2026-11-30'],
    ['early morning in Tokyo', '2026-11-30T20:00:00Z', 'Asia/Tokyo', '2026-12-01'],
    ['a written date is kept', '2026-12-01', 'Asia/Tokyo', '2026-12-01'],
    ['unreadable text is shown as written', 'next Tuesday', 'UTC', 'next Tuesday'],
  ])('calendarDate, %s', (_name, when, zone, expected) => {
    expect(calendarDate(when, zone)).toBe(expected);
  });

  it.each([
    ['UTC', '2026-12-01T04:00:00Z', 'UTC', '2026-12-01 04:00'],
    ['Berlin in winter (UTC+1)', '2026-12-01T03:00:00Z', 'Europe/Berlin', '2026-12-01 04:00'],
    ['Berlin in summer (UTC+2)', '2026-07-01T02:00:00Z', 'Europe/Berlin', '2026-07-01 04:00'],
    ['Berlin just before the spring change', '2026-03-29T00:59:00Z', 'Europe/Berlin', '2026-03-29 01:59'],
    ['Berlin just after the spring change', '2026-03-29T01:00:00Z', 'Europe/Berlin', '2026-03-29 03:00'],
    ['New York on its DST day', '2026-03-08T07:30:00Z', 'America/New_York', '2026-03-08 03:30'],
    ['midnight is 00:00, not 24:00', '2026-12-01T00:00:00Z', 'UTC', '2026-12-01 00:00'],
    ['a Date works too', new Date('2026-12-01T04:00:00Z'), 'UTC', '2026-12-01 04:00'],
    ['an unknown zone shows UTC', '2026-12-01T04:00:00Z', 'Mars/Olympus', '2026-12-01 04:00'],
    ['unreadable text is shown as written', 'soon', 'UTC', 'soon'],
  ])('dateAndTime, %s', (_name, when, zone, expected) => {
    expect(dateAndTime(when, zone)).toBe(expected);
  });

  it.each([
    ['today', '2026-12-01T04:00:00Z', 'UTC', '2026-12-01T09:00:00Z', 'today at 04:00'],
    ['yesterday', '2026-11-30T04:00:00Z', 'UTC', '2026-12-01T09:00:00Z', 'yesterday at 04:00'],
    ['tomorrow', '2026-12-02T04:00:00Z', 'UTC', '2026-12-01T09:00:00Z', 'tomorrow at 04:00'],
    ['another day', '2026-11-24T04:00:00Z', 'UTC', '2026-12-01T09:00:00Z', '2026-11-24 04:00'],
    ['days are the zone’s days', '2026-12-01T23:30:00Z', 'Europe/Berlin', '2026-12-02T08:00:00Z', 'today at 00:30'],
    // 2026-03-30 00:30 in Berlin is only 23 hours after 2026-03-29 00:30: yesterday by the calendar, not by 24 h.
    ['yesterday across a 23-hour day', '2026-03-28T23:30:00Z', 'Europe/Berlin', '2026-03-29T22:30:00Z', 'yesterday at 00:30'],
    ['an unreadable moment', 'garbage', 'UTC', '2026-12-01T09:00:00Z', 'at an unknown time'],
  ])('relativeDateAndTime, %s', (_name, when, zone, now, expected) => {
    expect(relativeDateAndTime(when, zone, new Date(now))).toBe(expected);
  });

  it.each([
    ['a known zone', 'Europe/Berlin', true],
    ['UTC', 'UTC', true],
    ['an unknown zone', 'Mars/Olympus', false],
    ['empty', '', false],
  ])('isKnownZone, %s', (_name, zone, expected) => {
    expect(isKnownZone(zone)).toBe(expected);
  });

  it('isKnownZone stays false after the zone was used (and shown in UTC)', () => {
    dateAndTime('2026-12-01T04:00:00Z', 'Atlantis/Capital');
    expect(isKnownZone('Atlantis/Capital')).toBe(false);
  });

  describe('dateAndTime and calendarDate agree with Intl to the minute, wherever the offset arithmetic takes over', () => {
    /** What the zone's wall clock says, straight from Intl: the reference the fast path must match. */
    const formatters = new Map<string, Intl.DateTimeFormat>();
    const reference = (moment: number, zone: string) => {
      let formatter = formatters.get(zone);
      if (!formatter) {
        formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        formatters.set(zone, formatter);
      }
      const parts = Object.fromEntries(formatter.formatToParts(moment).map((part) => [part.type, part.value]));
      return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    };
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia', 'Pacific/Chatham', 'America/St_Johns', 'Europe/Dublin', 'Africa/Casablanca', 'America/Sao_Paulo'];
    const minute = 60_000;
    const hour = 60 * minute;

    it.each([
      // A minute either side of each change, and the change itself.
      ['Berlin springs forward', '2026-03-29T01:00:00Z', 'Europe/Berlin'],
      ['Berlin falls back', '2026-10-25T01:00:00Z', 'Europe/Berlin'],
      ['New York springs forward', '2026-03-08T07:00:00Z', 'America/New_York'],
      ['New York falls back', '2026-11-01T06:00:00Z', 'America/New_York'],
      ['Lord Howe moves half an hour', '2026-04-04T15:00:00Z', 'Australia/Lord_Howe'],
      ['Samoa skips a whole day', '2011-12-30T10:00:00Z', 'Pacific/Apia'],
      ['Kolkata leaves Madras time (+05:21:10)', '1905-12-31T18:38:50Z', 'Asia/Kolkata'],
    ])('around a change: %s', (_name, change, zone) => {
      const at = Date.parse(change);
      for (let offset = -2 * hour; offset <= 2 * hour; offset += minute / 2) {
        const moment = at + offset;
        expect(dateAndTime(new Date(moment), zone), new Date(moment).toISOString()).toBe(reference(moment, zone));
      }
    });

    it('all through a day whose offset is not a whole number of minutes (Kolkata, +05:21:10 in 1905)', () => {
      for (let moment = Date.UTC(1905, 5, 1); moment < Date.UTC(1905, 5, 2); moment += 37_000) {
        expect(dateAndTime(new Date(moment), 'Asia/Kolkata'), new Date(moment).toISOString()).toBe(reference(moment, 'Asia/Kolkata'));
      }
    });

    it('at moments across 1890 to 3100, before, inside and after the arithmetic’s range', () => {
      // A fixed sequence (no Math.random) so a failure names the same moment every time.
      let seed = 42;
      const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const from = Date.UTC(1890, 0, 1);
      const to = Date.UTC(3100, 0, 1);
      for (let i = 0; i < 3000; i++) {
        const moment = Math.floor(from + next() * (to - from));
        const zone = zones[i % zones.length]!;
        const expected = reference(moment, zone);
        expect(dateAndTime(new Date(moment), zone), `${new Date(moment).toISOString()} in ${zone}`).toBe(expected);
        expect(calendarDate(new Date(moment), zone)).toBe(expected.slice(0, expected.indexOf(' ')));
      }
    });

    it('in the local zone too', () => {
      for (let moment = Date.UTC(2026, 0, 1); moment < Date.UTC(2027, 0, 1); moment += 7 * hour + 13 * minute) {
        const parts = new Date(moment);
        const local = `${parts.getFullYear()}-${String(parts.getMonth() + 1).padStart(2, '0')}-${String(parts.getDate()).padStart(2, '0')} ${String(parts.getHours()).padStart(2, '0')}:${String(parts.getMinutes()).padStart(2, '0')}`;
        expect(dateAndTime(parts, undefined)).toBe(local);
      }
    });
  });

  it.each([
    ['forward', '2026-12-01', 1, '2026-12-02'],
    ['across a month', '2026-11-30', 1, '2026-12-01'],
    ['back', '2026-03-01', -1, '2026-02-28'],
    ['across the DST change', '2026-03-28', 2, '2026-03-30'],
    ['not a date', 'soon', 1, 'soon'],
  ])('addDays, %s', (_name, day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });
});
