/**
 * A stand-in for Gatus' `GET /api/v1/endpoints/statuses` on 127.0.0.1, answering as Gatus'
 * source does (github.com/TwiN/gatus):
 * - every endpoint at once, sorted by key (storage/store/memory/memory.go), as `endpoint.Status`
 *   (config/endpoint/status.go: `name` and `group` omitted when empty, `key` from
 *   config/key/key.go) with `results` as `endpoint.Result` (config/endpoint/result.go:
 *   `duration` in nanoseconds, `errors` omitted when none, `conditionResults`);
 * - `page` and `pageSize` page each endpoint's results, page 1 the newest, oldest first within
 *   the page (api/util.go: defaults 1 and 50, page 1 capped at `maximum-number-of-results`, 100;
 *   `getStartAndEndIndex` in storage/store/memory/util.go);
 * - an endpoint without results has `results: []` (memory store) or `null` (SQL store, `sqlStore`);
 * - with `basic`, a request without the login → 401 `Unauthorized` with `WWW-Authenticate: Basic`
 *   (security/config.go).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './http.js';

export interface StandInResult {
  success: boolean;
  timestamp: Date;
  status?: number;
  errors?: string[];
  conditionResults?: { condition: string; success: boolean }[];
}

export interface StandInEndpoint {
  group?: string;
  name: string;
  /** Oldest first. */
  results: StandInResult[];
}

export interface GatusFixture {
  endpoints: StandInEndpoint[];
  basic?: { username: string; password: string };
  sqlStore?: boolean;
}

/** Gatus' key of an endpoint: group and name sanitized, joined with `_` (config/key/key.go). */
export function gatusKey(group: string, name: string): string {
  const sanitize = (text: string) => text.trim().toLowerCase().replace(/[/_.,\s#+&]/g, '-');
  return `${sanitize(group)}_${sanitize(name)}`;
}

const MAXIMUM_NUMBER_OF_RESULTS = 100;

/** The page of results Gatus answers: page 1 the newest `pageSize`, oldest first within it. */
function page<T>(results: T[], pageNumber: number, pageSize: number): T[] {
  const start = Math.max(0, results.length - pageNumber * pageSize);
  const end = Math.min(results.length, results.length - (pageNumber - 1) * pageSize);
  return start > results.length || end < 0 ? [] : results.slice(start, Math.max(start, end));
}

function toResult(result: StandInResult): Record<string, unknown> {
  return {
    ...(result.status === undefined ? {} : { status: result.status }),
    hostname: 'example.org',
    duration: 150_000_000,
    ...(result.errors && result.errors.length > 0 ? { errors: result.errors } : {}),
    ...(result.conditionResults ? { conditionResults: result.conditionResults } : {}),
    success: result.success,
    timestamp: result.timestamp.toISOString(),
  };
}

export function gatusHandler(fixture: GatusFixture): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/v1/endpoints/statuses') return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Cannot GET');
    if (fixture.basic) {
      const expected = `Basic ${Buffer.from(`${fixture.basic.username}:${fixture.basic.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected) return void response.writeHead(401, { 'www-authenticate': 'Basic', 'content-type': 'text/plain; charset=utf-8' }).end('Unauthorized');
    }
    const number = (name: string, fallback: number) => {
      const value = Number.parseInt(url.searchParams.get(name) ?? '', 10);
      return Number.isNaN(value) || value < 1 ? fallback : value;
    };
    const pageNumber = number('page', 1);
    let pageSize = number('pageSize', 50);
    if (pageNumber === 1 && pageSize > MAXIMUM_NUMBER_OF_RESULTS) pageSize = MAXIMUM_NUMBER_OF_RESULTS;
    const statuses = fixture.endpoints
      .map((endpoint) => {
        const results = page(endpoint.results, pageNumber, pageSize).map(toResult);
        return {
          ...(endpoint.name ? { name: endpoint.name } : {}),
          ...(endpoint.group ? { group: endpoint.group } : {}),
          key: gatusKey(endpoint.group ?? '', endpoint.name),
          results: fixture.sqlStore && results.length === 0 ? null : results,
        };
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(statuses));
  };
}

export function startGatus(fixture: GatusFixture): Promise<TestHttpServer> {
  const handle = gatusHandler(fixture);
  return startHttpServer((_url, request, response) => handle(request, response));
}
