/**
 * `http`: requests a URL and checks the answer: status, body content, response
 * time, and (for https) that the certificate is valid. The everyday check for
 * web sites, APIs and health endpoints.
 */
import { z } from 'zod';
import { formatBytes } from '../../../shared/words.js';
import { caFile, duration, headers, httpUrl, insecure } from '../fields.js';
import { describeRequestError, errorMessage } from '../lib/network-errors.js';
import { loadCaFile } from '../tls/trust.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { dispatcherFor, loadUndici } from './dispatchers.js';
import { describeExpected, expectStatusField, statusMatches } from './expect-status.js';
import { excerpt, readBody } from './read-body.js';
import { splitCredentials, withAuthorization } from '../lib/url-credentials.js';

const REDIRECT_CODES = new Set([300, 301, 302, 303, 307, 308]);
/** Enough of a failing body to recognise the error page. */
const EXCERPT_BYTES = 4096;

/** `"^ok$"` or `"/^ok$/i"`: a regex source, or a JavaScript regex literal when flags are needed. */
const bodyMatchesField = z
  .string({ error: 'must be a regular expression like "\\"status\\":\\s*\\"ok\\"" or "/ok/i"' })
  .transform((text, ctx) => {
    const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(text);
    try {
      return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(text);
    } catch (error) {
      ctx.issues.push({ code: 'custom', input: text, message: `must be a valid regular expression, got ${JSON.stringify(text)}: ${errorMessage(error)}` });
      return z.NEVER;
    }
  })
  .meta({ description: 'Regular expression the body must match; write "/…/i" for flags.', examples: ['"status":\\s*"ok"', '/welcome/i'] });

export const httpSchema = z.strictObject({
  url: httpUrl.meta({ description: 'The URL to request.', examples: ['https://example.com/health'] }),
  method: z
    .string({ error: 'must be an HTTP method like "GET" or "POST"' })
    .regex(/^[A-Za-z]+$/, { error: (issue) => `must be an HTTP method like "GET" or "POST", got ${JSON.stringify(issue.input)}` })
    .transform((text) => text.toUpperCase())
    .optional()
    .meta({ description: 'HTTP method; GET, or POST when `body` is given.' }),
  headers: headers.optional(),
  body: z.string({ error: 'must be a string (write JSON bodies as a quoted string or a YAML block)' }).optional().meta({ description: 'Request body.' }),
  expectStatus: expectStatusField,
  bodyContains: z.string({ error: 'must be text like "<html"' }).min(1, { error: 'must be text like "<html", got ""' }).optional().meta({ description: 'Text the body must contain.' }),
  bodyMatches: bodyMatchesField.optional(),
  warnSlowerThan: duration('2s').optional().meta({ description: 'WARNING when the response takes longer than this.' }),
  errorSlowerThan: duration('10s').optional().meta({ description: 'ERROR when the response takes longer than this.' }),
  maxRedirects: z
    .number({ error: 'must be a whole number of redirects like 5 (0 to not follow redirects)' })
    .int({ error: 'must be a whole number of redirects like 5 (0 to not follow redirects)' })
    .min(0, { error: 'must be 0 or more' })
    .max(20, { error: 'must be at most 20' })
    .default(5)
    .meta({ description: 'Redirects to follow; with 0 a 3xx answer is checked against `expectStatus` as it is.' }),
  insecure,
  ca: caFile,
  maxBodyBytes: z
    .number({ error: 'must be a number of bytes like 1048576' })
    .int({ error: 'must be a whole number of bytes like 1048576' })
    .positive({ error: 'must be a number of bytes like 1048576' })
    .default(1_048_576)
    .meta({ description: 'Read at most this much of the body; longer bodies are cut (and the connection closed).' }),
});

type HttpParams = z.output<typeof httpSchema>;

