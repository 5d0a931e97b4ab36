import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tls from '../../../main/checks/tls/index.js';
import { runCheck } from '../../helpers/context.js';
import { createCa, createLeaf, daysFromNow, type KeyAndCert } from '../../servers/certs.js';
import { startHttpsServer, type LoopbackServer } from '../../servers/https.js';

const HOUR_MS = 3_600_000;
const now = new Date();
/** A little past whole days, so "N days" is not at the rounding edge. */
const inDays = (days: number) => new Date(daysFromNow(days, now).getTime() + HOUR_MS);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

const configDir = mkdtempSync(join(tmpdir(), 'backstop-tls-'));
let ca: KeyAndCert;
const servers: Record<string, LoopbackServer> = {};
const notAfter = {
  in60: inDays(60),
  in12: inDays(12),
  in3: inDays(3),
  expired2: new Date(daysFromNow(-2, now).getTime() - HOUR_MS),
};
/** A whole minute two hours ago: valid now, not yet valid for a run clock a day behind. */
const recentStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 2 * HOUR_MS);

let silent: Server;
let silentPort: number;
let plain: Server;
let plainPort: number;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  ca = createCa();
  writeFileSync(join(configDir, 'ca.pem'), ca.certPem);
  writeFileSync(join(configDir, 'key-not-cert.pem'), ca.keyPem);
  const serve = async (name: string, leaf: KeyAndCert) => {
    servers[name] = await startHttpsServer({ certPem: leaf.certPem, keyPem: leaf.keyPem });
  };
  await serve('in60', createLeaf(ca, { notAfter: notAfter.in60 }));
  await serve('in12', createLeaf(ca, { notAfter: notAfter.in12 }));
  await serve('in3', createLeaf(ca, { notAfter: notAfter.in3 }));
  await serve('expired2', createLeaf(ca, { notBefore: daysFromNow(-30, now), notAfter: notAfter.expired2 }));
  await serve('otherHost', createLeaf(ca, { hosts: ['other.test'], notAfter: notAfter.in60 }));
  await serve('selfSigned', createLeaf(null, { notAfter: notAfter.in60 }));
  await serve('recentStart', createLeaf(ca, { notBefore: recentStart, notAfter: notAfter.in60 }));

  // Accepts TCP connections and never says a word: a hung TLS endpoint.
  silent = createServer((socket) => {
    silentSockets.add(socket);
    // Read (and ignore) the ClientHello, so the client's close is noticed.
    socket.resume();
    socket.on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolvePromise) => silent.listen(0, '127.0.0.1', resolvePromise));
  silentPort = (silent.address() as AddressInfo).port;

  // Answers the ClientHello in plain HTTP: a tls check pointed at an http port.
  plain = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
  await new Promise<void>((resolvePromise) => plain.listen(0, '127.0.0.1', resolvePromise));
  plainPort = (plain.address() as AddressInfo).port;
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolvePromise) => silent.close(resolvePromise));
  await new Promise((resolvePromise) => plain.close(resolvePromise));
});

const port = (name: string) => servers[name]?.port ?? 0;
const context = { now: () => now, configDir };

