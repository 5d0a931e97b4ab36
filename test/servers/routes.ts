/**
 * A real HTTP server on 127.0.0.1 for the checks that read a URL: each route answers
 * with a fixed status, headers and body, or never answers (`hang`). Requests are recorded
 * so tests can assert what was sent.
 */
import { startHttpServer, type TestHttpServer } from './http.js';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer: for timeouts. */
  hang?: boolean;
  /** Answer by method, e.g. a server that refuses HEAD. */
  byMethod?: Record<string, Omit<Route, 'byMethod'>>;
}

export type Loopback = TestHttpServer;

/** A server answering fixed routes by exact path. */
export function startLoopback(routes: Record<string, Route>): Promise<Loopback> {
  return startHttpServer((url, request, response) => {
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    const found = routes[path];
    const route = found?.byMethod?.[method] ?? found;
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no route ${path}`);
      return;
    }
    if (route.hang) return;
    const body = route.body === undefined ? '' : typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
    const contentType = typeof route.body === 'string' ? 'text/plain' : 'application/json';
    response.writeHead(route.status ?? 200, { 'content-type': contentType, ...route.headers });
    response.end(method === 'HEAD' ? undefined : body);
  });
}
