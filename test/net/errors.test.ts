import { describe, expect, it } from 'vitest';
import { describeNetworkError, describeRequestError } from '../../main/net/errors.js';

const url = new URL('https://hub.local:8443/api');

describe('describeNetworkError', () => {
  it('finds the code on the cause, where fetch-style errors keep it', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND', hostname: 'x' }) });
    expect(describeNetworkError(error)).toBe('host not found (ENOTFOUND x)');
  });

  it('uses the fallback target when the error names no address', () => {
    expect(describeNetworkError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'hub.local:8443')).toBe(
      'connection closed by the server (UND_ERR_SOCKET hub.local:8443)',
    );
  });

  it('leaves an unknown code to the caller', () => {
    expect(describeNetworkError(Object.assign(new Error('odd'), { code: 'EWEIRD' }))).toBeUndefined();
  });
});

describe('describeRequestError', () => {
  it.each([
    ['a refused connection, with code and address', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 }), 'connection refused (ECONNREFUSED 127.0.0.1:9)'],
    ['a self-signed certificate', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'TLS: self-signed certificate'],
    ['an expired certificate', Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), 'TLS: certificate has expired'],
    ['a redirect loop', new Error('Redirect loop detected'), 'redirect loop: redirected back to a URL already visited'],
    ['an unknown failure keeps its message and cause', new Error('bad thing', { cause: Object.assign(new Error('the detail'), { code: 'EWEIRD' }) }), 'the detail (EWEIRD)'],
  ])('%s', (_name, error, expected) => {
    expect(describeRequestError(error, url)).toBe(expected);
  });
});
