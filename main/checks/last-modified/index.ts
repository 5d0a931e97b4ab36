/**
 * `last-modified`: a published file (a nightly export, a feed, a mirror) must have been
 * updated recently, as its server's `Last-Modified` header says.
 */
import * as z from 'zod';
import { describeStatus, headerValue, isSuccess, request, type RequestOptions } from '../../net/index.js';
import { caFile, headers, httpUrl, insecure } from '../fields.js';
import { defineCheck } from '../types.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { ageStatus, ageThresholdFields, checkAgeThresholds } from '../lib/age.js';
import { excerpt } from '../lib/words.js';

/** Statuses with which a server says it does not do HEAD; we ask again with GET. */
const HEAD_REFUSED = new Set([405, 501]);

export default defineCheck({
  kind: 'last-modified',
  description: "A URL's Last-Modified header says it was updated recently enough.",
  schema: z
    .strictObject({
      url: httpUrl.meta({ description: 'The file to ask about (HEAD, or GET when HEAD is refused).' }),
      headers: headers.optional(),
      insecure,
      ca: caFile,
      ...ageThresholdFields,
    })
    .superRefine(checkAgeThresholds, whenFieldsParsed(Object.keys(ageThresholdFields))),
  pool: 'network',
  async check(params, ctx) {
    const options: RequestOptions = { headers: params.headers, ca: params.ca, insecure: params.insecure };
    let response = await request(ctx, params.url, { ...options, method: 'HEAD' });
    if (response.ok && HEAD_REFUSED.has(response.status)) {
      ctx.log(`HEAD refused with status ${response.status}, asking again with GET`);
      // The body may be the whole nightly export: only the headers matter.
      response = await request(ctx, params.url, { ...options, method: 'GET', discardBody: true });
    }
    if (!response.ok) return { level: 'ERROR', result: response.error };
    if (!isSuccess(response.status)) return { level: 'ERROR', result: describeStatus(response) };
    const header = headerValue(response.headers, 'last-modified');
    if (header === undefined || header.trim() === '') return { level: 'ERROR', result: 'no Last-Modified header in the response' };
    // luxon loads with the first Last-Modified header: a run without one never parses it.
    const { DateTime } = await import('luxon');
    const modified = DateTime.fromHTTP(header.trim());
    if (!modified.isValid) return { level: 'ERROR', result: `Last-Modified is not an HTTP date: got ${excerpt(header, 40)}` };
    return ageStatus('modified', ctx.now().getTime() - modified.toMillis(), params);
  },
});
