/**
 * The behaviours the http check tests need, as one request handler shared by
 * the plain and the HTTPS loopback servers. `stats` records what the server
 * saw, so tests can prove what the client did (stopped reading, closed a socket).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HUGE_BYTES = 50 * 1024 * 1024;

export const stats = {
  /** Bytes of the huge body the server managed to hand to the socket. */
  hugeBytesSent: 0,
  hugeClosed: false,
  hangClosed: false,
  requests: [] as string[],
};

function streamHuge(response: ServerResponse, totalBytes: number): void {
  const tail = Buffer.from('THE END');
  const chunk = Buffer.alloc(64 * 1024, 'x');
  stats.hugeBytesSent = 0;
  stats.hugeClosed = false;
  response.on('close', () => {
    stats.hugeClosed = true;
  });
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': totalBytes + tail.length });
  const pump = () => {
    while (stats.hugeBytesSent < totalBytes && !response.destroyed) {
      stats.hugeBytesSent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end(tail);
  };
  pump();
}

export function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  stats.requests.push(`${request.method} ${url.pathname}`);
  const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (redirect) {
    const left = Number(redirect[1]);
    if (left === 0) {
      response.end('arrived');
    } else {
      response.writeHead(302, { location: `/redirect/${left - 1}` }).end();
    }
    return;
  }
  switch (url.pathname) {
    case '/ok':
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hello</body></html>');
      return;
    case '/json':
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "OK", "version": "1.2.3"}');
      return;
    case '/long':
      response.end(`${'a'.repeat(100)}\n\n   ${'b'.repeat(100)}`);
      return;
    case '/unavailable':
      response.writeHead(503).end('Service Unavailable:\n  database down');
      return;
    case '/empty-error':
      response.writeHead(500).end();
      return;
    case '/missing':
      response.writeHead(404).end('not found');
      return;
    case '/slow':
      setTimeout(() => response.end('finally'), Number(url.searchParams.get('ms') ?? 300));
      return;
    case '/hang':
      stats.hangClosed = false;
      response.on('close', () => {
        stats.hangClosed = true;
      });
      return;
    case '/huge':
      streamHuge(response, Number(url.searchParams.get('mib') ?? HUGE_BYTES / 1_048_576) * 1_048_576);
      return;
    case '/loop':
      response.writeHead(302, { location: '/loop' }).end();
      return;
    case '/hang-up':
      request.socket.destroy();
      return;
    case '/echo': {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (piece: string) => (body += piece));
      request.on('end', () => {
        const headers = Object.entries(request.headers)
          .map(([name, value]) => `${name}=${String(value)}`)
          .join(' ');
        response.end(`${request.method} ${body} | ${headers}`);
      });
      return;
    }
    default:
      response.writeHead(404).end('no such route');
  }
}
