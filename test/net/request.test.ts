/**
 * `request` against real loopback servers: what it sends, how it follows and limits,
 * and that what it says about a failure never carries a credential.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, describeRequestError, fetchFor, request } from '../../main/net/index.js';
import { createCa, createLeaf } from '../servers/certs.js';
import { startHttpServer, type TestHttpServer } from '../servers/http.js';
import { startHttpsServer, type LoopbackServer } from '../servers/https.js';

let server: TestHttpServer;
let secure: LoopbackServer;
const configDir = mkdtempSync(join(tmpdir(), 'backstop-request-'));

function route(url: URL, response: ServerResponse): void {
  const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
  if (hops) {
    const left = Number(hops[1]);
    if (left === 0) response.end('arrived');
    else response.writeHead(302, { location: `/hops/${left - 1}` }).end();
    return;
  }
  switch (url.pathname) {
    case '/ok':
      return void response.end('ok');
    case '/down':
      return void response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
    case '/big':
      return void response.end('z'.repeat(10_000));
    case '/chunks':
      // Three writes apart in time: three chunks to put together.
      response.write('one ');
      setTimeout(() => response.write('two '), 20);
      setTimeout(() => response.end('three'), 40);
      return;
    case '/cut':
      // A promised length, part of it, then the connection is gone.
      response.writeHead(200, { 'content-length': '1000' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 20);
      return;
    case '/stall':
      // Headers, then nothing: the body never completes.
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
      return;
    default:
      response.writeHead(404).end('no route');
  }
}

beforeAll(async () => {
  server = await startHttpServer((url, _request, response) => route(url, response));
  const ca = createCa({ commonName: 'Internal CA' });
  writeFileSync(join(configDir, 'ca.pem'), ca.certPem);
  secure = await startHttpsServer(createLeaf(ca), (request, response) => route(new URL(request.url ?? '/', 'https://localhost'), response));
});
afterAll(async () => {
  await server.close();
  await secure.close();
});

const ctx = (timeoutMs = 5000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs, configDir });

describe('request', () => {
  it('answers with the status, the body, the path and the time it took', async () => {
    expect(await request(ctx(), server.url('/ok?x=1'))).toMatchObject({ ok: true, status: 200, body: 'ok', truncated: false, place: '/ok', elapsedMs: expect.any(Number) });
  });

  it('says who is asking, and sends user:password as Basic authorization', async () => {
    await request(ctx(), server.url('/ok').replace('http://', 'http://backup:s3cret@'));
    const sent = server.requests.at(-1)?.headers;
    expect(sent?.['user-agent']).toBe('Backstop health check');
    expect(sent?.authorization).toBe(`Basic ${Buffer.from('backup:s3cret').toString('base64')}`);
  });

  it('keeps credentials and query secrets out of what it says', async () => {
    const outcome = await request(ctx(), `${server.url('/down').replace('http://', 'http://backup:s3cret@')}?token=t0ps3cret`);
    expect(outcome).toMatchObject({ ok: true, status: 503, place: '/down' });
    expect(JSON.stringify(outcome)).not.toMatch(/s3cret|t0ps3cret/);
  });

  it('follows redirects up to its budget, then says so', async () => {
    expect(await request(ctx(), server.url('/hops/5'))).toMatchObject({ ok: true, status: 200, body: 'arrived' });
    expect(await request(ctx(), server.url('/hops/6'))).toEqual({ ok: false, error: 'too many redirects (more than 5)' });
    expect(await request(ctx(), server.url('/hops/1'), { maxRedirects: 0 })).toMatchObject({ ok: true, status: 302 });
  });

  it('fails on a body over the cap, or cuts it when told', async () => {
    expect(await request(ctx(), server.url('/big'), { maxBodyBytes: 1000 })).toEqual({ ok: false, error: 'status 200 OK on /big, but the response is larger than 1 KB: is this the right URL?' });
    const cut = await request(ctx(), server.url('/big'), { maxBodyBytes: 1000, whenLarger: 'cut', keepBytes: 10 });
    expect(cut).toMatchObject({ ok: true, truncated: true, body: 'z'.repeat(10) });
  });

  it('drops a 2xx body unread when only the headers matter, but reads an error page', async () => {
    expect(await request(ctx(), server.url('/big'), { discardBody: true })).toMatchObject({ ok: true, status: 200, body: '' });
    expect(await request(ctx(), server.url('/down'), { discardBody: true })).toMatchObject({ ok: true, status: 503, body: 'down for maintenance' });
  });

  it('reads a body that arrives in pieces, and says so when the connection is cut mid-body', async () => {
    expect(await request(ctx(), server.url('/chunks'))).toMatchObject({ ok: true, status: 200, body: 'one two three' });
    expect(await request(ctx(), server.url('/cut'))).toEqual({ ok: false, error: expect.stringMatching(/^connection closed by the server \(UND_ERR_SOCKET 127.0.0.1:\d+\)$/) });
  });

  it('says the response did not complete when the timeout hits mid-body', async () => {
    expect(await request(ctx(300), server.url('/stall'))).toEqual({ ok: false, error: 'no complete response within 300ms (timeout)' });
  });

  it('trusts the `ca` file, relative to the config folder', async () => {
    expect(await request(ctx(), `${secure.url}/ok`, { ca: 'ca.pem' })).toMatchObject({ ok: true, status: 200 });
    expect(await request(ctx(), `${secure.url}/ok`)).toEqual({ ok: false, error: 'TLS: unable to verify the first certificate (is the intermediate certificate missing?)' });
  });
});

describe('fetchFor (for clients that take a fetch)', () => {
  it('trusts what the settings trust', async () => {
    const trusted = await fetchFor(ctx(), { ca: 'ca.pem' })(`${secure.url}/ok`);
    expect(await trusted.text()).toBe('ok');
    const refused = await fetchFor(ctx())(`${secure.url}/ok`).catch((error: unknown) => error);
    expect(describeRequestError(refused, new URL(secure.url))).toBe('TLS: unable to verify the first certificate (is the intermediate certificate missing?)');
  });

  it('refuses a body over the cap as it is read', async () => {
    const response = await fetchFor(ctx(), { maxBodyBytes: 1000 })(server.url('/big'));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(BodyTooLargeError);
  });

  it('stops when the caller\'s signal aborts', async () => {
    const controller = new AbortController();
    const pending = fetchFor({ signal: controller.signal })(server.url('/stall')).then((response) => response.text());
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow();
  });
});
