import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from '../../../main/checks/http/index.js';
import { makeContext, runCheck } from '../../helpers/context.js';
import { createCa, createLeaf, daysFromNow } from '../../servers/certs.js';
import { startHttpsServer, type LoopbackServer } from '../../servers/https.js';
import { handle, HUGE_BYTES, stats } from './routes.js';

const configDir = mkdtempSync(join(tmpdir(), 'backstop-http-'));
let plain: Server;
let base: string;
const secure: Record<'valid' | 'expired' | 'selfSigned' | 'otherHost', LoopbackServer> = {} as never;

beforeAll(async () => {
  plain = createServer(handle);
  await new Promise<void>((resolvePromise) => plain.listen(0, '127.0.0.1', resolvePromise));
  base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;

  const ca = createCa();
  writeFileSync(join(configDir, 'ca.pem'), ca.certPem);
  const serve = (leaf: { certPem: string; keyPem: string }) => startHttpsServer(leaf, handle);
  secure.valid = await serve(createLeaf(ca));
  secure.expired = await serve(createLeaf(ca, { notBefore: daysFromNow(-30), notAfter: daysFromNow(-2) }));
  secure.selfSigned = await serve(createLeaf(null));
  secure.otherHost = await serve(createLeaf(ca, { hosts: ['other.test'] }));
});

afterAll(async () => {
  plain.closeAllConnections();
  await new Promise((resolvePromise) => plain.close(resolvePromise));
  await Promise.all(Object.values(secure).map((server) => server.close()));
});

const timing = (suffix = '') => expect.stringMatching(new RegExp(`^\\d+ ms response${suffix.replace(/[()]/g, '\\$&')}$`));

