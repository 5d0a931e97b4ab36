import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../../../main/checks/lib/json-http.js';
import { startLoopback } from './loopback.js';
import type { Loopback } from './loopback.js';

let server: Loopback;

beforeAll(async () => {
  server = await startLoopback({
    '/ok': { body: { level: 42 } },
    '/down': { status: 500, body: 'database is down\n' },
    '/empty-404': { status: 404, body: '' },
    '/html': { body: '<html>\n  <body>Please log in</body>\n</html>' },
    '/blank': { body: '' },
    '/long-error': { status: 503, body: 'x'.repeat(200) },
    '/big': { body: { data: 'y'.repeat(500) } },
    '/moved': { status: 302, headers: { location: '/ok' } },
    '/hang': { hang: true },
    // Windows tools (PowerShell's Out-File, .NET's UTF8Encoding(true)) start a file with a byte order mark.
    '/bom': { body: '\ufeff{"level": 42}' },
  });
});

afterAll(() => server.close());

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
    ['JSON with 200', '/ok', { ok: true, json: { level: 42 } }],
    ['a redirect is followed', '/moved', { ok: true, json: { level: 42 } }],
    ['JSON starting with a byte order mark', '/bom', { ok: true, json: { level: 42 } }],
    ['a 500 shows its status and body', '/down', { ok: false, error: 'status 500, expected 2xx: "database is down"' }],
    ['a 404 without body', '/empty-404', { ok: false, error: 'status 404, expected 2xx' }],
    ['a login page instead of JSON', '/html', { ok: false, error: 'status 200 but the response is not JSON: got "<html> <body>Please log in</body> </html>"' }],
    ['an empty body', '/blank', { ok: false, error: 'status 200 but the response is not JSON: got an empty body' }],
    ['a long body is cut', '/long-error', { ok: false, error: `status 503, expected 2xx: "${'x'.repeat(80)}…"` }],
  ])('%s', async (_name, path, expected) => {
    expect(await getJson(server.url(path), { signal: AbortSignal.timeout(5000) })).toEqual(expected);
  });

  it('refuses a body over the cap', async () => {
    expect(await getJson(server.url('/big'), { signal: AbortSignal.timeout(5000), maxBodyBytes: 100 })).toEqual({
      ok: false,
      error: 'status 200, but the response is larger than 100 bytes: is this the right URL?',
    });
  });

  it('sends the headers it is given, and asks for JSON', async () => {
    await getJson(server.url('/ok'), { signal: AbortSignal.timeout(5000), headers: { 'X-Api-Key': 'secret-from-env' } });
    const sent = server.requests.at(-1);
    expect(sent?.headers['x-api-key']).toBe('secret-from-env');
    expect(sent?.headers.accept).toBe('application/json');
  });

  it('lets the config replace the Accept header', async () => {
    await getJson(server.url('/ok'), { signal: AbortSignal.timeout(5000), headers: { Accept: 'application/vnd.sensor+json' } });
    expect(server.requests.at(-1)?.headers.accept).toBe('application/vnd.sensor+json');
  });

  it('stops waiting for a server that never answers when the signal times out', async () => {
    const started = Date.now();
    const outcome = await getJson(server.url('/hang'), { signal: AbortSignal.timeout(200), timeoutMs: 200 });
    expect(outcome).toEqual({ ok: false, error: 'no response within 200ms (timeout)' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says when the run cancelled the request', async () => {
    const controller = new AbortController();
    const pending = getJson(server.url('/hang'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ ok: false, error: 'the request was cancelled before a response arrived' });
  });

  it('says so in plain words when https:// points at a plain http port', async () => {
    const url = server.url('/ok').replace('http://', 'https://');
    const { host } = new URL(url);
    expect(await getJson(url, { signal: AbortSignal.timeout(5000) })).toEqual({
      ok: false,
      error: `the server does not speak TLS on this port (plain http?) (ERR_SSL_WRONG_VERSION_NUMBER ${host})`,
    });
  });

  it('says the connection was refused in plain words', async () => {
    const port = await closedPort();
    // The same words, code and address as the tcp, tls and http kinds.
    expect(await getJson(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })).toEqual({
      ok: false,
      error: `connection refused (ECONNREFUSED 127.0.0.1:${port})`,
    });
  });
});
