import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import domain from '../../../main/checks/domain/index.js';
import { runCheck } from '../../helpers/context.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const now = new Date('2026-11-26T09:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS + HOUR_MS).toISOString();

/** RDAP records by path on the local RDAP server. */
const records: Record<string, unknown> = {
  '/com/domain/example.com': {
    objectClassName: 'domain',
    ldhName: 'EXAMPLE.COM',
    events: [
      { eventAction: 'registration', eventDate: '1995-08-14T04:00:00Z' },
      { eventAction: 'expiration', eventDate: inDays(200) },
      { eventAction: 'last update of RDAP database', eventDate: now.toISOString() },
    ],
  },
  '/com/domain/soon.com': { events: [{ eventAction: 'expiration', eventDate: inDays(20) }] },
  '/com/domain/urgent.com': { events: [{ eventAction: 'expiration', eventDate: inDays(3) }] },
  '/com/domain/lapsed.com': { events: [{ eventAction: 'expiration', eventDate: '2026-11-24T08:00:00Z' }] },
  '/com/domain/noexpiry.com': { events: [{ eventAction: 'registration', eventDate: '2001-01-01T00:00:00Z' }, { eventAction: 'last changed', eventDate: '2020-01-01T00:00:00Z' }] },
  '/com/domain/baddate.com': { events: [{ eventAction: 'expiration', eventDate: 'next year' }] },
  '/couk/domain/example.co.uk': { events: [{ eventAction: 'expiration', eventDate: inDays(100) }] },
  '/custom/v1/domain/example.com': { events: [{ eventAction: 'expiration', eventDate: inDays(45) }] },
  '/com/domain/xn--bcher-kva.com': { events: [{ eventAction: 'expiration', eventDate: inDays(90) }] },
};

let server: Server;
let base: string;
const seen = { bootstrapRequests: 0, accept: [] as string[] };

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/dns.json') {
      seen.bootstrapRequests += 1;
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          version: '1.0',
          publication: '2026-11-01T00:00:00Z',
          services: [
            [['com', 'net'], [`${base}/com/`]],
            // Longest suffix wins: co.uk must not go to the uk server, which fails.
            [['uk'], [`${base}/uk/`]],
            [['co.uk'], [`${base}/couk`]],
          ],
        }),
      );
      return;
    }
    if (path === '/broken.json') {
      response.end('<html>maintenance</html>');
      return;
    }
    if (path.startsWith('/uk/')) {
      response.writeHead(500).end('wrong server');
      return;
    }
    if (path === '/com/domain/garbled.com') {
      response.end('<html>not json</html>');
      return;
    }
    seen.accept.push(String(request.headers.accept));
    const record = records[path];
    if (record === undefined) {
      response.writeHead(404, { 'content-type': 'application/rdap+json' }).end('{"errorCode":404,"title":"Not Found"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rdap+json' }).end(JSON.stringify(record));
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolvePromise) => server.close(resolvePromise));
});

const context = { now: () => now };
const bootstrapUrl = () => `${base}/dns.json`;