describe('http check', () => {
  const scenarios: { name: string; params: () => Record<string, unknown>; expected: () => unknown[] }[] = [
    {
      name: 'a 200 answer is OK with its time',
      params: () => ({ url: `${base}/ok` }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'an error status shows the status, the expectation and the body',
      params: () => ({ url: `${base}/unavailable` }),
      expected: () => [{ level: 'ERROR', result: 'status 503 Service Unavailable on /unavailable, expected 2xx: "Service Unavailable: database down"' }],
    },
    {
      name: 'an error status with no body shows just the status',
      params: () => ({ url: `${base}/empty-error` }),
      expected: () => [{ level: 'ERROR', result: 'status 500 Internal Server Error on /empty-error, expected 2xx' }],
    },
    {
      name: 'an expected error status is OK',
      params: () => ({ url: `${base}/unavailable`, expectStatus: 503 }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'a list of expected statuses is shown when none matches',
      params: () => ({ url: `${base}/missing`, expectStatus: [200, '3xx'] }),
      expected: () => [{ level: 'ERROR', result: 'status 404 Not Found on /missing, expected 200 or 3xx' }],
    },
    {
      name: 'bodyContains passes when the text is there',
      params: () => ({ url: `${base}/ok`, bodyContains: '<html' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'bodyContains fails with the start of the body',
      params: () => ({ url: `${base}/json`, bodyContains: '<html' }),
      expected: () => [{ level: 'ERROR', result: '"<html" not found in body: {"status": "OK", "version": "1.2.3"}' }],
    },
    {
      name: 'a long body is cut to 150 characters in the result',
      params: () => ({ url: `${base}/long`, bodyContains: 'zzz' }),
      expected: () => [{ level: 'ERROR', result: `"zzz" not found in body: ${'a'.repeat(100)} ${'b'.repeat(49)}…` }],
    },
    {
      name: 'bodyMatches passes on a match',
      params: () => ({ url: `${base}/json`, bodyMatches: '"version":\\s*"1\\.' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'bodyMatches fails showing the pattern and the body',
      params: () => ({ url: `${base}/json`, bodyMatches: '"status":\\s*"ok"' }),
      expected: () => [{ level: 'ERROR', result: 'body does not match /"status":\\s*"ok"/: {"status": "OK", "version": "1.2.3"}' }],
    },
    {
      name: 'bodyMatches takes flags in /…/ form',
      params: () => ({ url: `${base}/json`, bodyMatches: '/"status":\\s*"ok"/i' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'a slow answer warns with the threshold',
      params: () => ({ url: `${base}/slow?ms=300`, warnSlowerThan: '100ms' }),
      expected: () => [{ level: 'WARNING', result: timing(' (warn > 100 ms)') }],
    },
    {
      name: 'a slower answer is an error with the threshold',
      params: () => ({ url: `${base}/slow?ms=300`, warnSlowerThan: '50ms', errorSlowerThan: '200ms' }),
      expected: () => [{ level: 'ERROR', result: timing(' (error > 200 ms)') }],
    },
    {
      name: 'an answer inside the thresholds is OK',
      params: () => ({ url: `${base}/slow?ms=10`, warnSlowerThan: '2s', errorSlowerThan: '5s' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'redirects are followed',
      params: () => ({ url: `${base}/redirect/3`, bodyContains: 'arrived' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'more redirects than allowed is an error',
      params: () => ({ url: `${base}/redirect/3`, maxRedirects: 2 }),
      expected: () => [{ level: 'ERROR', result: 'too many redirects (more than 2)' }],
    },
    {
      name: 'a redirect loop is named as such',
      params: () => ({ url: `${base}/loop` }),
      expected: () => [{ level: 'ERROR', result: 'redirect loop: redirected back to a URL already visited' }],
    },
    {
      name: 'a chain longer than the default limit stops at 5',
      params: () => ({ url: `${base}/redirect/6` }),
      expected: () => [{ level: 'ERROR', result: 'too many redirects (more than 5)' }],
    },
    {
      name: 'a chain as long as the limit arrives',
      params: () => ({ url: `${base}/redirect/5`, bodyContains: 'arrived' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'with maxRedirects 0 a redirect is a status like any other',
      params: () => ({ url: `${base}/redirect/1`, maxRedirects: 0, expectStatus: 302 }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'with maxRedirects 0 an unexpected redirect shows its status',
      params: () => ({ url: `${base}/redirect/1`, maxRedirects: 0 }),
      expected: () => [{ level: 'ERROR', result: 'status 302 Found on /redirect/1, expected 2xx' }],
    },
    {
      name: 'a body is POSTed when no method is given',
      params: () => ({ url: `${base}/echo`, body: '{"ping":1}', bodyContains: 'POST {"ping":1}' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'the method and headers are sent as configured',
      params: () => ({ url: `${base}/echo`, method: 'put', body: 'x', headers: { 'X-Api-Key': 'secret-1' }, bodyMatches: '^PUT x \\|.*x-api-key=secret-1' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'requests say who is asking',
      params: () => ({ url: `${base}/echo`, bodyContains: 'user-agent=Backstop health check' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'a refused connection names the address',
      params: () => ({ url: 'http://127.0.0.1:9/' }),
      expected: () => [{ level: 'ERROR', result: 'connection refused (ECONNREFUSED 127.0.0.1:9)' }],
    },
    {
      name: 'a server that hangs up is reported in words',
      params: () => ({ url: `${base}/hang-up` }),
      expected: () => [{ level: 'ERROR', result: `connection closed by the server (UND_ERR_SOCKET ${new URL(base).host})` }],
    },
    {
      name: 'https with a CA from the config is trusted',
      params: () => ({ url: `${secure.valid.url}/ok`, ca: 'ca.pem' }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'https is verified by default',
      params: () => ({ url: `${secure.valid.url}/ok` }),
      expected: () => [{ level: 'ERROR', result: 'TLS: unable to verify the first certificate (is the intermediate certificate missing?)' }],
    },
    {
      name: 'an expired certificate is an error',
      params: () => ({ url: `${secure.expired.url}/ok`, ca: 'ca.pem' }),
      expected: () => [{ level: 'ERROR', result: 'TLS: certificate has expired' }],
    },
    {
      name: 'a self-signed certificate is an error',
      params: () => ({ url: `${secure.selfSigned.url}/ok` }),
      expected: () => [{ level: 'ERROR', result: 'TLS: self-signed certificate' }],
    },
    {
      name: 'insecure skips verification',
      params: () => ({ url: `${secure.selfSigned.url}/ok`, insecure: true }),
      expected: () => [{ level: 'OK', result: timing() }],
    },
    {
      name: 'a certificate for another host names both',
      params: () => ({ url: `${secure.otherHost.url}/ok`, ca: 'ca.pem' }),
      expected: () => [{ level: 'ERROR', result: 'TLS: certificate is for other.test, not localhost' }],
    },
    {
      name: 'a missing ca file is reported',
      params: () => ({ url: `${secure.valid.url}/ok`, ca: 'nope.pem' }),
      expected: () => [
        { level: 'ERROR', result: `cannot read \`ca\` file ${join(configDir, 'nope.pem')}: no such file: check the path (relative paths start at the config file's folder)` },
      ],
    },
  ];

  it.each(scenarios)('$name', async ({ params, expected }) => {
    expect(await runCheck(http, params(), { configDir })).toEqual(expected());
  });

  it('reports slowness with the time it measured', async () => {
    const [row] = await runCheck(http, { url: `${base}/slow?ms=300`, warnSlowerThan: '100ms' });
    const measured = Number(/^(\d+) ms/.exec(row?.result ?? '')?.[1]);
    expect(measured).toBeGreaterThanOrEqual(290);
    expect(measured).toBeLessThan(1000);
  });

  it('links to the URL when the config gives no link', async () => {
    const url = `${base}/unavailable`;
    expect(await runCheck(http, { url }, { link: '' })).toEqual([{ level: 'ERROR', result: 'status 503 Service Unavailable on /unavailable, expected 2xx: "Service Unavailable: database down"', link: url }]);
  });

  it('reads /…/g as a regex with flags, and matches again on the next run', async () => {
    // The app parses the config once and runs it daily: a g regex must not carry lastIndex over.
    const params = http.schema.parse({ url: `${base}/ok`, bodyMatches: '/HELLO/gi' });
    for (let run = 0; run < 2; run += 1) {
      expect(await http.check(params, makeContext())).toEqual({ level: 'OK', result: timing() });
    }
  });

  it('sends user:password in the URL as Basic authorization, and never shows the password', async () => {
    const withUser = (path: string) => base.replace('http://', 'http://backup:p%40ss@') + path;
    expect(await runCheck(http, { url: withUser('/echo'), bodyContains: `authorization=Basic ${Buffer.from('backup:p@ss').toString('base64')}` })).toEqual([
      { level: 'OK', result: timing() },
    ]);
    const [row] = await runCheck(http, { url: withUser('/unavailable') }, { link: '' });
    expect(row?.link).toBe(base.replace('http://', 'http://backup@') + '/unavailable');
  });

  it('gives up on a server that never answers when the run aborts, and closes the connection', async () => {
    const startedAt = Date.now();
    const rows = await runCheck(http, { url: `${base}/hang` }, { signal: AbortSignal.timeout(200), timeoutMs: 200 });
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(rows).toEqual([{ level: 'ERROR', result: 'no response within 200ms (timeout)' }]);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
    expect(stats.hangClosed).toBe(true);
  });

  it('reads at most maxBodyBytes of a huge body, then hangs up', async () => {
    const startedAt = Date.now();
    const rows = await runCheck(http, { url: `${base}/huge`, bodyContains: 'THE END' });
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(rows).toEqual([{ level: 'ERROR', result: `"THE END" not found in body (first 1 MB): ${'x'.repeat(150)}…` }]);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
    expect(stats.hugeClosed).toBe(true);
    // Reading all 50 MB would let the server send it all; stopping leaves the rest unsent.
    expect(stats.hugeBytesSent).toBeLessThan(HUGE_BYTES / 4);
  });

  it('stops reading a huge body even when nothing in it is checked', async () => {
    const rows = await runCheck(http, { url: `${base}/huge`, maxBodyBytes: 65_536 });
    expect(rows).toEqual([{ level: 'OK', result: timing() }]);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
    expect(stats.hugeClosed).toBe(true);
    expect(stats.hugeBytesSent).toBeLessThan(HUGE_BYTES / 4);
  });

  it('finds text anywhere in a body within maxBodyBytes', async () => {
    const rows = await runCheck(http, { url: `${base}/huge?mib=4`, bodyContains: 'THE END', maxBodyBytes: 5 * 1_048_576 });
    expect(rows).toEqual([{ level: 'OK', result: timing() }]);
  });
});

describe('http schema', () => {
  it('fills in the defaults', () => {
    expect(http.schema.parse({ url: 'https://example.com/health' })).toEqual({
      url: 'https://example.com/health',
      expectStatus: ['2xx'],
      maxRedirects: 5,
      insecure: false,
      maxBodyBytes: 1_048_576,
    });
  });

  it('normalises expectStatus and method', () => {
    const parsed = http.schema.parse({ url: 'https://example.com', expectStatus: [200, '3XX', '404'], method: 'head' });
    expect(parsed.expectStatus).toEqual(['200', '3xx', '404']);
    expect(parsed.method).toBe('HEAD');
  });

  const invalid = [
    { name: 'a bad regular expression', params: { bodyMatches: '(unclosed' }, message: 'must be a valid regular expression, got "(unclosed": Invalid regular expression: /(unclosed/: Unterminated group' },
    { name: 'a status word', params: { expectStatus: 'fine' }, message: 'must be a status like 200 or "2xx", or a list like [200, "3xx"], got "fine"' },
    { name: 'an impossible status', params: { expectStatus: 700 }, message: 'must be a status like 200 or "2xx", or a list like [200, "3xx"], got 700' },
    { name: 'a status of the wrong type', params: { expectStatus: true }, message: 'must be a status like 200 or "2xx", or a list like [200, "3xx"], got true' },
    { name: 'an empty status list', params: { expectStatus: [] }, message: 'must be a status like 200 or "2xx", or a list like [200, "3xx"], got []' },
    { name: 'one bad status in a list', params: { expectStatus: [200, 'ok'] }, message: 'must be a status like 200 or "2xx", or a list like [200, "3xx"], got "ok"' },
    { name: 'a duration without unit', params: { warnSlowerThan: 'fast' }, message: 'must be a duration like "2s", got "fast"' },
    { name: 'a method with a space', params: { method: 'GET /' }, message: 'must be an HTTP method like "GET" or "POST", got "GET /"' },
    { name: 'negative redirects', params: { maxRedirects: -1 }, message: 'must be 0 or more' },
    { name: 'an ftp URL', params: { url: 'ftp://example.com' }, message: 'must be an http or https URL like "https://example.com/health", got "ftp://example.com"' },
  ];
  it.each(invalid)('rejects $name', ({ params, message }) => {
    const parsed = http.schema.safeParse({ url: 'https://example.com', ...params });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});
