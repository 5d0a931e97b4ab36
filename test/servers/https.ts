/**
 * A loopback HTTPS server for tests: listens on 127.0.0.1 on a free port with
 * the certificate you give it, and closes every open connection on `close()`
 * so a test that left a request hanging still shuts down.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackServer {
  /** `https://localhost:PORT` — `localhost`, so the name matches certificates made for it. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface HttpsServerOptions {
  certPem: string;
  keyPem: string;
  /** Intermediate certificates sent after the leaf. */
  chainPem?: string[];
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

const defaultHandler: RequestHandler = (_request, response) => {
  response.end('ok');
};

export async function startHttpsServer(options: HttpsServerOptions, handler: RequestHandler = defaultHandler): Promise<LoopbackServer> {
  const server = createServer({ cert: [options.certPem, ...(options.chainPem ?? [])].join('\n'), key: options.keyPem }, handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that rejects the certificate makes the server log handshake errors; they are expected here.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolvePromise());
      }),
  };
}