describe('tls check', () => {
  const scenarios = [
    {
      name: 'a certificate with 60 days left is OK, with its date',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('in60'), ca: 'ca.pem' }),
      expected: () => [{ level: 'OK', result: `cert expires in 60 days (${isoDate(notAfter.in60)})` }],
    },
    {
      name: '12 days left warns',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('in12'), ca: 'ca.pem' }),
      expected: () => [{ level: 'WARNING', result: 'cert expires in 12 days (warn < 21)' }],
    },
    {
      name: '3 days left is an error',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('in3'), ca: 'ca.pem' }),
      expected: () => [{ level: 'ERROR', result: 'cert expires in 3 days (error < 7)' }],
    },
    {
      name: 'thresholds come from the config',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('in60'), ca: 'ca.pem', warnDays: 90, errorDays: 30 }),
      expected: () => [{ level: 'WARNING', result: 'cert expires in 60 days (warn < 90)' }],
    },
    {
      name: 'an expired certificate says how long ago',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('expired2'), ca: 'ca.pem' }),
      expected: () => [{ level: 'ERROR', result: `certificate expired 2 days ago (${isoDate(notAfter.expired2)})` }],
    },
    {
      name: 'a certificate for another host names both hosts',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('otherHost'), ca: 'ca.pem' }),
      expected: () => [{ level: 'ERROR', result: 'certificate is for other.test, not localhost' }],
    },
    {
      name: 'a self-signed certificate is not trusted',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('selfSigned'), ca: 'ca.pem' }),
      expected: () => [{ level: 'ERROR', result: 'certificate not trusted: self-signed certificate' }],
    },
    {
      name: 'a certificate from a CA that is not configured is not trusted',
      params: () => ({ host: '127.0.0.1', servername: 'localhost', port: port('in60') }),
      expected: () => [
        { level: 'ERROR', result: 'certificate not trusted: unable to verify the first certificate (is the intermediate certificate missing?)' },
      ],
    },
    {
      name: 'servername defaults to host',
      params: () => ({ host: 'localhost', port: port('in60'), ca: 'ca.pem' }),
      expected: () => [{ level: 'OK', result: `cert expires in 60 days (${isoDate(notAfter.in60)})` }],
    },
    {
      name: 'an IP address is checked against the IP names of the certificate',
      params: () => ({ host: '127.0.0.1', port: port('in60'), ca: 'ca.pem' }),
      expected: () => [{ level: 'OK', result: `cert expires in 60 days (${isoDate(notAfter.in60)})` }],
    },
    {
      name: 'a missing ca file is reported',
      params: () => ({ host: '127.0.0.1', port: port('in60'), ca: 'missing.pem' }),
      expected: () => [
        { level: 'ERROR', result: `cannot read \`ca\` file ${join(configDir, 'missing.pem')}: no such file: check the path (relative paths start at the config file's folder)` },
      ],
    },
    {
      name: 'a ca file without a certificate is reported',
      params: () => ({ host: '127.0.0.1', port: port('in60'), ca: 'key-not-cert.pem' }),
      expected: () => [
        {
          level: 'ERROR',
          result: `\`ca\` file ${join(configDir, 'key-not-cert.pem')} holds no certificate: expected PEM text starting "-----BEGIN CERTIFICATE-----"`,
        },
      ],
    },
    {
      name: 'a closed port is refused',
      params: () => ({ host: '127.0.0.1', port: 9 }),
      expected: () => [{ level: 'ERROR', result: 'connection refused (ECONNREFUSED 127.0.0.1:9)' }],
    },
    {
      // Not OpenSSL's "error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/…".
      name: 'a port that answers in plain text says so',
      params: () => ({ host: '127.0.0.1', port: plainPort }),
      expected: () => [{ level: 'ERROR', result: `the server does not speak TLS on this port (plain http?) (ERR_SSL_WRONG_VERSION_NUMBER 127.0.0.1:${plainPort})` }],
    },
    {
      name: 'an IPv6 address may be written in URL brackets',
      params: () => ({ host: '[::1]', port: 9 }),
      expected: () => [{ level: 'ERROR', result: expect.not.stringContaining('ENOTFOUND') }],
    },
  ];

  it.each(scenarios)('$name', async ({ params, expected }) => {
    expect(await runCheck(tls, params(), context)).toEqual(expected());
  });

  it('counts days from the run clock, not the wall clock', async () => {
    const later = daysFromNow(50, now);
    const rows = await runCheck(tls, { host: 'localhost', port: port('in60'), ca: 'ca.pem' }, { ...context, now: () => later });
    expect(rows).toEqual([{ level: 'WARNING', result: 'cert expires in 10 days (warn < 21)' }]);
  });

  it('says when a certificate becomes valid, in the config time zone, when the run clock is before it', async () => {
    const dayBefore = daysFromNow(-1, now);
    const rows = await runCheck(tls, { host: 'localhost', port: port('recentStart'), ca: 'ca.pem' }, { ...context, now: () => dayBefore, timezone: 'Asia/Kolkata' });
    const inKolkata = new Date(recentStart.getTime() + 5.5 * HOUR_MS).toISOString();
    expect(rows).toEqual([{ level: 'ERROR', result: `certificate not valid before ${inKolkata.slice(0, 10)} ${inKolkata.slice(11, 16)}` }]);
  });

  it('stops a handshake that never completes when the run aborts', async () => {
    const startedAt = Date.now();
    const rows = await runCheck(tls, { host: '127.0.0.1', port: silentPort }, { ...context, signal: AbortSignal.timeout(200), timeoutMs: 200 });
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(rows).toEqual([{ level: 'ERROR', result: `no TLS handshake with 127.0.0.1:${silentPort} before the check was stopped` }]);
    // The socket is closed, not left open until the server gives up.
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
    expect(silentSockets.size).toBe(0);
  });
});

describe('tls schema', () => {
  it('fills in the defaults', () => {
    expect(tls.schema.parse({ host: 'example.com' })).toEqual({ host: 'example.com', port: 443, warnDays: 21, errorDays: 7 });
  });

  const invalid = [
    { name: 'warnDays as text', params: { host: 'example.com', warnDays: 'soon' }, message: 'must be a number of days like 21' },
    { name: 'an empty ca path', params: { host: 'example.com', ca: '' }, message: 'must be the path of a PEM file like "certs/internal-ca.pem", got ""' },
    { name: 'no host', params: {}, message: 'must be a host name or IP address like "example.com"' },
    { name: 'a URL as host', params: { host: 'https://shop.example.com/' }, message: 'must be a host name, not a URL: write the host like "shop.example.com", got "https://shop.example.com/"' },
    { name: 'errorDays above warnDays', params: { host: 'example.com', warnDays: 5 }, message: 'must be at most `warnDays` (5), got 7: errors come after warnings' },
  ];
  it.each(invalid)('rejects $name', ({ params, message }) => {
    const parsed = tls.schema.safeParse(params);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});
