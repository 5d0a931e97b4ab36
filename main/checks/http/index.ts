/**
 * `http`: requests a URL and checks the answer: status, body content, response
 * time, and (for https) that the certificate is valid. The everyday check for
 * web sites, APIs and health endpoints.
 */
import * as z from 'zod';
import { formatBytes } from '../../../shared/words.js';
import { describeStatus, errorMessage, request, shownUrl } from '../../net/index.js';
import { caFile, duration, headers, httpUrl, insecure } from '../fields.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { describeExpected, expectStatusField, statusMatches } from './expect-status.js';

/** Enough of a failing body to find the error page's title. */
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

/** The body as one short line for a result: whitespace collapsed, cut with `…`. */
function excerpt(text: string, maxChars = 150): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > maxChars ? `${line.slice(0, maxChars)}…` : line;
}

export async function checkHttp(params: HttpParams, ctx: CheckContext): Promise<CheckStatus> {
  // The password and secret query values never reach a report line or link.
  const link = ctx.link ? {} : { link: shownUrl(params.url) };
  const fail = (result: string): CheckStatus => ({ level: 'ERROR', result, ...link });
  const needsWholeBody = params.bodyContains !== undefined || params.bodyMatches !== undefined;

  const answer = await request(ctx, params.url, {
    method: params.method ?? (params.body !== undefined ? 'POST' : 'GET'),
    headers: params.headers,
    body: params.body,
    maxRedirects: params.maxRedirects,
    ca: params.ca,
    insecure: params.insecure,
    maxBodyBytes: params.maxBodyBytes,
    whenLarger: 'cut',
    keepBytes: needsWholeBody ? params.maxBodyBytes : EXCERPT_BYTES,
  });
  if (!answer.ok) return fail(answer.error);
  const { body, elapsedMs } = answer;

  if (!statusMatches(answer.status, params.expectStatus)) {
    return fail(describeStatus(answer, { expected: describeExpected(params.expectStatus) }));
  }
  const scope = answer.truncated ? ` (first ${formatBytes(params.maxBodyBytes)})` : '';
  if (params.bodyContains !== undefined && !body.includes(params.bodyContains)) {
    return fail(`${JSON.stringify(params.bodyContains)} not found in body${scope}: ${excerpt(body)}`);
  }
  // With `g` or `y`, test() starts where the last match ended, and params live as long as the config (the app runs daily).
  if (params.bodyMatches !== undefined) params.bodyMatches.lastIndex = 0;
  if (params.bodyMatches !== undefined && !params.bodyMatches.test(body)) {
    return fail(`body${scope} does not match ${params.bodyMatches}: ${excerpt(body)}`);
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