function withHeaders(params: HttpParams): Record<string, string> {
  const given = params.headers ?? {};
  const hasUserAgent = Object.keys(given).some((name) => name.toLowerCase() === 'user-agent');
  return hasUserAgent ? given : { 'user-agent': 'Backstop health check', ...given };
}

export async function checkHttp(params: HttpParams, ctx: CheckContext): Promise<CheckStatus> {
  // `user:pass@` becomes a Basic Authorization header; the password never reaches a report line.
  const target = splitCredentials(params.url);
  const url = new URL(target.url);
  const link = ctx.link ? {} : { link: target.shown };
  const fail = (result: string): CheckStatus => ({ level: 'ERROR', result, ...link });

  const ca = await loadCaFile(params.ca, ctx.configDir);
  if ('problem' in ca) return fail(ca.problem);
  const caPem = ca.pem;
  const { request } = await loadUndici();
  const dispatcher = await dispatcherFor({ insecure: params.insecure, caPem, maxRedirects: params.maxRedirects });
  const needsWholeBody = params.bodyContains !== undefined || params.bodyMatches !== undefined;
  const startedAt = performance.now();

  let statusCode: number;
  let location: string | undefined;
  let body: { text: string; truncated: boolean };
  try {
    const response = await request(url, {
      dispatcher,
      method: params.method ?? (params.body !== undefined ? 'POST' : 'GET'),
      headers: withAuthorization(withHeaders(params), target.authorization),
      body: params.body,
      signal: ctx.signal,
    });
    statusCode = response.statusCode;
    const locationHeader = response.headers.location;
    location = Array.isArray(locationHeader) ? locationHeader[0] : locationHeader;
    body = await readBody(response.body, params.maxBodyBytes, needsWholeBody ? params.maxBodyBytes : EXCERPT_BYTES);
  } catch (error) {
    if (ctx.signal.aborted) return fail(`no complete response from ${url.host} before the check was stopped`);
    return fail(describeRequestError(error, url));
  }
  const elapsedMs = Math.round(performance.now() - startedAt);

  // The redirect interceptor hands back the last 3xx once its budget is spent.
  if (params.maxRedirects > 0 && REDIRECT_CODES.has(statusCode) && location !== undefined) {
    return fail(`too many redirects (more than ${params.maxRedirects})`);
  }
  if (!statusMatches(statusCode, params.expectStatus)) {
    const sample = excerpt(body.text);
    const shown = sample === '(empty body)' ? '' : `: ${sample}`;
    return fail(`status ${statusCode}, expected ${describeExpected(params.expectStatus)}${shown}`);
  }
  const scope = body.truncated ? ` (first ${formatBytes(params.maxBodyBytes)})` : '';
  if (params.bodyContains !== undefined && !body.text.includes(params.bodyContains)) {
    return fail(`${JSON.stringify(params.bodyContains)} not found in body${scope}: ${excerpt(body.text)}`);
  }
  // With `g` or `y`, test() starts where the last match ended, and params live as long as the config (the app runs daily).
  if (params.bodyMatches !== undefined) params.bodyMatches.lastIndex = 0;
  if (params.bodyMatches !== undefined && !params.bodyMatches.test(body.text)) {
    return fail(`body${scope} does not match ${params.bodyMatches}: ${excerpt(body.text)}`);
  }
  if (params.errorSlowerThan !== undefined && elapsedMs > params.errorSlowerThan) {
    return fail(`${elapsedMs} ms response (error > ${params.errorSlowerThan} ms)`);
  }
  if (params.warnSlowerThan !== undefined && elapsedMs > params.warnSlowerThan) {
    return { level: 'WARNING', result: `${elapsedMs} ms response (warn > ${params.warnSlowerThan} ms)`, ...link };
  }
  return { level: 'OK', result: `${elapsedMs} ms response`, ...link };
}

export default defineCheck({
  kind: 'http',
  description: 'Requests a URL and checks its status, body and response time.',
  schema: httpSchema,
  pool: 'network',
  check: checkHttp,
});
