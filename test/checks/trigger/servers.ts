/**
 * Real HTTP servers on 127.0.0.1 for the `trigger` tests: a "Publish to web"
 * host and a stand-in for the Sheets v4 API, each recording what it was asked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from '../../servers/http.js';

export type Loopback = TestHttpServer;

export function startServer(handle: (url: URL, request: IncomingMessage, response: ServerResponse) => void): Promise<Loopback> {
  return startHttpServer(handle);
}

export interface SheetsApiFixture {
  /** Spreadsheet id → the `values.get` answer for any range of it. */
  spreadsheets: Record<string, { range: string; values?: string[][] }>;
  /** The API key the server accepts. */
  apiKey: string;
}

/** Answers `GET /v4/spreadsheets/{id}/values/{range}` like Google, errors included. */
export function startSheetsApi({ spreadsheets, apiKey }: SheetsApiFixture): Promise<Loopback> {
  return startServer((url, _request, response) => {
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
    const googleError = (code: number, status: string, message: string) => json(code, { error: { code, message, status } });
    const match = /^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+)$/.exec(url.pathname);
    if (!match) return googleError(404, 'NOT_FOUND', `no route ${url.pathname}`);
    if (url.searchParams.get('key') !== apiKey) return googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
    const sheet = spreadsheets[decodeURIComponent(match[1]!)];
    if (!sheet) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (sheet.values === undefined) return googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    json(200, { range: sheet.range, majorDimension: 'ROWS', values: sheet.values });
  });
}
