import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tcp from '../../../main/checks/tcp/index.js';
import { runCheck } from '../../helpers/context.js';

let server: Server;
let openPort: number;
let closedPort: number;
let connectionsAccepted = 0;

async function listen(target: Server): Promise<number> {
  await new Promise<void>((resolvePromise) => target.listen(0, '127.0.0.1', resolvePromise));
  return (target.address() as AddressInfo).port;
}

beforeAll(async () => {
  server = createServer((socket) => {
    connectionsAccepted += 1;
    socket.destroy();
  });
  openPort = await listen(server);
  // A port that was free a moment ago and is closed now: nothing listens there.
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolvePromise) => probe.close(resolvePromise));
});

afterAll(async () => {
  await new Promise((resolvePromise) => server.close(resolvePromise));
});

describe('tcp check', () => {
  const scenarios = [
    {
      name: 'a listening port connects',
      params: () => ({ host: '127.0.0.1', port: openPort }),
      expected: () => [{ level: 'OK', result: expect.stringMatching(/^connected in (\d+ ms|\d+(\.\d)? s)$/) }],
    },
    {
      name: 'a closed port is refused, with the address',
      params: () => ({ host: '127.0.0.1', port: closedPort }),
      expected: () => [{ level: 'ERROR', result: `connection refused (ECONNREFUSED 127.0.0.1:${closedPort})` }],
    },
  ];

  it.each(scenarios)('$name', async ({ params, expected }) => {
    expect(await runCheck(tcp, params())).toEqual(expected());
  });

  it('does not connect once the run is cancelled', async () => {
    const before = connectionsAccepted;
    const controller = new AbortController();
    controller.abort();
    const rows = await runCheck(tcp, { host: '127.0.0.1', port: openPort }, { signal: controller.signal });
    expect(rows).toEqual([{ level: 'ERROR', result: `no connection to 127.0.0.1:${openPort} before the check was stopped` }]);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
    expect(connectionsAccepted).toBe(before);
  });

  it('counts connections it makes (so the test above can fail)', async () => {
    const before = connectionsAccepted;
    await runCheck(tcp, { host: '127.0.0.1', port: openPort });
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
    expect(connectionsAccepted).toBe(before + 1);
  });
});

describe('tcp schema', () => {
  const invalid = [
    { name: 'port as text', params: { host: 'db', port: '5432' }, message: 'must be a port number like 443' },
    { name: 'port out of range', params: { host: 'db', port: 70000 }, message: 'must be a port number like 443' },
    { name: 'empty host', params: { host: '', port: 5432 }, message: 'must be a host name or IP address like "db.internal", got ""' },
    { name: 'missing host', params: { port: 5432 }, message: 'must be a host name or IP address like "db.internal"' },
    // The resolver would only say "host not found (ENOTFOUND https://db.internal:5432/)".
    { name: 'a URL', params: { host: 'https://db.internal:5432/', port: 5432 }, message: 'must be a host name, not a URL: write the host like "db.internal" and `port` 5432, got "https://db.internal:5432/"' },
    { name: 'host:port', params: { host: 'db.internal:5432', port: 5432 }, message: 'must be a host name without a port: write "db.internal" here and 5432 in `port`, got "db.internal:5432"' },
  ];

  it.each(invalid)('rejects $name', ({ params, message }) => {
    const parsed = tcp.schema.safeParse(params);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join('\n')).toContain(message);
  });

  it.each([
    { name: 'an IPv6 address in URL brackets', host: '[::1]', expected: '::1' },
    { name: 'a bare IPv6 address', host: '::1', expected: '::1' },
    { name: 'spaces around the name', host: ' db.internal ', expected: 'db.internal' },
  ])('accepts $name', ({ host, expected }) => {
    expect(tcp.schema.parse({ host, port: 5432 })).toEqual({ host: expected, port: 5432 });
  });
});
