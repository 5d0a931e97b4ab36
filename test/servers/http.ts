/**
 * A real HTTP server on 127.0.0.1 for tests: a handler, a free port, every
 * request recorded, and a close that does not wait for hung connections.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
}

export interface TestHttpServer {
  /** Absolute URL of `path` on this server. */
  url(path: string): string;
  requests: RecordedRequest[];
  /** Connections open now (kept alive between requests unless the client closes them). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startHttpServer(handle: (url: URL, request: IncomingMessage, response: ServerResponse) => void): Promise<TestHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', url, headers: request.headers });
    handle(url, request, response);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
