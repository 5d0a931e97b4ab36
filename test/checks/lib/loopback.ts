/**
 * A real HTTP server on 127.0.0.1 for the checks that read a URL: each route answers
 * with a fixed status, headers and body, or never answers (`hang`). Requests are recorded
 * so tests can assert what was sent.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface Loopback {
  url(path: string): string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startLoopback(routes: Record<string, Route>): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    requests.push({ method, path, headers: request.headers });
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
