/**
 * `getJson` against a real loopback server: the JSON itself, and every way an API
 * answer goes wrong worded as one line that names the path and what came back.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { getJson } from '../../main/net/index.js';
import { startLoopback, type Loopback } from '../servers/routes.js';

let server: Loopback;

beforeAll(async () => {
  server = await startLoopback({
    '/ok': { body: { level: 42 } },
    '/down': { status: 500, body: 'database is down\n' },
    '/empty-404': { status: 404, body: '' },
    '/html': { body: '<html>\n  <body>Please log in</body>\n</html>' },
    '/login': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Router &amp; modem login</title><body>…</body>' },
    '/maintenance': { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><head><title>Maintenance</title></head><body><h1>Back at 14:00</h1></body></html>' },
    '/nginx-502': { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' },
    '/blank': { body: '' },
    '/long-error': { status: 503, body: 'x'.repeat(200) },
    '/big': { body: { data: 'y'.repeat(500) } },
    '/moved': { status: 302, headers: { location: '/ok' } },
    '/hang': { hang: true },
    // Windows tools (PowerShell's Out-File, .NET's UTF8Encoding(true)) start a file with a byte order mark.
    '/bom': { body: '\ufeff{"level": 42}' },
    // Healthchecks answers a wrong key with 401 and a JSON error.
    '/api/v3/checks/': { status: 401, body: { error: 'wrong api key' } },
    '/forbidden': { status: 403, body: '' },
    '/checks': { body: { checks: [{ name: 'backup', status: 'up' }, { name: 'cron', status: 42 }] } },
    '/no-checks': { body: { items: [] } },
    '/bad-status': { body: { checks: [{ name: 'backup', status: 'sideways' }] } },
  });
});

afterAll(() => server.close());

const ctx = (signal: AbortSignal = AbortSignal.timeout(5000), timeoutMs?: number) => ({ signal, timeoutMs });

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('getJson', () => {
  it.each([
    ['JSON with 200', '/ok', { level: 42 }],
    ['a redirect is followed', '/moved', { level: 42 }],
    ['JSON starting with a byte order mark', '/bom', { level: 42 }],
  ])('reads %s', async (_name, path, json) => {
    expect(await getJson(ctx(), server.url(path))).toMatchObject({ ok: true, json, answer: { status: 200, place: path === '/moved' ? '/moved' : path } });
  });

  it.each([
    ['a 500 shows its status, path and body', '/down', 'status 500 Internal Server Error on /down, expected 2xx: "database is down"'],
    ['a 404 without body', '/empty-404', 'status 404 Not Found on /empty-404, expected 2xx'],
    ['an error page shows its title, not its HTML', '/maintenance', 'status 503 Service Unavailable on /maintenance, expected 2xx: "Maintenance"'],
    ['an error page whose title only repeats the status adds nothing', '/nginx-502', 'status 502 Bad Gateway on /nginx-502, expected 2xx'],
    ['a login page instead of JSON', '/html', 'status 200 OK on /html, but the response is not JSON: got an HTML page'],
    ['a login page with a title', '/login', 'status 200 OK on /login, but the response is not JSON: got an HTML page "Router & modem login"'],
    ['an empty body', '/blank', 'status 200 OK on /blank, but the response is not JSON: got an empty body'],
    ['a long body is cut', '/long-error', `status 503 Service Unavailable on /long-error, expected 2xx: "${'x'.repeat(80)}…"`],
  ])('words %s', async (_name, path, error) => {
    expect(await getJson(ctx(), server.url(path))).toMatchObject({ ok: false, error });
  });

  it('keeps the status of an answer it refuses (an RDAP 404 means "no such domain")', async () => {
    expect(await getJson(ctx(), server.url('/empty-404'))).toMatchObject({ ok: false, status: 404 });
  });

  it('hands back the answer it refuses, for APIs whose error bodies say more (Prometheus\'s error envelope)', async () => {
    const outcome = await getJson(ctx(), server.url('/down'));
    expect(outcome).toMatchObject({ ok: false, answer: { status: 500, body: 'database is down\n', place: '/down' } });
  });

  it('names the credential to check when the server refuses it, with what the server said', async () => {
    expect(await getJson(ctx(), server.url('/api/v3/checks/'), { credential: 'apiKey' })).toMatchObject({
      ok: false,
      error: 'status 401 Unauthorized on /api/v3/checks/: check `apiKey` ("wrong api key")',
    });
    expect(await getJson(ctx(), server.url('/forbidden'), { credential: 'token' })).toMatchObject({ ok: false, error: 'status 403 Forbidden on /forbidden: check `token`' });
  });

  describe('with a shape', () => {
    const shape = z.object({ checks: z.array(z.object({ name: z.string(), status: z.enum(['up', 'down', 'grace']) })) });

    it('returns the typed answer', async () => {
      const outcome = await getJson(ctx(), server.url('/bad-status').replace('bad-status', 'checks'), { shape: z.object({ checks: z.array(z.object({ name: z.string() })) }) });
      expect(outcome).toMatchObject({ ok: true, json: { checks: [{ name: 'backup' }, { name: 'cron' }] } });
    });

    it.each([
      ['a field of the wrong type', '/checks', 'status 200 OK on /checks, but `checks[1].status` is 42, expected "up" or "down" or "grace"'],
      ['a missing list', '/no-checks', 'status 200 OK on /no-checks, but `checks` is missing, expected a list'],
      ['a value it does not know', '/bad-status', 'status 200 OK on /bad-status, but `checks[0].status` is "sideways", expected "up" or "down" or "grace"'],
    ])('names the field for %s', async (_name, path, error) => {
      expect(await getJson(ctx(), server.url(path), { shape })).toEqual({ ok: false, status: 200, error });
    });

    it.each([
      ['a map of labels', z.object({ level: z.record(z.string(), z.string()) }), 'status 200 OK on /ok, but `level` is 42, expected an object'],
      ['a pair', z.object({ level: z.tuple([z.number(), z.string()]) }), 'status 200 OK on /ok, but `level` is 42, expected a list'],
      ['a kind told by a field', z.discriminatedUnion('level', [z.object({ level: z.literal(1) }), z.object({ level: z.literal(2) })]), 'status 200 OK on /ok, but `level` is 42, expected 1 or 2'],
      // An API that answers in one of two shapes (Healthchecks' flips: `{ flips: [...] }`, a bare list in its docs).
      ['one of two shapes, the field named from the shape that got furthest', z.union([z.object({ level: z.string() }), z.array(z.unknown())]), 'status 200 OK on /ok, but `level` is 42, expected text'],
      ['one of two shapes, neither at the root', z.union([z.string(), z.array(z.unknown())]), 'status 200 OK on /ok, but the response is an object, expected text or a list'],
    ])('words the expected type of %s', async (_name, shape, error) => {
      expect(await getJson(ctx(), server.url('/ok'), { shape })).toMatchObject({ ok: false, error });
    });

    it('says when the whole answer has the wrong type', async () => {
      expect(await getJson(ctx(), server.url('/ok'), { shape: z.array(z.unknown()) })).toMatchObject({ ok: false, error: 'status 200 OK on /ok, but the response is an object, expected a list' });
    });
  });

  it('refuses a body over the cap', async () => {
    expect(await getJson(ctx(), server.url('/big'), { maxBodyBytes: 100 })).toEqual({
      ok: false,
      error: 'status 200 OK on /big, but the response is larger than 100 bytes: is this the right URL?',
    });
  });

  it('sends the headers it is given, and asks for JSON', async () => {
    await getJson(ctx(), server.url('/ok'), { headers: { 'X-Api-Key': 'secret-from-env' } });
    const sent = server.requests.at(-1);
    expect(sent?.headers['x-api-key']).toBe('secret-from-env');
    expect(sent?.headers.accept).toBe('application/json');
    expect(sent?.headers['user-agent']).toBe('Backstop health check');
  });

  it('lets the caller or the config replace the Accept header', async () => {
    await getJson(ctx(), server.url('/ok'), { accept: 'application/rdap+json' });
    expect(server.requests.at(-1)?.headers.accept).toBe('application/rdap+json');
    await getJson(ctx(), server.url('/ok'), { accept: 'application/rdap+json', headers: { Accept: 'application/vnd.sensor+json' } });
    expect(server.requests.at(-1)?.headers.accept).toBe('application/vnd.sensor+json');
  });

  it('stops waiting for a server that never answers when the signal times out', async () => {
    const started = Date.now();
    const outcome = await getJson(ctx(AbortSignal.timeout(200), 200), server.url('/hang'));
    expect(outcome).toEqual({ ok: false, error: 'no response within 200ms (timeout)' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says when the run cancelled the request', async () => {
    const controller = new AbortController();
    const pending = getJson(ctx(controller.signal), server.url('/hang'));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ ok: false, error: 'the request was cancelled before a response arrived' });
  });

  it('says so in plain words when https:// points at a plain http port', async () => {
    const url = server.url('/ok').replace('http://', 'https://');
    const { host } = new URL(url);
    expect(await getJson(ctx(), url)).toEqual({
      ok: false,
      error: `the server does not speak TLS on this port (plain http?) (ERR_SSL_WRONG_VERSION_NUMBER ${host})`,
    });
  });

  it('says the connection was refused in plain words', async () => {
    const port = await closedPort();
    // The same words, code and address as the tcp, tls and http kinds.
    expect(await getJson(ctx(), `http://127.0.0.1:${port}/`)).toEqual({ ok: false, error: `connection refused (ECONNREFUSED 127.0.0.1:${port})` });
  });
});
