/**
 * `trigger` reading through the Sheets v4 API (@googleapis/sheets) from a real
 * stand-in server on 127.0.0.1, reached through the client's `rootUrl`. The client's
 * requests go through the network layer (its fetch), which the size cap and the
 * wording of a refused connection prove.
 *
 * API-key mode is tested end to end. Service-account mode is tested up to the
 * token exchange: google-auth-library 10.5 (gtoken 8) posts the signed JWT to a
 * hard-coded https://oauth2.googleapis.com/token and ignores the key file's
 * `token_uri`, so no loopback server can stand in for Google's token endpoint.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import trigger from '../../../main/checks/trigger/index.js';
import { firstRowOf, readServiceAccountKey } from '../../../main/checks/trigger/sheets.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { runCheck } from '../../helpers/context.js';
import { startSheetsApi } from './servers.js';
import type { Loopback } from './servers.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const LINK = 'https://docs.google.com/spreadsheets/d/{{ID}}/edit#gid=0&range=A{{ROW}}';
const rowLink = (row: number) => LINK.replace('{{ROW}}', String(row));
const API_KEY = 'test-api-key';

let api: Loopback;
beforeAll(async () => {
  api = await startSheetsApi({
    apiKey: API_KEY,
    spreadsheets: {
      renewals: {
        range: 'Sheet1!A1:Z1000',
        // The API leaves out trailing empty cells and answers a blank row with [].
        values: [['Action', 'Due', 'Warn', 'Snooze until'], ['Renew domain', '11/20/2026', '7'], [], ['SOC 2 audit', '11/29/2026', '5'], ['Passport', '1/1/2030'], ['Taxes', 'Dec 1']],
      },
      'lower-range': { range: 'Renewals!A5:D7', values: [['Renew domain', '11/20/2026'], ['Passport', '1/1/2030']] },
      private: { range: 'Sheet1!A1:Z1000' },
      // A whole export where a sheet of deadlines was expected: about 9 MB of JSON.
      huge: { range: 'Sheet1!A1:B200000', values: Array.from({ length: 200_000 }, (_, row) => [`Renew the example.com domain ${row}`, '11/20/2026']) },
    },
  });
});
afterAll(() => api.close());

function run(sheet: Record<string, unknown>, configDir = process.cwd()): Promise<CheckStatus[]> {
  return runCheck(trigger, { sheet: { rootUrl: api.url('/'), ...sheet } }, { now: () => NOW, timezone: 'UTC', link: LINK, configDir });
}

describe('trigger: the Sheets API with an API key', () => {
  it('reads the values and links each line to its row', async () => {
    expect(await run({ spreadsheetId: 'renewals', apiKey: API_KEY })).toEqual([
      { metric: 'Renew domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) },
      { metric: 'SOC 2 audit', level: 'WARNING', result: 'Due in 3 days (2026-11-29)', link: rowLink(4) },
      { metric: 'row 6', level: 'ERROR', result: 'due date "Dec 1" is not a date like 2026-11-20 or 11/20/2026 (row reads: Taxes | Dec 1)', link: rowLink(6) },
      { level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(5) },
    ]);
    const request = api.requests.at(-1)!;
    expect(request.url.pathname).toBe('/v4/spreadsheets/renewals/values/A%3AZ');
    expect(request.url.searchParams.get('key')).toBe(API_KEY);
  });

  it('numbers rows from where the range starts', async () => {
    expect(await run({ spreadsheetId: 'lower-range', range: 'Renewals!A5:D', apiKey: API_KEY })).toEqual([
      { metric: 'Renew domain', level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(5) },
      { level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(6) },
    ]);
    expect(decodeURIComponent(api.requests.at(-1)!.url.pathname)).toBe('/v4/spreadsheets/lower-range/values/Renewals!A5:D');
  });

  const failures: { name: string; spreadsheetId: string; apiKey: string; result: string }[] = [
    { name: 'a wrong API key', spreadsheetId: 'renewals', apiKey: 'wrong', result: 'Sheets API: 400 API key not valid. Please pass a valid API key.' },
    { name: 'an unknown spreadsheet', spreadsheetId: 'nope', apiKey: API_KEY, result: 'Sheets API: 404 Requested entity was not found.' },
    { name: 'a sheet not shared', spreadsheetId: 'private', apiKey: API_KEY, result: 'Sheets API: 403 The caller does not have permission' },
  ];
  it.each(failures)('is one ERROR with status and message for $name', async ({ spreadsheetId, apiKey, result }) => {
    expect(await run({ spreadsheetId, apiKey })).toEqual([{ level: 'ERROR', result, link: rowLink(1) }]);
  });

  it('reads through the network layer: an answer over its size cap is refused', async () => {
    expect(await run({ spreadsheetId: 'huge', apiKey: API_KEY })).toEqual([
      { level: 'ERROR', result: 'Sheets API: the response is larger than 5 MB: is this the right URL?', link: rowLink(1) },
    ]);
  });

  it('words a refused connection like every other request, without the key in the URL', async () => {
    const closed = await startSheetsApi({ spreadsheets: {}, apiKey: API_KEY });
    const rootUrl = closed.url('/');
    await closed.close();
    const { host } = new URL(rootUrl);
    expect(await run({ spreadsheetId: 'renewals', apiKey: API_KEY, rootUrl })).toEqual([
      { level: 'ERROR', result: `Sheets API: connection refused (ECONNREFUSED ${host})`, link: rowLink(1) },
    ]);
  });
});

describe('trigger: the Sheets API with a service-account key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-sheets-key-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  writeFileSync(join(dir, 'key.json'), JSON.stringify({ type: 'service_account', client_email: 'backstop@example.iam.gserviceaccount.com', private_key: privateKey, private_key_id: 'k1' }));
  writeFileSync(join(dir, 'oauth-client.json'), JSON.stringify({ installed: { client_id: 'x' } }));
  writeFileSync(join(dir, 'broken.json'), '{ "client_email": ');

  const scenarios: { name: string; keyFile: string; result: string }[] = [
    { name: 'a missing key file', keyFile: 'absent.json', result: `cannot read key file ${join(dir, 'absent.json')}: no such file` },
    { name: 'a key file that is not JSON', keyFile: 'broken.json', result: `key file ${join(dir, 'broken.json')} is not JSON: download a service-account key (JSON) from the Google Cloud console` },
    {
      name: 'an OAuth client file instead of a service-account key',
      keyFile: 'oauth-client.json',
      result: `key file ${join(dir, 'oauth-client.json')} has no \`client_email\` and \`private_key\`: it must be a service-account key (JSON)`,
    },
  ];
  it.each(scenarios)('is one ERROR naming the file for $name, before any request', async ({ keyFile, result }) => {
    const before = api.requests.length;
    expect(await run({ spreadsheetId: 'renewals', keyFile }, dir)).toEqual([{ level: 'ERROR', result, link: rowLink(1) }]);
    expect(api.requests.length).toBe(before);
  });

  it('reads the identity and key from a real service-account key file', async () => {
    expect(await readServiceAccountKey(join(dir, 'key.json'))).toEqual({ client_email: 'backstop@example.iam.gserviceaccount.com', private_key: privateKey, private_key_id: 'k1' });
  });
});

describe('trigger: first row of a Sheets range', () => {
  it.each([
    ['A:Z', 1],
    ['Sheet1', 1],
    ['Sheet1!A1:Z1000', 1],
    ['Renewals!A5:D', 5],
    ["'My sheet!'!B12:F40", 12],
    ['C3', 3],
  ])('%s starts at row %i', (range, row) => {
    expect(firstRowOf(range)).toBe(row);
  });
});
