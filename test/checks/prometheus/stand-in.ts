/**
 * A loopback Prometheus: `GET /api/v1/query?query=…` answering with the envelope of
 * prometheus/prometheus `docs/querying/api.md` ("Format overview": `status`, `data`,
 * `errorType`, `error`, `warnings`, `infos`; "Expression query result formats": `vector`
 * series as `{ metric, value: [<unix_time>, "<sample_value>"] }` or `histogram` for native
 * histograms, `scalar` and `string` as `[<unix_time>, "<value>"]`, `matrix` with `values`),
 * and errors as `respondError` in `web/api/v1/api.go` sends them: the same envelope with
 * `errorType` `bad_data` (400), `execution` (422) or `timeout` (503). Sample values are
 * strings as Go's strconv writes them (`+Inf`, `-Inf`, `NaN`).
 */
import type { ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from '../../servers/http.js';

/** What a query answers: `data` for a success, or a raw status and body. */
export type Answer = { data: { resultType: string; result: unknown }; warnings?: string[] } | { status: number; body: unknown };

export interface PrometheusState {
  /** Answers by query text; any other query is a parse error. */
  queries: Record<string, Answer>;
  /** When set, requests without this Authorization header get a 401. */
  authorization?: string;
}

const TIME = 1_795_600_800.123;

/** One instant-vector series: labels and a sample value as Prometheus writes it. */
export function series(metric: Record<string, string>, value: string) {
  return { metric, value: [TIME, value] };
}

export function vector(...result: unknown[]): Answer {
  return { data: { resultType: 'vector', result } };
}

export function scalar(value: string): Answer {
  return { data: { resultType: 'scalar', result: [TIME, value] } };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' }).end(text);
}

export function apiError(status: number, errorType: string, error: string): Answer {
  return { status, body: { status: 'error', errorType, error } };
}

export function startPrometheus(state: PrometheusState): Promise<TestHttpServer> {
  return startHttpServer((url, request, response) => {
    if (state.authorization !== undefined && request.headers.authorization !== state.authorization) {
      send(response, 401, 'Unauthorized\n');
      return;
    }
    if (!url.pathname.endsWith('/api/v1/query')) {
      send(response, 404, '404 page not found\n');
      return;
    }
    const query = url.searchParams.get('query') ?? '';
    const answer = state.queries[query] ?? apiError(400, 'bad_data', `invalid parameter "query": 1:1: parse error: unexpected character: '${query.slice(0, 1)}'`);
    if ('status' in answer) send(response, answer.status, answer.body);
    else send(response, 200, { status: 'success', data: answer.data, ...(answer.warnings ? { warnings: answer.warnings } : {}) });
  });
}
