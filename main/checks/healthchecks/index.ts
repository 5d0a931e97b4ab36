/**
 * `healthchecks`: the open problems of a Healthchecks project (healthchecks.io or your own),
 * one row per check that is down or late with a link to its page, and a check paused for
 * longer than `pausedWarnAfter`: a forgotten pause is exactly what a backstop exists to catch.
 */
import pLimit from 'p-limit';
import * as z from 'zod';
import { configDuration, howLong, howLongAgo } from '../../../shared/words.js';
import { getJson, joinUrl } from '../../net/index.js';
import { caFile, duration, httpUrl, insecure } from '../fields.js';
import { tallyLine } from '../lib/tally.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { checkId, checkPage, checksShape, flipsShape, type HealthcheckCheck } from './api.js';

/** Status-history requests at once: Healthchecks asks for at most 100 API requests a minute. */
const FLIP_REQUESTS_AT_ONCE = 4;

export const healthchecksSchema = z.strictObject({
  url: httpUrl
    .default('https://healthchecks.io')
    .meta({ description: 'The Healthchecks site: https://healthchecks.io (the default) or your own, with its path prefix if it has one.', examples: ['https://hc.example.com'] }),
  apiKey: z
    .string({ error: 'must be the project\'s API key, like "${HC_API_KEY}"' })
    .min(1, { error: 'must be the project\'s API key, like "${HC_API_KEY}", got ""' })
    .meta({ description: 'The project\'s API key (Project Settings → API Access; a read-only key is enough), from the environment: "${HC_API_KEY}".' }),
  pausedWarnAfter: duration('7d')
    .prefault('7d')
    .meta({ description: 'WARNING for a check paused longer than this (default "7d"): a forgotten pause.' }),
  insecure,
  ca: caFile,
});

type HealthchecksParams = z.output<typeof healthchecksSchema>;

interface Context {
  params: HealthchecksParams;
  ctx: CheckContext;
  now: number;
}

/** What the check was expected to do: `every 1d, grace 1h` or `schedule "15 5 * * *" UTC, grace 20m`. */
function expectation(check: HealthcheckCheck): string {
  const grace = `grace ${configDuration(check.grace * 1000)}`;
  if (check.schedule !== undefined) return `schedule "${check.schedule}"${check.tz ? ` ${check.tz}` : ''}, ${grace}`;
  if (check.timeout !== undefined) return `every ${configDuration(check.timeout * 1000)}, ${grace}`;
  return grace;
}

function lastPing(check: HealthcheckCheck, now: number): string {
  const at = check.last_ping === null ? Number.NaN : Date.parse(check.last_ping);
  return Number.isNaN(at) ? 'never pinged' : `last ping ${howLongAgo(now - at)}`;
}

/** The check's name as Healthchecks shows it; an unnamed check by its slug or id. */
function nameOf(check: HealthcheckCheck): string {
  return check.name || check.slug || `unnamed check ${checkId(check).slice(0, 8)}`;
}

function row(check: HealthcheckCheck, level: CheckStatus['level'], result: string, { params }: Context): CheckStatus {
  return { metric: nameOf(check), level, result, link: checkPage(params.url, check) };
}

/**
 * A paused check's row, when it has been paused longer than `pausedWarnAfter`; undefined otherwise.
 * Since when: the newest flip (pausing records one). A paused check ignores pings or is resumed by
 * them, so its last ping came before the pause: a recent last ping proves a recent pause without
 * asking for the flips.
 */
async function pausedTooLong(check: HealthcheckCheck, context: Context): Promise<CheckStatus | undefined> {
  const { params, ctx, now } = context;
  const threshold = `(warn > ${configDuration(params.pausedWarnAfter)})`;
  const pinged = check.last_ping === null ? Number.NaN : Date.parse(check.last_ping);
  if (now - pinged <= params.pausedWarnAfter) return undefined;
  const flips = await getJson(ctx, joinUrl(params.url, `api/v3/checks/${encodeURIComponent(checkId(check))}/flips/`), {
    headers: { 'X-Api-Key': params.apiKey },
    credential: 'apiKey',
    shape: flipsShape,
    ca: params.ca,
    insecure: params.insecure,
  });
  if (!flips.ok) return row(check, 'WARNING', `paused; since when is unknown: ${flips.error}`, context);
  const newest = Math.max(...flips.json.map((flip) => Date.parse(flip.timestamp)).filter((at) => !Number.isNaN(at)));
  if (!Number.isFinite(newest)) {
    return row(check, 'WARNING', `paused since before the status history Healthchecks keeps (2 to 3 months) ${threshold}`, context);
  }
  const pausedFor = now - newest;
  return pausedFor > params.pausedWarnAfter ? row(check, 'WARNING', `paused for ${howLong(pausedFor)} ${threshold}`, context) : undefined;
}

export async function checkHealthchecks(params: HealthchecksParams, ctx: CheckContext): Promise<CheckStatus[]> {
  const answer = await getJson(ctx, joinUrl(params.url, 'api/v3/checks/'), {
    headers: { 'X-Api-Key': params.apiKey },
    credential: 'apiKey',
    shape: checksShape,
    ca: params.ca,
    insecure: params.insecure,
  });
  if (!answer.ok) return [{ level: 'ERROR', result: answer.error }];
  const { checks } = answer.json;
  if (checks.length === 0) {
    return [{ level: 'ERROR', result: 'no checks in this project: is `apiKey` the key of the project you mean?' }];
  }

  const context: Context = { params, ctx, now: ctx.now().getTime() };
  const rows: CheckStatus[] = [];
  const counts = { up: 0, grace: 0, down: 0, new: 0, other: 0 };
  const paused: HealthcheckCheck[] = [];
  for (const check of checks) {
    const expected = `(${expectation(check)})`;
    switch (check.status) {
      case 'up':
      case 'new':
        counts[check.status] += 1;
        break;
      case 'grace':
        counts.grace += 1;
        rows.push(row(check, 'WARNING', `late, ${lastPing(check, context.now)} ${expected}`, context));
        break;
      case 'down': {
        counts.down += 1;
        const started = check.started ? '; a run started and has not finished' : '';
        rows.push(row(check, 'ERROR', `down, ${lastPing(check, context.now)} ${expected}${started}`, context));
        break;
      }
      case 'paused':
        paused.push(check);
        break;
      default:
        counts.other += 1;
        rows.push(row(check, 'WARNING', `status ${JSON.stringify(check.status)}, which Backstop does not know (expected up, grace, down, new or paused)`, context));
    }
  }
  const limit = pLimit(FLIP_REQUESTS_AT_ONCE);
  const pausedRows = await Promise.all(paused.map((check) => limit(() => pausedTooLong(check, context))));
  for (const pausedRow of pausedRows) if (pausedRow) rows.push(pausedRow);

  const summary = tallyLine('check', [
    { count: counts.up, state: 'up' },
    { count: counts.grace, state: 'late' },
    { count: counts.down, state: 'down' },
    { count: counts.other, state: 'in another state' },
    { count: counts.new, state: 'new' },
    { count: paused.length, state: 'paused', names: paused.map(nameOf) },
  ]);
  return [...rows, { level: 'OK', result: summary }];
}

export default defineCheck({
  kind: 'healthchecks',
  description: 'The checks of a Healthchecks project that are down, late, or paused too long, each linked to its page.',
  schema: healthchecksSchema,
  pool: 'network',
  defaultLink: (params) => joinUrl(params.url, ''),
  check: checkHealthchecks,
});
