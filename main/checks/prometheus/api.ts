/**
 * Prometheus's instant query, `GET /api/v1/query?query=…`, as prometheus/prometheus
 * `docs/querying/api.md` documents it: the envelope (`status` "success" or "error",
 * `data`, `errorType`, `error`, `warnings`), `data.resultType` ("vector", "scalar",
 * "string" or "matrix") with `data.result`, and sample values as strings, since JSON has
 * no NaN or ±Inf ("Expression query result formats"). Errors come as the same envelope
 * with 400 (bad parameters), 422 (cannot execute) or 503 (timed out or aborted).
 */
import * as z from 'zod';
import { getJson, joinUrl } from '../../net/index.js';
import { toolPage } from '../lib/tool.js';
import { oneLine } from '../lib/words.js';
import type { CheckContext } from '../types.js';

/** `[ <unix_time>, "<sample_value>" ]`. */
const sample = z.tuple([z.number(), z.string()]);

/** One series of an instant vector: a float `value`, or a native `histogram` instead. */
const series = z.object({
  metric: z.record(z.string(), z.string()),
  value: sample.optional(),
  histogram: z.tuple([z.number(), z.unknown()]).optional(),
});

const data = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(series) }),
  z.object({ resultType: z.literal('scalar'), result: sample }),
  z.object({ resultType: z.literal('string'), result: sample }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
]);

const errorEnvelope = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() });

const envelope = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data, warnings: z.array(z.string()).optional() }),
  errorEnvelope,
]);

export type QueryData = z.output<typeof data>;
export type Series = z.output<typeof series>;

export type QueryOutcome = { ok: true; data: QueryData; warnings: string[] } | { ok: false; error: string };

/** `query failed (status 422, execution): many-to-many matching not allowed`. */
function describeQueryError(failure: z.output<typeof errorEnvelope>, status: number): string {
  const kind = [`status ${status}`, failure.errorType].filter(Boolean).join(', ');
  return `query failed (${kind}): ${oneLine(failure.error || 'no reason given')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface QueryRequest {
  url: string;
  query: string;
  headers?: Record<string, string>;
  ca?: string;
  insecure: boolean;
  credential: string;
}

export async function instantQuery(ctx: CheckContext, request: QueryRequest): Promise<QueryOutcome> {
  const url = joinUrl(request.url, 'api/v1/query', { query: request.query });
  const answer = await getJson(ctx, url, { headers: request.headers, credential: request.credential, ca: request.ca, insecure: request.insecure, shape: envelope });
  if (!answer.ok) {
    // A refused query says why in the envelope; a proxy's 502 or a login page does not.
    const failure = answer.answer === undefined || [401, 403].includes(answer.answer.status) ? undefined : errorEnvelope.safeParse(parseJson(answer.answer.body));
    return { ok: false, error: failure?.success ? describeQueryError(failure.data, answer.answer!.status) : answer.error };
  }
  const { json } = answer;
  if (json.status === 'error') return { ok: false, error: describeQueryError(json, answer.answer.status) };
  return { ok: true, data: json.data, warnings: json.warnings ?? [] };
}

/**
 * The query's graph over the last day in Prometheus's UI: `/graph` with the `g0.*`
 * parameters is the old UI's page, and Prometheus 3 redirects it to `/query` with them
 * (web/web.go; web/ui/mantine-ui/src/pages/query/urlStateEncoding.ts reads them).
 */
export function graphPage(base: string, query: string): string {
  return toolPage(base, 'graph', { 'g0.expr': query, 'g0.tab': '0', 'g0.range_input': '1d' });
}
