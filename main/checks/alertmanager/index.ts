/**
 * `alertmanager`: every alert that fires and reaches someone (active, not silenced or
 * inhibited) as a row at the level of its severity, with a link to where it comes from;
 * one OK line with the count, and the silences about to end, so a muted problem does
 * not come back as a surprise.
 */
import * as z from 'zod';
import { LEVELS } from '../../../shared/levels.js';
import type { Level } from '../../../shared/types.js';
import { dateAndTime, forHowLong, howLong, levelCount, plural } from '../../../shared/words.js';
import { duration, levelField } from '../fields.js';
import { distinctNames, fillLinkTemplate, fillTemplate, labelMatchers, labelTemplateField } from '../lib/labels.js';
import { credentialField, toolFields, toolHeaders, toolPage } from '../lib/tool.js';
import { oneLine } from '../lib/words.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { fetchActiveAlerts, fetchSilences, type Alert, type AlertQuery, type Silence } from './api.js';

/** Severity label values people use, and what they mean for a daily list; `severities` adds to and overrides them. */
const DEFAULT_SEVERITIES: Record<string, Level> = {
  critical: 'ERROR',
  error: 'ERROR',
  page: 'ERROR',
  warning: 'WARNING',
  warn: 'WARNING',
  info: 'OK',
  none: 'OK',
};

const DAY_MS = 86_400_000;
/** Expiring silences named in the summary; the rest are counted. */
const SILENCES_NAMED = 3;

const schema = z.strictObject({
  ...toolFields('Alertmanager', 'https://alertmanager.example.com'),
  headers: toolHeaders,
  filter: z
    .array(z.string({ error: 'must be a matcher like "team=\\"infra\\""' }).min(1, { error: 'must be a matcher like "team=\\"infra\\"", got ""' }), {
      error: 'must be a list of matchers like ["team=\\"infra\\""]',
    })
    .optional()
    .meta({ description: 'Only alerts (and silences) matching these matchers, like ["team=\\"infra\\"", "env=~\\"prod|staging\\""]: the API\'s `filter`.' }),
  receiver: z
    .string({ error: 'must be a regular expression of receiver names like "team-infra.*"' })
    .optional()
    .meta({ description: 'Only alerts routed to receivers matching this regular expression: the API\'s `receiver`.' }),
  severityLabel: z.string({ error: 'must be a label name like "severity"' }).min(1).default('severity').meta({ description: 'The label that holds the severity.' }),
  severities: z
    .record(z.string(), levelField('The level of alerts with this severity.'), { error: 'must map severities to levels, like { critical: ERROR, warning: WARNING, info: OK }' })
    .default({})
    .meta({ description: 'Levels by severity (any case), on top of the defaults: critical, error, page → ERROR; warning, warn → WARNING; info, none → OK.' }),
  defaultLevel: levelField('The level of an alert whose severity label is missing or not in `severities`.').default('WARNING'),
  nameTemplate: labelTemplateField('{{alertname}} {{instance}}', 'How each alert\'s row is named, from its labels.').default('{{alertname}} {{instance}}'),
  linkTemplate: labelTemplateField('https://wiki.example.com/runbooks/{{alertname}}', 'Where each alert\'s row links, from its labels and annotations (a template that starts with a placeholder, like "{{runbook_url}}", uses that value as the address). Where it gives no web address, and by default: the alert\'s `generatorURL`, else its page in Alertmanager.').optional(),
  silencesEndingWithin: duration('1d').default(DAY_MS).meta({ description: 'Silences ending sooner than this are named in the summary.' }),
});

type Params = z.output<typeof schema>;

function severityLevel(alert: Alert, params: Params): Level {
  const severity = alert.labels[params.severityLabel]?.toLowerCase();
  if (severity === undefined) return params.defaultLevel;
  const configured = Object.entries(params.severities).find(([name]) => name.toLowerCase() === severity)?.[1];
  return configured ?? DEFAULT_SEVERITIES[severity] ?? params.defaultLevel;
}

/** The alert's page in Alertmanager's UI: the alert list filtered to its labels. */
function alertPage(base: string, alert: Alert): string {
  return `${toolPage(base, '#/alerts')}?silenced=false&inhibited=false&active=true&filter=${encodeURIComponent(labelMatchers(alert.labels))}`;
}

const isWebAddress = (text: string) => /^https?:\/\/./i.test(text);

