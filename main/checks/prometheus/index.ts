/**
 * `prometheus`: an instant query whose every series stays within its levels — free disk
 * per host, certificate days per probe, queue length, `up` per target — one row per
 * series, named from its labels. A query that returns nothing is an ERROR by default: the
 * exporter that feeds it is usually gone.
 */
import * as z from 'zod';
import type { Level } from '../../../shared/types.js';
import { levelField } from '../fields.js';
import { distinctNames, fillTemplate, labelTemplateField, seriesText } from '../lib/labels.js';
import { checkLevelThresholds, judgeValue, levelThresholdFields, valueWordFields } from '../lib/levels.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { credentialField, toolFields, toolHeaders } from '../lib/tool.js';
import { excerpt, oneLine } from '../lib/words.js';
import { defineCheck, type CheckStatus } from '../types.js';
import { graphPage, instantQuery, type Series } from './api.js';

const schema = z
  .strictObject({
    ...toolFields('Prometheus', 'https://prometheus.example.com'),
    headers: toolHeaders,
    query: z
      .string({ error: 'must be a PromQL query like "node_filesystem_avail_bytes / node_filesystem_size_bytes * 100"' })
      .trim()
      .min(1, { error: 'must be a PromQL query like "up", got ""' })
      .meta({ description: 'The PromQL expression, evaluated now (an instant query).', examples: ['up{job="node"}'] }),
    nameTemplate: labelTemplateField('{{instance}}', 'How each series\' row is named, from its labels. Default: the series as PromQL writes it, like up{instance="web-1:9100", job="node"}.').optional(),
    ...valueWordFields,
    ...levelThresholdFields,
    noDataLevel: levelField('The level when the query returns no series (or NaN): an exporter that is gone returns nothing.').default('ERROR'),
  })
  .superRefine(checkLevelThresholds, whenFieldsParsed(Object.keys(levelThresholdFields)));

type Params = z.output<typeof schema>;

/** A sample value: a float, or Prometheus's `+Inf`, `-Inf`, `NaN`; undefined for anything else. */
function sampleValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/** A value as a person reads it: `+Inf`, `42`, `0.9312`, `1234.57`; PromQL's 17-digit floats rounded to what matters. */
export function readableNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isInteger(value)) return String(value);
  const whole = Math.max(1, Math.floor(Math.log10(Math.abs(value))) + 1);
  return String(Number(value.toPrecision(Math.min(21, Math.max(4, whole + 2)))));
}

function noDataWords(level: Level): string {
  return level === 'OK' ? '' : ' (is the exporter down, or a label misspelled?)';
}

/** One series' row: its value against the levels. */
function judgeSample(text: string, params: Params): { level: Level; result: string } {
  const value = sampleValue(text);
  if (value === undefined) return { level: 'ERROR', result: `not a number: got ${excerpt(text, 40)}` };
  if (Number.isNaN(value)) return { level: params.noDataLevel, result: `NaN: no value to compare (a division of 0 by 0?)` };
  return judgeValue(value, params, readableNumber(value));
}

function seriesRows(series: Series[], params: Params): CheckStatus[] {
  if (series.length === 0) return [{ level: params.noDataLevel, result: `no data: the query returned no series${noDataWords(params.noDataLevel)}` }];
  const named = series.map((item) => {
    const fromTemplate = params.nameTemplate === undefined ? '' : fillTemplate(params.nameTemplate, (label) => item.metric[label]).trim();
    return { name: fromTemplate || seriesText(item.metric), labels: item.metric };
  });
  // One series without labels (`sum(…)`, `count(…)`) is the resource's own line.
  const unnamed = series.length === 1 && named[0]!.name === '{}';
  const names = distinctNames(named);
  return series.map((item, index) => {
    const metric = unnamed ? {} : { metric: names[index]! };
    if (item.value === undefined) {
      const why = item.histogram === undefined ? 'no value' : 'a native histogram, not a number: ask for one, like histogram_quantile(0.9, …) or histogram_count(…)';
      return { ...metric, level: 'ERROR', result: why };
    }
    return { ...metric, ...judgeSample(item.value[1], params) };
  });
}

export default defineCheck({
  kind: 'prometheus',
  description: 'A PromQL instant query: one row per series, its value within warn/error levels; no data is an ERROR unless `noDataLevel` says otherwise.',
  schema,
  pool: 'network',
  defaultLink: (params) => graphPage(params.url, params.query),
  async check(params, ctx) {
    const outcome = await instantQuery(ctx, {
      url: params.url,
      query: params.query,
      headers: params.headers,
      ca: params.ca,
      insecure: params.insecure,
      credential: credentialField(params.url, params.headers),
    });
    if (!outcome.ok) return { level: 'ERROR', result: outcome.error };
    const { data, warnings } = outcome;
    let rows: CheckStatus[];
    if (data.resultType === 'vector') rows = seriesRows(data.result, params);
    else if (data.resultType === 'scalar') rows = [judgeSample(data.result[1], params)];
    else if (data.resultType === 'string') rows = [{ level: 'ERROR', result: `the query returns a string (${excerpt(data.result[1], 40)}), not a number` }];
    else rows = [{ level: 'ERROR', result: 'the query returns a range vector (matrix), not one value per series: drop the [range], or wrap it like max_over_time(…[5m])' }];
    // Warnings come with data that may be partial: a remote store that did not answer.
    if (warnings.length > 0) rows.push({ metric: 'Prometheus warnings', level: 'WARNING', result: oneLine(warnings.join('; '), 300) });
    return rows;
  },
});
