/**
 * Alertmanager's API v2, as far as this kind reads it. Shapes from prometheus/alertmanager
 * `api/v2/openapi.yaml` (definitions `gettableAlert`, `alert`, `alertStatus`, `labelSet`,
 * `gettableSilence`, `silence`, `silenceStatus`, `matcher`) and the filters of
 * `getAlertsHandler`/`alertFilter` in `api/v2/api.go`: `active`, `silenced`, `inhibited`
 * (booleans), `filter` (matchers, repeated) and `receiver` (a regex). Only the fields used
 * are required, so a newer Alertmanager that adds fields still reads.
 */
import * as z from 'zod';
import { getJson, joinUrl, type JsonOutcome } from '../../net/index.js';
import type { CheckContext } from '../types.js';

/** RFC 3339 with up to nanoseconds, as Go writes it; Date.parse reads it to the millisecond. */
const moment = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { error: 'expected a date and time' });

/** `labelSet`: label name to value. */
const labelSet = z.record(z.string(), z.string());

const alert = z.object({
  labels: labelSet,
  annotations: labelSet,
  /** Optional in `alert`: alerts not sent by Prometheus may have none, or an empty one. */
  generatorURL: z.string().optional(),
  startsAt: moment,
  /** `unprocessed`, `active` or `suppressed` (silenced, inhibited or muted). */
  status: z.object({ state: z.string() }),
});

export const alertsShape = z.array(alert);
export type Alert = z.output<typeof alert>;

const silence = z.object({
  id: z.string(),
  /** `expired`, `active` or `pending`. */
  status: z.object({ state: z.string() }),
  endsAt: moment,
  createdBy: z.string(),
  comment: z.string(),
  matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() })),
});

export const silencesShape = z.array(silence);
export type Silence = z.output<typeof silence>;

export interface AlertQuery {
  url: string;
  headers?: Record<string, string>;
  ca?: string;
  insecure: boolean;
  credential: string;
  filter?: string[];
  receiver?: string;
}

/** `path` under the base URL with the query, `filter` repeated as the API reads it. */
function apiUrl(base: string, path: string, query: Record<string, string | undefined>, filter: string[] = []): string {
  const url = new URL(joinUrl(base, path, query));
  for (const matcher of filter) url.searchParams.append('filter', matcher);
  return url.href;
}

function get<Shape extends z.ZodType>(ctx: CheckContext, query: AlertQuery, url: string, shape: Shape): Promise<JsonOutcome<z.output<Shape>>> {
  return getJson(ctx, url, { headers: query.headers, credential: query.credential, ca: query.ca, insecure: query.insecure, shape });
}

/** Alerts that fire and reach someone: active, neither silenced nor inhibited. */
export function fetchActiveAlerts(ctx: CheckContext, query: AlertQuery): Promise<JsonOutcome<Alert[]>> {
  const url = apiUrl(query.url, 'api/v2/alerts', { active: 'true', silenced: 'false', inhibited: 'false', receiver: query.receiver }, query.filter);
  return get(ctx, query, url, alertsShape);
}

/** Silences that are not expired (older Alertmanagers ignore `expired` and list them all: the state tells). */
export function fetchSilences(ctx: CheckContext, query: AlertQuery): Promise<JsonOutcome<Silence[]>> {
  return get(ctx, query, apiUrl(query.url, 'api/v2/silences', { expired: 'false' }, query.filter), silencesShape);
}