/** `linkTemplate` filled in, else the `generatorURL`, else the alert's page: the first that is a web address. */
function alertLink(alert: Alert, params: Params): string {
  const templated = params.linkTemplate === undefined ? '' : fillLinkTemplate(params.linkTemplate, (name) => alert.labels[name] ?? alert.annotations[name]);
  return [templated, alert.generatorURL ?? ''].find(isWebAddress) ?? alertPage(params.url, alert);
}

function alertRows(alerts: Alert[], params: Params, now: Date): CheckStatus[] {
  const names = distinctNames(alerts.map((alert) => ({ name: fillTemplate(params.nameTemplate, (label) => alert.labels[label]).trim() || labelMatchers(alert.labels), labels: alert.labels })));
  return alerts.map((alert, index) => {
    const said = alert.annotations.summary || alert.annotations.description || alert.labels.alertname || labelMatchers(alert.labels);
    const firing = forHowLong(now.getTime() - Date.parse(alert.startsAt));
    return { metric: names[index]!, level: severityLevel(alert, params), result: `${oneLine(said)} (firing ${firing})`, link: alertLink(alert, params) };
  });
}

/** `alertname="DiskFull", instance=~"db-.*"`: a silence's matchers as Alertmanager shows them. */
function silenceMatchers(silence: Silence): string {
  return silence.matchers
    .map(({ name, value, isRegex, isEqual }) => `${name}${isRegex ? (isEqual === false ? '!~' : '=~') : isEqual === false ? '!=' : '='}${JSON.stringify(value)}`)
    .join(', ');
}

/** The silences part of the summary, and where its link goes. */
function describeSilences(silences: Silence[], params: Params, ctx: CheckContext): { text: string; link?: string } {
  const now = ctx.now().getTime();
  const active = silences.filter((silence) => silence.status.state === 'active');
  const ending = active
    .filter((silence) => Date.parse(silence.endsAt) - now <= params.silencesEndingWithin)
    .sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt));
  const count = plural(active.length, 'active silence');
  if (ending.length === 0) return { text: count };
  const named = ending.slice(0, SILENCES_NAMED).map((silence) => {
    const endsAt = Date.parse(silence.endsAt);
    const by = silence.createdBy ? `, by ${silence.createdBy}` : '';
    return `${JSON.stringify(oneLine(silence.comment, 80))} (${silenceMatchers(silence)}${by}) ends in ${howLong(endsAt - now)} (${dateAndTime(new Date(endsAt), ctx.timezone)})`;
  });
  const more = ending.length > SILENCES_NAMED ? `; and ${ending.length - SILENCES_NAMED} more` : '';
  const link = ending.length === 1 ? toolPage(params.url, `#/silences/${encodeURIComponent(ending[0]!.id)}`) : toolPage(params.url, '#/silences');
  return { text: `${count}, ${ending.length} ending in the next ${howLong(params.silencesEndingWithin)}: ${named.join('; ')}${more}`, link };
}

function describeFiring(rows: CheckStatus[]): string {
  if (rows.length === 0) return 'no alerts firing';
  const levels = LEVELS
    .map((level) => ({ level, count: rows.filter((row) => row.level === level).length }))
    .filter(({ count }) => count > 0)
    .map(({ level, count }) => levelCount(level, count));
  return `${plural(rows.length, 'alert')} firing (${levels.join(', ')})`;
}

export default defineCheck({
  kind: 'alertmanager',
  description: 'Every alert firing in Alertmanager (not silenced or inhibited) as a row at its severity\'s level, and the silences about to end.',
  schema,
  pool: 'network',
  defaultLink: (params) => toolPage(params.url, '#/alerts'),
  async check(params, ctx) {
    const query: AlertQuery = {
      url: params.url,
      headers: params.headers,
      ca: params.ca,
      insecure: params.insecure,
      credential: credentialField(params.url, params.headers),
      filter: params.filter,
      receiver: params.receiver,
    };
    const [alerts, silences] = await Promise.all([fetchActiveAlerts(ctx, query), fetchSilences(ctx, query)]);
    if (!alerts.ok) return { level: 'ERROR', result: alerts.error };
    // The filters ask for this already; an alert muted by a time interval is suppressed without being silenced.
    const firing = alerts.json.filter((alert) => alert.status.state !== 'suppressed');
    const rows = alertRows(firing, params, ctx.now());
    if (!silences.ok) return [{ level: 'ERROR', result: `${describeFiring(rows)}, but the silences cannot be read: ${silences.error}` }, ...rows];
    const { text, link } = describeSilences(silences.json, params, ctx);
    return [{ level: 'OK', result: `${describeFiring(rows)}; ${text}`, ...(link ? { link } : {}) }, ...rows];
  },
});
