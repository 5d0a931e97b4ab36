/** A loopback HTTP server that records the requests it gets: stands in for a heartbeat service. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordingServer {
  url: string;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startRecordingServer(status = 200): Promise<RecordingServer> {
  const requests: RecordingServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request: IncomingMessage, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '' });
    response.statusCode = status;
    response.end('OK');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
