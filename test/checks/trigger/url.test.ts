/**
 * `trigger` reading a published CSV/TSV URL (Google Sheets' "Publish to web")
 * from a real server on 127.0.0.1, with "now" fixed at 11/26/2026 noon UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import trigger from '../../../main/checks/trigger/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { runCheck } from '../../helpers/context.js';
import { startServer } from './servers.js';
import type { Loopback } from './servers.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const LINK = 'https://docs.google.com/spreadsheets/d/abc/edit#gid=0&range=A{{ROW}}';
const rowLink = (row: number) => LINK.replace('{{ROW}}', String(row));
const TSV = 'Action\tDue\tWarn\nRenew domain\t11/20/2026\t7\nPassport\t1/1/2030\t\n';
const CSV = 'Action,Due,Warn\n"Renew domain, example.com",11/20/2026,7\nPassport,1/1/2030,\n';

let server: Loopback;
beforeAll(async () => {
  server = await startServer((url, _request, response) => {
    const send = (status: number, contentType: string, body: string) => response.writeHead(status, { 'content-type': contentType }).end(body);
    switch (url.pathname) {
      case '/pub':
        return url.searchParams.get('output') === 'tsv' ? send(200, 'text/tab-separated-values', TSV) : send(200, 'text/csv', CSV);
      case '/moved':
        // Google answers "Publish to web" links with a redirect to googleusercontent.com.
        return response.writeHead(307, { location: '/pub?output=tsv' }).end();
      case '/download':
        return send(200, 'text/csv; charset=utf-8', CSV);
      case '/plain':
        return send(200, 'text/plain', TSV);
      case '/huge':
        // A whole export (or the wrong URL) where a sheet of deadlines was expected.
        return send(200, 'text/csv', `Action,Due\n${'Renew,11/20/2026\n'.repeat(400_000)}`);
      case '/pubhtml':
        return send(200, 'text/html; charset=utf-8', '<html><body>a sheet</body></html>');
      default:
        return send(404, 'text/html', '<html>Not Found</html>');
    }
  });
});
afterAll(() => server.close());

function run(params: Record<string, unknown>, signal?: AbortSignal): Promise<CheckStatus[]> {
  return runCheck(trigger, params, { now: () => NOW, timezone: 'UTC', link: LINK, ...(signal && { signal }) });
}

const pastDue = (metric: string): CheckStatus => ({ metric, level: 'ERROR', result: 'Past due 2026-11-20 (6 days ago)', link: rowLink(2) });
const passport: CheckStatus = { level: 'OK', result: '1 date, next 2030-01-01: Passport', link: rowLink(3) };

describe('trigger: a published URL', () => {
  const scenarios: { name: string; path: string; format?: string; expected: CheckStatus[] }[] = [
    { name: 'output=tsv in the URL means TSV', path: '/pub?output=tsv', expected: [pastDue('Renew domain'), passport] },
    { name: 'output=csv in the URL means CSV, quoted commas and all', path: '/pub?output=csv', expected: [pastDue('Renew domain, example.com'), passport] },
    { name: 'a redirect is followed', path: '/moved', expected: [pastDue('Renew domain'), passport] },
    { name: 'the content type tells CSV when the URL does not', path: '/download', expected: [pastDue('Renew domain, example.com'), passport] },
    { name: 'tabs are sniffed when neither URL nor content type tell', path: '/plain', expected: [pastDue('Renew domain'), passport] },
    // A TSV read as CSV is one cell per line: nothing names a column, so every row is malformed.
    { name: '`format` wins over everything', path: '/plain', format: 'csv', expected: [
      { metric: 'row 1', level: 'ERROR', result: 'the due date is missing (row reads: Action\tDue\tWarn)', link: rowLink(1) },
      { metric: 'row 2', level: 'ERROR', result: 'the due date is missing (row reads: Renew domain\t11/20/2026\t7)', link: rowLink(2) },
      { metric: 'row 3', level: 'ERROR', result: 'the due date is missing (row reads: Passport\t1/1/2030)', link: rowLink(3) },
    ] },
  ];
  it.each(scenarios)('$name', async ({ path, format, expected }) => {
    expect(await run({ source: server.url(path), ...(format && { format }) })).toEqual(expected);
  });

  it('names the status and the path when the sheet is gone, not the error page', async () => {
    expect(await run({ source: server.url('/gone?output=tsv') })).toEqual([
      { level: 'ERROR', result: 'status 404 Not Found on /gone, expected 2xx', link: rowLink(1) },
    ]);
  });

  it('says how to fix a link to the HTML page instead of the TSV', async () => {
    expect(await run({ source: server.url('/pubhtml') })).toEqual([
      {
        level: 'ERROR',
        result: `${server.url('/pubhtml')} returned an HTML page, not CSV/TSV: publish the sheet as .tsv or .csv (File › Share › Publish to web) and use that link`,
        link: rowLink(1),
      },
    ]);
  });

  it('sends user:password in the URL as Basic authorization, and never shows the password', async () => {
    const withUser = (path: string) => server.url(path).replace('http://', 'http://nas:s3cret@');
    expect(await run({ source: withUser('/pub?output=tsv') })).toEqual([pastDue('Renew domain'), passport]);
    expect(await run({ source: withUser('/gone?output=tsv') })).toEqual([{ level: 'ERROR', result: 'status 404 Not Found on /gone, expected 2xx', link: rowLink(1) }]);
    const closed = await startServer(() => {});
    const url = closed.url('/pub?output=tsv');
    await closed.close();
    const [row] = await run({ source: url.replace('http://', 'http://nas:s3cret@') });
    expect(row?.result).toContain(`cannot fetch ${url.replace('http://', 'http://nas@')}: connection refused`);
    expect(row?.result).not.toContain('s3cret');
  });

  it('names the reason when nothing listens', async () => {
    const closed = await startServer(() => {});
    const url = closed.url('/pub?output=tsv');
    await closed.close();
    const { host } = new URL(url);
    // The same words, code and address as every other kind that connects.
    expect(await run({ source: url })).toEqual([{ level: 'ERROR', result: `cannot fetch ${url}: connection refused (ECONNREFUSED ${host})`, link: rowLink(1) }]);
  });

  it('refuses an answer over 5 MB as one ERROR that says so', async () => {
    const url = server.url('/huge');
    expect(await run({ source: url })).toEqual([
      { level: 'ERROR', result: `cannot fetch ${url}: status 200 OK on /huge, but the response is larger than 5 MB: is this the right URL?`, link: rowLink(1) },
    ]);
  });

  it('passes the check signal on, so an aborted run stops the request', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run cancelled'));
    const [status] = await run({ source: server.url('/pub?output=tsv') }, controller.signal);
    expect(status).toMatchObject({ level: 'ERROR', result: expect.stringMatching(/^cannot fetch .*: the request was cancelled before a response arrived$/) });
  });
});
