/**
 * `trigger` reading local CSV/TSV files: levels, snoozes, links, `every`,
 * headers and every malformed row, with "now" fixed at 11/26/2026 noon UTC.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import trigger from '../../../main/checks/trigger/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { runCheck } from '../../helpers/context.js';

const fixtures = fileURLToPath(new URL('../../fixtures/trigger/', import.meta.url));
const NOW = new Date('2026-11-26T12:00:00Z');
const SHEET_LINK = 'https://docs.google.com/spreadsheets/d/abc/edit#gid=0&range=A{{ROW}}';
const rowLink = (row: number) => SHEET_LINK.replace('{{ROW}}', String(row));

function run(params: Record<string, unknown>, overrides: { now?: Date; timezone?: string; link?: string; configDir?: string } = {}): Promise<CheckStatus[]> {
  return runCheck(trigger, params, {
    now: () => overrides.now ?? NOW,
    timezone: overrides.timezone ?? 'UTC',
    link: overrides.link ?? SHEET_LINK,
    configDir: overrides.configDir ?? fixtures,
  });
}

/** A throwaway config folder holding one sheet file. */
function sheetFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-trigger-'));
  writeFileSync(join(dir, name), text);
  return dir;
}

describe('trigger: a CSV with a header naming its columns in any order', () => {
  it('reports past due, due today and within warn days, hides the snoozed row, and sums up the rest in one OK', async () => {
    expect(await run({ source: 'renewals.csv' })).toEqual([
      { metric: 'Renew domain, example.com', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago); next after that 2026-12-20', link: rowLink(2) },
      { metric: "Dog's monthly pill", level: 'WARNING', result: 'Due today; next after that 2026-12-26', link: rowLink(3) },
      { metric: 'SOC 2 audit', level: 'WARNING', result: 'Due in 3 days (2026-11-29)', link: 'https://audit.example/soc2' },
      // Snoozed until 11/26/2026 = today: the snooze is over, the row shows again.
      { metric: 'Smoke alarm batteries', level: 'ERROR', result: 'Past due 2026-11-01 (25 days ago)', link: rowLink(7) },
      { level: 'OK', result: '2 dates, next 2026-12-15: Renew TLS cert; 1 snoozed', link: rowLink(5) },
    ]);
  });

  it('shows the snoozed row once its snooze-until day arrives', async () => {
    const statuses = await run({ source: 'renewals.csv' }, { now: new Date('2026-12-05T12:00:00Z') });
    expect(statuses).toContainEqual({ metric: 'Backup restore drill', level: 'ERROR', result: 'Past due 2026-12-01 (4 days ago)', link: rowLink(6) });
  });

  it('is one OK line when nothing is near', async () => {
    const dir = sheetFile('fine.csv', 'Action,Due\nPassport,1/1/2030\nRenew lease,2027-06-30\n');
    expect(await run({ source: 'fine.csv' }, { configDir: dir })).toEqual([{ level: 'OK', result: '2 dates, next 2027-06-30: Renew lease', link: rowLink(3) }]);
  });

  it('names the first of the rows due soonest in the OK line, with that row\'s link', async () => {
    const dir = sheetFile('tied.csv', 'Action,Due,Link\nPassport,1/1/2030,\nRenew lease,2027-06-30,\nRenew car,2027-06-30,https://cars.example\nTax,6/30/27,\n');
    expect(await run({ source: 'tied.csv' }, { configDir: dir })).toEqual([{ level: 'OK', result: '4 dates, next 2027-06-30: Renew lease', link: rowLink(3) }]);
    const linked = sheetFile('tied.csv', 'Action,Due,Link\nPassport,1/1/2030,\nRenew car,2027-06-30,https://cars.example\nRenew lease,2027-06-30,\n');
    expect(await run({ source: 'tied.csv' }, { configDir: linked })).toEqual([{ level: 'OK', result: '3 dates, next 2027-06-30: Renew car', link: 'https://cars.example' }]);
  });
});