describe('domain check', () => {
  const scenarios: { name: string; params: () => Record<string, unknown>; expected: () => unknown[] }[] = [
    {
      name: 'a domain with 200 days left is OK, with its date',
      params: () => ({ domain: 'example.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'OK', result: `domain expires in 200 days (${inDays(200).slice(0, 10)})` }],
    },
    {
      name: '20 days left warns',
      params: () => ({ domain: 'soon.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'WARNING', result: 'domain expires in 20 days (warn < 30)' }],
    },
    {
      name: '3 days left is an error',
      params: () => ({ domain: 'urgent.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: 'domain expires in 3 days (error < 7)' }],
    },
    {
      name: 'thresholds come from the config',
      params: () => ({ domain: 'example.com', bootstrapUrl: bootstrapUrl(), warnDays: 365, errorDays: 250 }),
      expected: () => [{ level: 'ERROR', result: 'domain expires in 200 days (error < 250)' }],
    },
    {
      name: 'an expired domain says how long ago',
      params: () => ({ domain: 'lapsed.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: 'domain expired 2 days ago (2026-11-24)' }],
    },
    {
      name: 'the longest matching suffix picks the server',
      params: () => ({ domain: 'example.co.uk', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'OK', result: `domain expires in 100 days (${inDays(100).slice(0, 10)})` }],
    },
    {
      name: 'case, a trailing dot and Unicode are normalised',
      params: () => ({ domain: 'Bücher.COM.', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'OK', result: `domain expires in 90 days (${inDays(90).slice(0, 10)})` }],
    },
    {
      name: 'rdapServer skips the bootstrap',
      params: () => ({ domain: 'example.com', rdapServer: `${base}/custom/v1`, bootstrapUrl: `${base}/never.json` }),
      expected: () => [{ level: 'OK', result: `domain expires in 45 days (${inDays(45).slice(0, 10)})` }],
    },
    {
      name: 'an unknown domain is an error naming where it was looked up',
      params: () => ({ domain: 'missing.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: `missing.com not found at ${base}/com/domain/missing.com (404)` }],
    },
    {
      name: 'a record without an expiration event says which events it has',
      params: () => ({ domain: 'noexpiry.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: 'RDAP record of noexpiry.com has no expiration event (events: registration, last changed)' }],
    },
    {
      name: 'an expiration that is not a date is reported',
      params: () => ({ domain: 'baddate.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: 'RDAP expiration date of baddate.com is not a date: "next year"' }],
    },
    {
      name: 'an answer that is not JSON is reported',
      params: () => ({ domain: 'garbled.com', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: 'RDAP lookup of garbled.com failed: status 200 OK on /com/domain/garbled.com, but the response is not JSON: got an HTML page' }],
    },
    {
      name: 'a top-level domain without RDAP asks for rdapServer',
      params: () => ({ domain: 'example.zz', bootstrapUrl: bootstrapUrl() }),
      expected: () => [{ level: 'ERROR', result: `no RDAP server for ".zz" in ${base}/dns.json; set \`rdapServer\` to the registry's RDAP URL` }],
    },
    {
      name: 'a bootstrap that is not JSON is reported',
      params: () => ({ domain: 'example.com', bootstrapUrl: `${base}/broken.json` }),
      expected: () => [{ level: 'ERROR', result: `cannot load the RDAP bootstrap ${base}/broken.json: status 200 OK on /broken.json, but the response is not JSON: got an HTML page` }],
    },
    {
      name: 'an unreachable RDAP server is reported in words',
      params: () => ({ domain: 'example.com', rdapServer: 'http://127.0.0.1:9/' }),
      expected: () => [{ level: 'ERROR', result: 'RDAP lookup of example.com failed: connection refused (ECONNREFUSED 127.0.0.1:9)' }],
    },
  ];

  it.each(scenarios)('$name', async ({ params, expected }) => {
    expect(await runCheck(domain, params(), context)).toEqual(expected());
  });

  it('downloads the bootstrap once per process and asks for RDAP JSON', async () => {
    const bootstrap = `${base}/dns.json?fresh=1`;
    const before = seen.bootstrapRequests;
    seen.accept = [];
    await Promise.all([
      runCheck(domain, { domain: 'example.com', bootstrapUrl: bootstrap }, context),
      runCheck(domain, { domain: 'soon.com', bootstrapUrl: bootstrap }, context),
    ]);
    await runCheck(domain, { domain: 'urgent.com', bootstrapUrl: bootstrap }, context);
    expect(seen.bootstrapRequests - before).toBe(1);
    expect(seen.accept).toEqual(['application/rdap+json', 'application/rdap+json', 'application/rdap+json']);
  });

  it('links to the RDAP record when the config gives no link', async () => {
    expect(await runCheck(domain, { domain: 'soon.com', bootstrapUrl: bootstrapUrl() }, { ...context, link: '' })).toEqual([
      { level: 'WARNING', result: 'domain expires in 20 days (warn < 30)', link: `${base}/com/domain/soon.com` },
    ]);
  });
});

describe('domain schema', () => {
  it('fills in the defaults', () => {
    expect(domain.schema.parse({ domain: 'example.com' })).toEqual({
      domain: 'example.com',
      warnDays: 30,
      errorDays: 7,
      bootstrapUrl: 'https://data.iana.org/rdap/dns.json',
    });
  });

  const invalid = [
    { name: 'a URL', params: { domain: 'https://example.com' }, message: 'must be a domain name like "example.com" (the name only, without "https://"), got "https://example.com"' },
    { name: 'a bare word', params: { domain: 'localhost' }, message: 'must be a domain name like "example.com", got "localhost"' },
    { name: 'errorDays above warnDays', params: { domain: 'example.com', errorDays: 40 }, message: 'must be at most `warnDays` (30), got 40: errors come after warnings' },
    { name: 'a number', params: { domain: 42 }, message: 'must be a domain name like "example.com"' },
    { name: 'a bad rdapServer', params: { domain: 'example.com', rdapServer: 'rdap.verisign.com' }, message: 'must be an http or https URL like "https://example.com/health", got "rdap.verisign.com"' },
  ];
  it.each(invalid)('rejects $name', ({ params, message }) => {
    const parsed = domain.schema.safeParse(params);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});
