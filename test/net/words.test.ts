/**
 * The words of the network layer, as tables: how a status, a body and a URL are
 * shown on a report line (never raw HTML, never a password or a query secret).
 */
import { describe, expect, it } from 'vitest';
import { describeBody, describeStatus, htmlTitle, joinUrl, placeOf, shownUrl, splitCredentials } from '../../main/net/index.js';

describe('describeStatus', () => {
  it.each([
    ['the status, its reason, the path and what was expected', { status: 503, place: '/api/health' }, {}, 'status 503 Service Unavailable on /api/health, expected 2xx'],
    ['an error page by its title', { status: 503, place: '/', body: '<html><head><title>Down for maintenance</title></head><body>…</body></html>' }, {}, 'status 503 Service Unavailable on /, expected 2xx: "Down for maintenance"'],
    ['an HTML page found by content type, with entities', { status: 500, place: '/', headers: { 'content-type': 'text/html' }, body: '<TITLE>Fish &amp; chips&nbsp;&#8212; closed</TITLE>' }, {}, 'status 500 Internal Server Error on /, expected 2xx: "Fish & chips — closed"'],
    ['the first heading of a page without a title', { status: 502, place: '/', body: '<!DOCTYPE html><body><h1>Upstream <b>timed out</b></h1></body>' }, {}, 'status 502 Bad Gateway on /, expected 2xx: "Upstream timed out"'],
    ['nothing from a page that says no more than the status', { status: 502, place: '/', body: '<html><head><title>502 Bad Gateway</title></head></html>' }, {}, 'status 502 Bad Gateway on /, expected 2xx'],
    ['nothing from a page without a title or heading', { status: 500, place: '/', body: '<html><body><div>a</div></body></html>' }, {}, 'status 500 Internal Server Error on /, expected 2xx'],
    ['a JSON error by its message', { status: 400, place: '/q', body: '{"error":{"code":400,"message":"bad query"}}' }, {}, 'status 400 Bad Request on /q, expected 2xx: "bad query"'],
    ['a JSON error list', { status: 422, place: '/q', body: '{"errors":[{"message":"name is required"}]}' }, {}, 'status 422 Unprocessable Entity on /q, expected 2xx: "name is required"'],
    ['plain text, cut', { status: 500, place: '/', body: `oops ${'x'.repeat(100)}` }, {}, `status 500 Internal Server Error on /, expected 2xx: "oops ${'x'.repeat(75)}…"`],
    ['a code without a standard reason', { status: 599, place: '/' }, {}, 'status 599 on /, expected 2xx'],
    ['what the config expects', { status: 200, place: '/old' }, { expected: '301' }, 'status 200 OK on /old, expected 301'],
    ['no place when the caller names it', { status: 404 }, {}, 'status 404 Not Found, expected 2xx'],
    ['the credential to check on 401', { status: 401, place: '/api/v1/alerts' }, { credential: 'token' }, 'status 401 Unauthorized on /api/v1/alerts: check `token`'],
    ['the credential to check on 403, with the reason', { status: 403, place: '/api', body: '{"message":"key is read-only"}' }, { credential: 'apiKey' }, 'status 403 Forbidden on /api: check `apiKey` ("key is read-only")'],
    ['a 401 without a credential field is a status like any other', { status: 401, place: '/' }, {}, 'status 401 Unauthorized on /, expected 2xx'],
  ])('shows %s', (_name, facts, wording, expected) => {
    expect(describeStatus(facts, wording)).toBe(expected);
  });
});

describe('describeBody', () => {
  it('says nothing about an empty body', () => {
    expect(describeBody('  \n')).toBeUndefined();
  });

  it('never quotes raw HTML', () => {
    expect(describeBody('<!doctype html><html><body><script>var x = "<b>";</script></body></html>')).toBeUndefined();
    expect(htmlTitle('<title>\n  Sign in\n</title>')).toBe('Sign in');
  });
});

describe('URLs on a report line', () => {
  it.each([
    ['a plain URL as it is', 'https://example.com/health?full=1', 'https://example.com/health?full=1'],
    ['the user without the password', 'https://backup:p%40ss@nas.local/status', 'https://backup@nas.local/status'],
    ['secret query values hidden', 'https://api.example.com/v1?apiKey=abc123&page=2&access_token=t0k', 'https://api.example.com/v1?apiKey=***&page=2&access_token=***'],
    ['a signed link hidden', 'https://bucket.s3.amazonaws.com/x.csv?X-Amz-Credential=AK%2F1&X-Amz-Signature=f00', 'https://bucket.s3.amazonaws.com/x.csv?X-Amz-Credential=***&X-Amz-Signature=***'],
  ])('shows %s', (_name, url, shown) => {
    expect(shownUrl(url)).toBe(shown);
  });

  it('requests without the credentials and sends them as Basic authorization', () => {
    expect(splitCredentials('https://backup:p%40ss@nas.local/status?key=k')).toEqual({
      url: 'https://nas.local/status?key=k',
      authorization: `Basic ${Buffer.from('backup:p@ss').toString('base64')}`,
      shown: 'https://backup@nas.local/status?key=***',
    });
  });

  it.each([
    ['https://hc.example.com', '/api/v3/checks/', {}, 'https://hc.example.com/api/v3/checks/'],
    ['https://example.com/kuma', 'api/status-page/main', {}, 'https://example.com/kuma/api/status-page/main'],
    ['https://example.com/kuma/', '/api/status-page/main', {}, 'https://example.com/kuma/api/status-page/main'],
    ['https://u:p@am.local:9093', 'api/v2/alerts', { active: true, silenced: false, receiver: undefined }, 'https://u:p@am.local:9093/api/v2/alerts?active=true&silenced=false'],
    ['http://prom:9090/', 'api/v1/query', { query: 'up == 0' }, 'http://prom:9090/api/v1/query?query=up+%3D%3D+0'],
  ])('joins %s and %s', (base, path, query, expected) => {
    expect(joinUrl(base, path, query)).toBe(expected);
  });

  it('names the path only, never the host, query or credentials', () => {
    expect(placeOf('https://user:pw@hub.local:8443/api/states?token=secret')).toBe('/api/states');
  });
});
