/**
 * The shared dispatchers, seen from real loopback servers: how many connections a
 * burst of checks opens, and that closing the network closes them (idle ones at
 * once, busy ones when their request ends).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from '../../main/checks/http/index.js';
import { closeNetwork, request } from '../../main/net/index.js';
import { makeContext, runCheck } from '../helpers/context.js';
import { createCa, createLeaf } from '../servers/certs.js';
import { startHttpsServer, type LoopbackServer } from '../servers/https.js';

const configDir = mkdtempSync(join(tmpdir(), 'backstop-dispatchers-'));

beforeEach(() => closeNetwork());

describe('checks with a `ca` file, many at once', () => {
  let server: LoopbackServer;
  const seen = { tlsConnections: 0, inFlight: 0, maxInFlight: 0 };

  beforeAll(async () => {
    const ca = createCa();
    writeFileSync(join(configDir, 'ca.pem'), ca.certPem);
    server = await startHttpsServer(createLeaf(ca), (_request, response) => {
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      setTimeout(() => {
        seen.inFlight -= 1;
        response.end('ok');
      }, 50);
    });
    server.server.on('secureConnection', () => (seen.tlsConnections += 1));
  });
  afterAll(() => server.close());

  it('share one pool and open at most `connectionsPerOrigin` connections', async () => {
    // All at once, no pool in front: only the dispatcher stands between 150 checks and 150 connections.
    const rows = await Promise.all(
      Array.from({ length: 150 }, (_, index) => runCheck(http, { url: `${server.url}/${index}`, ca: 'ca.pem' }, { configDir, connectionsPerOrigin: 10 })),
    );
    expect(rows.flat().filter((row) => row.level === 'OK')).toHaveLength(150);
    expect(seen.tlsConnections).toBeLessThanOrEqual(10);
    expect(seen.maxInFlight).toBeLessThanOrEqual(10);
  });
});

describe('a `ca` file read once per version', () => {
  it('is read again when it is replaced: a changed file is never answered from an old reading', async () => {
    const first = createCa();
    const second = createCa();
    const servers = await Promise.all([first, second].map((ca) => startHttpsServer(createLeaf(ca), (_request, response) => response.end('ok'))));
    const dir = mkdtempSync(join(tmpdir(), 'backstop-ca-version-'));
    const check = (server: LoopbackServer) => runCheck(http, { url: `${server.url}/`, ca: 'ca.pem' }, { configDir: dir });
    try {
      writeFileSync(join(dir, 'ca.pem'), first.certPem);
      expect((await check(servers[0]!))[0]).toMatchObject({ level: 'OK' });
      expect((await check(servers[1]!))[0]).toMatchObject({ level: 'ERROR' });
      writeFileSync(join(dir, 'ca.pem'), second.certPem);
      expect((await check(servers[1]!))[0]).toMatchObject({ level: 'OK' });
      writeFileSync(join(dir, 'ca.pem'), 'not a certificate');
      expect((await check(servers[1]!))[0]).toMatchObject({ level: 'ERROR', result: expect.stringContaining('holds no certificate') });
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});

describe('closeNetwork', () => {
  let server: Server;
  let base: string;
  const sockets = new Set<Socket>();
  let opened = 0;
  let received = 0;
  let slowMs = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      received += 1;
      setTimeout(() => response.end('ok'), slowMs);
    });
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket: Socket) => {
      opened += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const until = async (condition: () => boolean) => {
    for (let waited = 0; !condition() && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('closes the kept-alive connections, and the next request opens a new one', async () => {
    slowMs = 0;
    expect(await request(makeContext(), `${base}/a`)).toMatchObject({ ok: true, status: 200 });
    expect(sockets.size).toBe(1);
    const before = opened;
    await closeNetwork();
    await until(() => sockets.size === 0);
    expect(sockets.size).toBe(0);
    expect(await request(makeContext(), `${base}/b`)).toMatchObject({ ok: true, status: 200 });
    expect(opened).toBe(before + 1);
  });

  it('lets a request in flight finish, then closes its connection', async () => {
    slowMs = 300;
    const before = received;
    const pending = request(makeContext(), `${base}/slow`);
    await until(() => received > before);
    await closeNetwork();
    expect(await pending).toMatchObject({ ok: true, status: 200, body: 'ok' });
    await until(() => sockets.size === 0);
    expect(sockets.size).toBe(0);
  });
});