describe('trigger: a CSV separated by semicolons (Excel in much of Europe)', () => {
  // Saved by Excel as "CSV UTF-8": a byte order mark, semicolons, a quoted semicolon, and a comma inside a later cell.
  const expected: CheckStatus[] = [
    { metric: 'Renew domain; example.com', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
    { metric: "Dog's monthly pill", level: 'WARNING', result: 'Due in 2 days (2026-11-28)', link: 'https://vet.example/pill?a=1,2' },
    { level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(4) },
  ];

  it('is read with `;` as the separator', async () => {
    expect(await run({ source: 'semicolons.csv' })).toEqual(expected);
  });

  it('is read the same when `format: csv` is written out', async () => {
    expect(await run({ source: 'semicolons.csv', format: 'csv' })).toEqual(expected);
  });

  it('is read by position when it has no header', async () => {
    const dir = sheetFile('plain.csv', 'Renew lease;11/20/2026;7\nPassport;1/1/2030\n');
    expect(await run({ source: 'plain.csv' }, { configDir: dir })).toEqual([
      { metric: 'Renew lease', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(1) },
      { level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(2) },
    ]);
  });

  it('leaves a comma CSV alone when a cell holds a semicolon', async () => {
    const dir = sheetFile('commas.csv', 'Action,Due\n"Pill; half dose",11/20/2026\n');
    expect(await run({ source: 'commas.csv' }, { configDir: dir })).toEqual([
      { metric: 'Pill; half dose', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
    ]);
  });
});

describe('trigger: malformed rows', () => {
  it('reports each malformed row as its own ERROR naming the row, the problem and the content, and still evaluates the rest', async () => {
    expect(await run({ source: 'malformed.csv' })).toEqual([
      {
        metric: 'row 2',
        level: 'ERROR',
        result: 'due date "11/31/2026" is not a date like 2026-11-20 or 11/20/2026 (row reads: Renew domain | 11/31/2026 | 7)',
        link: rowLink(2),
      },
      { metric: 'row 3', level: 'ERROR', result: 'the due date is missing (row reads: Pay insurance |  | 3)', link: rowLink(3) },
      { metric: 'row 4', level: 'ERROR', result: 'the due date is missing (row reads: Short row)', link: rowLink(4) },
      { metric: 'row 5', level: 'ERROR', result: 'the action is empty (row reads:  | 12/1/2026)', link: rowLink(5) },
      {
        metric: 'row 7',
        level: 'ERROR',
        result: 'warn days "soon" is not a whole number of days like 7 (row reads: Check smoke alarms | 12/24/2026 | soon)',
        link: rowLink(7),
      },
      { metric: 'Taxes, quarterly', level: 'WARNING', result: 'Due in 5 days (2026-12-01)', link: rowLink(8) },
      {
        metric: 'row 9',
        level: 'ERROR',
        result:
          'due date "tomorrow" is not a date like 2026-11-20 or 11/20/2026; warn days "x" is not a whole number of days like 7; snooze-until "someday" is not a date like 2026-11-20 or 11/20/2026 (row reads: Water plants | tomorrow | x | someday)',
        link: rowLink(9),
      },
      {
        metric: 'row 11',
        level: 'ERROR',
        result: 'due date "2027-02-30" is not a date like 2026-11-20 or 11/20/2026 (row reads: Car service | 2027-02-30 | 0)',
        link: rowLink(11),
      },
    ]);
  });

  it('names a repeat period it cannot read', async () => {
    const dir = sheetFile('every.csv', 'Action,Due,Every\nDog pill,12/20/2026,fortnightly\n');
    expect(await run({ source: 'every.csv' }, { configDir: dir })).toEqual([
      {
        metric: 'row 2',
        level: 'ERROR',
        result: 'every "fortnightly" is not a period like "1 month", "90 days", "2 weeks" or "1 year" (row reads: Dog pill | 12/20/2026 | fortnightly)',
        link: rowLink(2),
      },
    ]);
  });
});

describe('trigger: headers and positions', () => {
  const scenarios: { name: string; file: string; text?: string; header?: boolean | 'auto'; expected: CheckStatus[] }[] = [
    {
      name: 'no header: columns by position (action, due, warn, snooze), extra columns ignored',
      file: 'positional.tsv',
      expected: [
        { metric: 'Renew domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(1) },
        { metric: 'Dog pill', level: 'WARNING', result: 'Due in 2 days (2026-11-28)', link: rowLink(2) },
        { metric: undefined, level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(3) },
      ],
    },
    {
      name: 'header: true (the original skipHeaders) skips the first row whatever it says',
      file: 'positional.tsv',
      header: true,
      expected: [
        { metric: 'Dog pill', level: 'WARNING', result: 'Due in 2 days (2026-11-28)', link: rowLink(2) },
        { metric: undefined, level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(3) },
      ],
    },
    {
      name: 'a header that does not name the action and due columns says which names it expects, and falls back to positions',
      file: 'unnamed-header.tsv',
      expected: [
        {
          metric: 'header row',
          level: 'WARNING',
          result:
            'the header row (Thing | When | Warn) names no action or due column: name the action as Action, Item, Task or What, and the due date as Due, Due date, Date or Next (optional: Warn, Snooze, Every, Link); meanwhile the columns are read by position (1 action, 2 due date, 3 warn days, 4 snooze until); set `header: true` if that is meant',
          link: rowLink(1),
        },
        { metric: 'Renew domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
        { metric: undefined, level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(3) },
      ],
    },
    {
      name: 'a header of words it does not know at all is still taken for a header, and says what it expects',
      file: 'unknown-header.csv',
      text: 'What to do,By when\nRenew domain,11/20/2026\n',
      expected: [
        {
          metric: 'header row',
          level: 'WARNING',
          result:
            'the header row (What to do | By when) names no action or due column: name the action as Action, Item, Task or What, and the due date as Due, Due date, Date or Next (optional: Warn, Snooze, Every, Link); meanwhile the columns are read by position (1 action, 2 due date, 3 warn days, 4 snooze until); set `header: true` if that is meant',
          link: rowLink(1),
        },
        { metric: 'Renew domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
      ],
    },
    {
      name: 'a first row with a bad date is a malformed row, not a header',
      file: 'bad-first-row.csv',
      text: 'Renew lease,11/31/2026,7\n',
      expected: [{ metric: 'row 1', level: 'ERROR', result: 'due date "11/31/2026" is not a date like 2026-11-20 or 11/20/2026 (row reads: Renew lease | 11/31/2026 | 7)', link: rowLink(1) }],
    },
    {
      name: 'header: false reads a header row as a malformed row',
      file: 'unnamed-header.tsv',
      header: false,
      expected: [
        { metric: 'row 1', level: 'ERROR', result: 'due date "When" is not a date like 2026-11-20 or 11/20/2026; warn days "Warn" is not a whole number of days like 7 (row reads: Thing | When | Warn)', link: rowLink(1) },
        { metric: 'Renew domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
        { metric: undefined, level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(3) },
      ],
    },
  ];
  it.each(scenarios)('$name', async ({ file, header, text, expected }) => {
    const statuses = await run({ source: file, ...(header !== undefined && { header }) }, text === undefined ? {} : { configDir: sheetFile(file, text) });
    expect(statuses.map(({ metric, level, result, link }) => ({ metric, level, result, link }))).toEqual(expected);
  });
});

describe('trigger: format detection and odd files', () => {
  const scenarios: { name: string; file: string; text: string; params?: Record<string, unknown>; expected: CheckStatus[] }[] = [
    {
      name: 'tabs in a .txt file are sniffed as TSV',
      file: 'sheet.txt',
      text: 'Action\tDue\nRenew, domain\t11/20/2026\n',
      expected: [{ metric: 'Renew, domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) }],
    },
    {
      name: '`format` overrides the extension',
      file: 'sheet.csv',
      text: 'Action\tDue\nRenew, domain\t11/20/2026\n',
      params: { format: 'tsv' },
      expected: [{ metric: 'Renew, domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) }],
    },
    {
      name: 'a byte-order mark and two-digit years',
      file: 'bom.csv',
      text: '\uFEFFAction,Due,Warn\nRenew domain,11/27/26,1\n',
      expected: [{ metric: 'Renew domain', level: 'WARNING', result: 'Due in 1 day (2026-11-27)', link: rowLink(2) }],
    },
    {
      name: 'the same action twice keeps two lines apart by row number',
      file: 'twice.csv',
      text: 'Action,Due\nDog pill,11/20/2026\nDog pill,11/21/2026\n',
      expected: [
        { metric: 'Dog pill (row 2)', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
        { metric: 'Dog pill (row 3)', level: 'ERROR', result: 'Past due 2026-11-21 (5 days ago)', link: rowLink(3) },
      ],
    },
    {
      name: 'a sheet with only a header warns that it holds no dates',
      file: 'empty.csv',
      text: 'Action,Due\n\n',
      expected: [{ level: 'WARNING', result: 'the sheet has no dates: expected rows of action, due date', link: rowLink(2) }],
    },
    {
      name: 'everything snoozed is still an OK line saying so',
      file: 'snoozed.csv',
      text: 'Action,Due,Warn,Snooze until\nRenew domain,11/20/2026,0,12/1/2026\n',
      expected: [{ level: 'OK', result: 'no other dates; 1 snoozed', link: rowLink(2) }],
    },
  ];
  it.each(scenarios)('$name', async ({ file, text, params, expected }) => {
    expect(await run({ source: file, ...params }, { configDir: sheetFile(file, text) })).toEqual(expected);
  });
});

describe('trigger: "today" is in the configured time zone', () => {
  // 23:30 UTC on 11/25 is already 12:30 on 11/26 in Auckland.
  const lateEvening = new Date('2026-11-25T23:30:00Z');
  const text = 'Action,Due,Warn\nPay rates,11/25/2026,0\nRenew domain,11/26/2026,3\n';
  it('in UTC the 25th is today and the 26th tomorrow', async () => {
    expect(await run({ source: 'tz.csv' }, { configDir: sheetFile('tz.csv', text), now: lateEvening })).toEqual([
      { metric: 'Pay rates', level: 'WARNING', result: 'Due today', link: rowLink(2) },
      { metric: 'Renew domain', level: 'WARNING', result: 'Due in 1 day (2026-11-26)', link: rowLink(3) },
    ]);
  });
  it('in Pacific/Auckland the 25th is past and the 26th today', async () => {
    expect(await run({ source: 'tz.csv' }, { configDir: sheetFile('tz.csv', text), now: lateEvening, timezone: 'Pacific/Auckland' })).toEqual([
      { metric: 'Pay rates', level: 'ERROR', result: 'Past due 2026-11-25 (1 day ago)', link: rowLink(2) },
      { metric: 'Renew domain', level: 'WARNING', result: 'Due today', link: rowLink(3) },
    ]);
  });
});

describe('trigger: a source that cannot be read', () => {
  it('is one ERROR naming the file', async () => {
    expect(await run({ source: 'missing.csv' })).toEqual([
      { level: 'ERROR', result: `cannot read ${join(fixtures, 'missing.csv')}: no such file`, link: rowLink(1) },
    ]);
  });
  it('is one ERROR for a folder', async () => {
    expect(await run({ source: '.' })).toEqual([{ level: 'ERROR', result: `cannot read ${fixtures.replace(/\/$/, '')}: it is a folder, expected a CSV or TSV file`, link: rowLink(1) }]);
  });
});

describe('trigger: config', () => {
  const scenarios: { name: string; params: Record<string, unknown>; message: string }[] = [
    { name: 'neither source nor sheet', params: {}, message: 'give exactly one of `source` (a CSV/TSV file or URL) and `sheet` (Google Sheets API)' },
    {
      name: 'both source and sheet',
      params: { source: 'a.csv', sheet: { spreadsheetId: 'x', apiKey: 'k' } },
      message: 'give exactly one of `source` (a CSV/TSV file or URL) and `sheet` (Google Sheets API)',
    },
    { name: 'a sheet without credentials', params: { sheet: { spreadsheetId: 'x' } }, message: '`sheet` needs `keyFile` (a service-account key) or `apiKey`' },
    { name: 'a sheet with both credentials', params: { sheet: { spreadsheetId: 'x', apiKey: 'k', keyFile: 'key.json' } }, message: '`sheet` takes `keyFile` or `apiKey`, not both: remove one' },
    { name: 'format without source', params: { sheet: { spreadsheetId: 'x', apiKey: 'k' }, format: 'tsv' }, message: '`format` applies to `source` only: remove it or use `source`' },
    { name: 'an unknown header setting', params: { source: 'a.csv', header: 'yes' }, message: 'must be "auto", true or false (without quotes), got "yes"' },
    { name: 'a quoted "true" for header', params: { source: 'a.csv', header: 'true' }, message: 'must be "auto", true or false (without quotes), got "true"' },
  ];
  it.each(scenarios)('refuses $name', ({ params, message }) => {
    const parsed = trigger.schema.safeParse(params);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it('defaults header to auto and the sheet range to the first tab', () => {
    expect(trigger.schema.parse({ sheet: { spreadsheetId: 'x', apiKey: 'k' } })).toEqual({ header: 'auto', sheet: { spreadsheetId: 'x', apiKey: 'k', range: 'A:Z' } });
  });
});
