/**
 * Loads and validates the config once. Every problem is collected with its path
 * and worded as the fix. A bad resource becomes an ERROR row and the rest still
 * run; only an unreadable or unparseable file stops the run (`ConfigFileError`).
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import type { ConfigIssue } from '../../shared/types.js';
import { findCheck, checkKinds, loadedCheck } from '../checks/registry.js';
import type { CheckDefinition } from '../checks/types.js';
import { duration } from '../checks/fields.js';
import { emailSchema, type EmailSettings } from '../email/config.js';
import { describeIssues, got, joinPath, suggest } from './config-issues.js';
import { ConfigFileError, MAX_CONFIG_DEPTH, parseConfigText, readConfigText, tooDeep } from './config-parse.js';
import { substituteEnv } from './env.js';
import { isJavaConfig, translateJavaConfig } from './java-config.js';
import { parseDate } from './dates.js';
import { isOpenableLink } from '../../shared/ipc.js';
import { isKnownZone } from '../../shared/words.js';
import { ambiguousSlashDate, describeAmbiguousDate } from '../checks/lib/slash-dates.js';

export { ConfigFileError };

export interface Settings {
  /** IANA time zone for "today", the schedule and the email. */
  timezone: string;
  /** Cron expression of the daily run. */
  schedule: string;
  concurrency: { network: number; process: number };
  defaultTimeoutMs: number;
  /** The whole run's deadline: checks still running then are reported as ERROR. */
  runDeadlineMs: number;
  /** A latest run older than this is stale (the tray turns grey). */
  staleAfterMs: number;
  /** How many runs history keeps. */
  historyKeep: number;
  email?: EmailSettings;
  /** Why `email` is missing although the file has an `email` section. */
  emailProblem?: string;
}

interface ResourceCommon {
  /** Position in the file's resource list. */
  index: number;
  name: string;
  type: string;
  link: string;
  tags: string[];
  timeoutMs: number;
  stateId?: string;
  snooze?: { until: string; reason: string };
}

export interface ValidResource extends ResourceCommon {
  ok: true;
  definition: CheckDefinition;
  params: unknown;
}

export interface BrokenResource extends ResourceCommon {
  ok: false;
  /** Each problem worded as the fix, with the resource named. */
  problems: string[];
}

export type ConfiguredResource = ValidResource | BrokenResource;

export interface LoadedConfig {
  /** Absolute path of the file. */
  path: string;
  /** Its folder: relative paths in resources resolve against it. */
  dir: string;
  format: 'backstop' | 'java';
  settings: Settings;
  resources: ConfiguredResource[];
  /** Every error and warning, for `backstop validate` and the window. */
  issues: ConfigIssue[];
}

export const DEFAULTS = {
  schedule: '0 4 * * *',
  networkConcurrency: 200,
  // Process checks mostly wait (on a network, a disk), so twice the CPUs, never fewer than 8 nor more than 32 at once.
  processConcurrency: Math.min(32, Math.max(8, 2 * availableParallelism())),
  timeoutMs: 2 * 60_000,
  runDeadlineMs: 15 * 60_000,
  staleAfterMs: 26 * 3_600_000,
  historyKeep: 400,
} as const;

const timezone = z
  .string({ error: 'must be an IANA time zone like "Europe/London"' })
  .refine((zone) => isKnownZone(zone), { error: (issue) => `must be an IANA time zone like "Europe/London", got ${got(issue.input)}` });

/**
 * Five fields, checked by the parser that also fires the schedule (engine/schedule.ts),
 * loaded only for a config that sets a schedule.
 */
const cron = z
  .string({ error: 'must be a cron expression like "0 4 * * *"' })
  .superRefine(async (expression, ctx) => {
    const { cronProblem } = await import('./schedule.js');
    const problem = cronProblem(expression);
    if (problem) ctx.addIssue({ code: 'custom', input: expression, message: `must be a cron expression like "0 4 * * *" (minute hour day month weekday), got ${got(expression)}: ${problem}` });
  });

/** A valid schedule that fires more than once an hour is allowed, with a warning (the default fires once a day). */
async function scheduleIssues(schedule: string | undefined): Promise<ConfigIssue[]> {
  if (schedule === undefined) return [];
  const { cronWarning } = await import('./schedule.js');
  const warning = cronWarning(schedule);
  return warning ? [{ severity: 'warning', path: 'schedule', message: `\`schedule\` ${warning}` }] : [];
}

const positiveInt = (example: number) => z.number({ error: `must be a whole number like ${example}` }).int().min(1);

/** Top-level settings, one schema per key so one bad value only falls back to its default. */
export const settingsSchemas = {
  $schema: z.string().meta({ description: 'Path or URL of backstop.schema.json, for editor autocompletion.' }),
  timezone: timezone.meta({ description: 'IANA time zone for "today", the schedule and the email. Default: the system time zone.' }),
  schedule: cron.meta({ description: 'When the desktop app runs the checks (cron, in `timezone`). Default "0 4 * * *": 4 am daily.' }),
  concurrency: z
    .union([positiveInt(200), z.strictObject({ network: positiveInt(200).optional(), process: positiveInt(8).optional() })])
    .meta({ description: 'How many checks run at once: a number for network checks, or { network, process }. Defaults 200, and for process checks twice the CPUs (at least 8, at most 32).' }),
  defaults: z.strictObject({ timeout: duration('2m').optional() }).meta({ description: 'Defaults for every resource. `timeout` default "2m".' }),
  runDeadline: duration('15m').meta({ description: 'The whole run ends by then; unfinished checks are reported as ERROR. Default "15m".' }),
  staleAfter: duration('26h').meta({ description: 'A latest run older than this counts as stale: the tray turns grey. Default "26h".' }),
  history: z.strictObject({ keep: positiveInt(400).optional() }).meta({ description: 'How many runs to keep (default 400), oldest pruned first.' }),
  email: emailSchema,
  resources: z.array(z.unknown(), { error: 'must be a list of resources' }),
} as const;

const SNOOZE_HINT = 'a date like "2026-12-31"';

/** Fields every resource has, whatever its kind. */
export const commonSchema = z.strictObject({
  name: z.string({ error: 'must be a name like "Nightly backup"' }).trim().min(1, { error: 'must not be empty' }).meta({ description: 'Shown in the report; unique.' }),
  type: z.string().meta({ description: 'The check kind.' }),
  link: z.string().optional().meta({ description: 'Where to investigate: every item should be actionable.' }),
  timeout: duration('30s').optional().meta({ description: 'This check\'s timeout (default `defaults.timeout`, "2m").' }),
  tags: z.array(z.string()).optional(),
  stateId: z.string().optional().meta({ description: 'Key under which `[STATE]` values are kept between runs (default: the name).' }),
  snoozeUntil: z
    .string()
    .superRefine((text, ctx) => {
      if (!parseDate(text)) ctx.addIssue({ code: 'custom', input: text, message: `must be ${SNOOZE_HINT}, got ${got(text)}` });
    })
    .optional()
    .meta({ description: 'Hide this resource\'s warnings and errors until this date (inclusive); then they come back as ERROR.' }),
  snoozeReason: z.string().trim().min(1).optional().meta({ description: 'Why it is snoozed (required with snoozeUntil).' }),
});
const COMMON_KEYS = Object.keys(commonSchema.shape);
const COMMON_KEY_SET: ReadonlySet<string> = new Set(COMMON_KEYS);

type CommonFields = z.output<typeof commonSchema>;

/**
 * The common fields through `commonSchema`; the usual `name`, `type` and `link` strings alone,
 * directly: zod's generic walk over the schema's nine fields was a tenth of reading a resource.
 * `test/engine/config-common.test.ts` holds the two equal.
 */
export function readCommonFields(part: Record<string, unknown>): z.ZodSafeParseResult<CommonFields> {
  const { name, type, link } = part;
  let fields = 0;
  for (const key in part) {
    if (key !== 'name' && key !== 'type' && key !== 'link') return commonSchema.safeParse(part, { reportInput: true });
    fields++;
  }
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || typeof type !== 'string' || (link !== undefined && typeof link !== 'string') || fields !== (link === undefined ? 2 : 3)) {
    return commonSchema.safeParse(part, { reportInput: true });
  }
  return { success: true, data: link === undefined ? { name: trimmed, type } : { name: trimmed, type, link } };
}

/** A kind's own fields, listed once per kind rather than once per resource. */
const kindFields = new WeakMap<CheckDefinition, { keys: string[]; has: ReadonlySet<string> }>();

function fieldsOf(definition: CheckDefinition): { keys: string[]; has: ReadonlySet<string> } {
  let fields = kindFields.get(definition);
  if (fields === undefined) {
    const keys = Object.keys(definition.schema.shape);
    fields = { keys, has: new Set(keys) };
    kindFields.set(definition, fields);
  }
  return fields;
}

/** Reads, parses and validates a config file. Throws `ConfigFileError` only for an unreadable or unparseable file. */
export async function loadConfig(path: string, options: { env?: Readonly<Record<string, string | undefined>> } = {}): Promise<LoadedConfig> {
  const absolute = resolve(path);
  return parseConfig(await readConfigText(absolute), absolute, options.env ?? process.env);
}

/**
 * Parses config text (JSON or YAML). Throws `ConfigFileError` when it is not parseable.
 * Asynchronous because it loads what this config needs and no more: the YAML parser for
 * YAML, the cron parser for a `schedule`, the kinds it names.
 */
export async function parseConfig(text: string, path: string, env: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig> {
  let raw = await parseConfigText(text, path);
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigFileError(`cannot use config ${path}: the top level must be an object with \`resources\`, got ${Array.isArray(raw) ? 'a list' : typeof raw}`, { path });
  }
  return validateConfig(raw as Record<string, unknown>, path, env);
}

export async function validateConfig(input: Record<string, unknown>, path: string, env: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig> {
  const issues: ConfigIssue[] = [];
  const { shallow, deep } = setAsideDeep(input, issues);
  let raw = shallow;
  let format: LoadedConfig['format'] = 'backstop';
  let unmapped = new Map<number, { name: string; link: string; message: string }>();
  let resourcePath = (index: number) => `resources[${index}]`;
  if (isJavaConfig(shallow)) {
    const translation = translateJavaConfig(shallow);
    raw = translation.config;
    format = 'java';
    unmapped = translation.unmapped;
    issues.push(...translation.issues);
    resourcePath = (index) => `Resources[${index}]`;
  }

  const settings = await readSettings(raw, issues, env);
  const resourceList = Array.isArray(raw.resources) ? raw.resources : [];
  if (Object.keys(input).length === 0) {
    issues.push({ severity: 'warning', path: '', message: 'the config is empty: nothing would be checked: add `resources`, the things to check (`backstop init` writes an example to start from)' });
  } else if (raw.resources === undefined) {
    issues.push({ severity: 'warning', path: 'resources', message: '`resources` is missing: nothing would be checked: add the list of things to check' });
  } else if (Array.isArray(raw.resources) && raw.resources.length === 0) {
    issues.push({ severity: 'warning', path: 'resources', message: '`resources` is empty: nothing would be checked: add the things to check' });
  }

  // One after another, so the issues come in the file's order (a kind loads on its first resource).
  const resources: ConfiguredResource[] = [];
  for (const [index, item] of resourceList.entries()) {
    const tooDeepAt = deep.get(index);
    const broken = unmapped.get(index);
    if (tooDeepAt) {
      const message = `${tooDeepAt.label}: nested more than ${MAX_CONFIG_DEPTH} levels deep (at \`${tooDeepAt.at}\`): no check reads anything that deep; is this the right content?`;
      issues.push({ severity: 'error', path: resourcePath(index), message });
      resources.push({ ok: false, index, name: tooDeepAt.name ?? resourcePath(index), type: '(unknown)', link: '', tags: [], timeoutMs: settings.defaultTimeoutMs, problems: [message] });
    } else if (broken) {
      issues.push({ severity: 'error', path: resourcePath(index), message: broken.message });
      resources.push({ ok: false, index, name: broken.name, type: '(java)', link: broken.link, tags: [], timeoutMs: settings.defaultTimeoutMs, problems: [broken.message] });
    } else {
      // The original had no `${NAME}` substitution: its commands keep their shell variables as they are.
      const literal = format === 'java';
      const resourceEnv = literal ? {} : env;
      // The kind loads on its first resource; the rest of the reading needs no waiting (10,000 resources, no 20,000 awaits).
      for (const kind of kindsNamed(item, resourceEnv, literal)) if (!loadedCheck(kind)) await findCheck(kind);
      resources.push(readResource(item, index, resourcePath(index), settings, resourceEnv, issues, literal));
    }
  }

  warnAboutWeaknesses(resources, issues, resourcePath);
  return { path, dir: dirname(path), format, settings, resources, issues };
}

/** A path cut to a readable length: a 64-level path is mostly `.a.a.a`. */
const shortPath = (path: string) => (path.length > 60 ? `${path.slice(0, 59)}…` : path);

/**
 * Parts nested deeper than any config are set aside before anything walks them (the env
 * substitution, the schemas, the messages quoting a value all recurse): such a resource
 * becomes one ERROR row, such a setting an error and its default. A YAML alias that
 * refers to itself is caught here too.
 */
function setAsideDeep(input: Record<string, unknown>, issues: ConfigIssue[]): { shallow: Record<string, unknown>; deep: Map<number, { name?: string; label: string; at: string }> } {
  const listKey = isJavaConfig(input) ? 'Resources' : 'resources';
  const shallow: Record<string, unknown> = {};
  const deep = new Map<number, { name?: string; label: string; at: string }>();
  for (const [key, value] of Object.entries(input)) {
    if (key === listKey && Array.isArray(value)) {
      const kept = value.map((item: unknown, index) => {
        const at = tooDeep(item);
        if (at === undefined) return item;
        const record = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
        const name = [record.name, record.Name].find((candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '')?.trim();
        deep.set(index, { ...(name ? { name } : {}), label: name ? `resource \`${name}\`` : `\`${listKey}[${index}]\``, at: shortPath(at) });
        return {};
      });
      Object.defineProperty(shallow, key, { value: kept, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const at = tooDeep(value, key);
    if (at !== undefined) {
      issues.push({ severity: 'error', path: key, message: `\`${key}\` is nested more than ${MAX_CONFIG_DEPTH} levels deep (at \`${shortPath(at)}\`): no setting is that deep; is this the right content?` });
      continue;
    }
    // defineProperty, not assignment: a key named `__proto__` stays a key (and an unknown setting), never a prototype.
    Object.defineProperty(shallow, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { shallow, deep };
}

async function readSettings(raw: Record<string, unknown>, issues: ConfigIssue[], env: Readonly<Record<string, string | undefined>>): Promise<Settings> {
  const known = Object.keys(settingsSchemas);
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(settingsSchemas, key)) {
      const hint = suggest(key, known);
      issues.push({
        severity: 'error',
        path: key,
        message: hint ? `unknown setting \`${key}\`: did you mean \`${hint}\`?` : `unknown setting \`${key}\`: use one of ${known.filter((k) => k !== '$schema').map((k) => `\`${k}\``).join(', ')}`,
      });
    }
  }
  const read = async <K extends keyof typeof settingsSchemas>(key: K): Promise<z.output<(typeof settingsSchemas)[K]> | undefined> => {
    if (raw[key] === undefined) return undefined;
    let value = raw[key];
    if (key === 'email') {
      const substituted = substituteEnv(value, env, 'email');
      for (const missing of substituted.missing) {
        issues.push({ severity: 'error', path: missing.path, message: `environment variable \`${missing.name}\` is not set (used in \`${missing.path}\`): set it, or write the value in the file` });
      }
      if (substituted.missing.length) return undefined;
      value = substituted.value;
    }
    const result = await settingsSchemas[key].safeParseAsync(value, { reportInput: true });
    if (result.success) return result.data as z.output<(typeof settingsSchemas)[K]>;
    for (const problem of describeIssues(result.error, { schema: settingsSchemas[key], base: key })) {
      issues.push({ severity: 'error', path: joinPath(key, problem.path), message: problem.message });
    }
    return undefined;
  };

  const concurrency = await read('concurrency');
  const timezoneValue = (await read('timezone')) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const email = await read('email');
  const schedule = await read('schedule');
  const settings: Settings = {
    timezone: timezoneValue,
    schedule: schedule ?? DEFAULTS.schedule,
    concurrency: {
      network: (typeof concurrency === 'number' ? concurrency : concurrency?.network) ?? DEFAULTS.networkConcurrency,
      process: (typeof concurrency === 'object' ? concurrency.process : undefined) ?? DEFAULTS.processConcurrency,
    },
    defaultTimeoutMs: (await read('defaults'))?.timeout ?? DEFAULTS.timeoutMs,
    runDeadlineMs: (await read('runDeadline')) ?? DEFAULTS.runDeadlineMs,
    staleAfterMs: (await read('staleAfter')) ?? DEFAULTS.staleAfterMs,
    historyKeep: (await read('history'))?.keep ?? DEFAULTS.historyKeep,
  };
  issues.push(...(await scheduleIssues(schedule)));
  await read('$schema');
  await read('resources');
  if (email) settings.email = email;
  else if (raw.email !== undefined) {
    settings.emailProblem = issues
      .filter((issue) => issue.path.startsWith('email'))
      .map((issue) => issue.message)
      .join('; ');
  }
  return settings;
}

/** The kinds a resource names: its `type` as written and, with `${NAME}` in it, as substituted. */
function kindsNamed(item: unknown, env: Readonly<Record<string, string | undefined>>, literal: boolean): string[] {
  const type = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>).type : undefined;
  if (typeof type !== 'string') return [];
  const substituted = literal ? type : substituteEnv(type, env).value;
  return substituted === type ? [type] : [type, substituted];
}

/** Reads one resource; the kinds it names (`kindsNamed`) must be loaded already. */
function readResource(
  item: unknown,
  index: number,
  path: string,
  settings: Settings,
  env: Readonly<Record<string, string | undefined>>,
  issues: ConfigIssue[],
  literal = false,
): ConfiguredResource {
  const fallbackName = path;
  const base = (name: string, type: string, link: string): Omit<BrokenResource, 'problems'> => ({
    ok: false,
    index,
    name,
    type,
    link,
    tags: [],
    timeoutMs: settings.defaultTimeoutMs,
  });
  const fail = (resource: Omit<BrokenResource, 'problems'>, problems: { path: string; message: string }[]): BrokenResource => {
    for (const problem of problems) issues.push({ severity: 'error', path: problem.path, message: problem.message });
    return { ...resource, problems: problems.map((problem) => problem.message) };
  };

  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    return fail(base(fallbackName, '(unknown)', ''), [
      { path, message: `\`${path}\` must be an object with \`name\`, \`type\` and the kind's fields, got ${got(item)}` },
    ]);
  }
  const record = item as Record<string, unknown>;
  const name = typeof record.name === 'string' && record.name.trim() ? record.name.trim() : fallbackName;
  const type = typeof record.type === 'string' ? record.type : '(unknown)';
  const rawLink = typeof record.link === 'string' ? record.link : '';
  const label = `resource \`${name}\`${type !== '(unknown)' ? ` (${type})` : ''}`;

  // What only the fields as written show (a `${NAME}` meant for a script) is said instead of what substituting it would say.
  const rawProblems = literal || typeof record.type !== 'string' ? [] : (loadedCheck(record.type)?.rawProblems?.(record) ?? []);
  const substituted = literal ? { value: record, missing: [] } : substituteEnv(record, env);
  const missing = substituted.missing.filter((variable) => !rawProblems.some((problem) => problem.path === variable.path && problem.variable === variable.name));
  const link = typeof substituted.value.link === 'string' && !substituted.missing.some((m) => m.path === 'link') ? substituted.value.link : rawLink;
  if (rawProblems.length || missing.length) {
    return fail(base(name, type, link), [
      ...rawProblems.map((problem) => ({ path: joinPath(path, problem.path), message: `${label}: ${problem.message}` })),
      ...missing.map((variable) => ({
        path: joinPath(path, variable.path),
        message: `${label}: environment variable \`${variable.name}\` is not set (used in \`${variable.path}\`): set it, or write the value in the file`,
      })),
    ]);
  }
  const values = substituted.value;

  const definition = typeof values.type === 'string' ? loadedCheck(values.type) : undefined;
  if (!definition) {
    const kinds = checkKinds();
    const hint = typeof values.type === 'string' ? suggest(values.type, kinds) : undefined;
    const message =
      values.type === undefined
        ? `${label}: \`type\` is required: use one of ${kinds.join(', ')}`
        : `${label}: unknown type ${got(values.type)}: ${hint ? `did you mean \`${hint}\`? ` : ''}use one of ${kinds.join(', ')}`;
    return fail(base(name, type, link), [{ path: joinPath(path, 'type'), message }]);
  }

  const commonPart: Record<string, unknown> = {};
  const kindPart: Record<string, unknown> = {};
  const { keys: kindKeys, has: kindHas } = fieldsOf(definition);
  const unknownKeys: string[] = [];
  for (const key of Object.keys(values)) {
    const isCommon = COMMON_KEY_SET.has(key);
    if (!isCommon && !kindHas.has(key)) {
      unknownKeys.push(key);
      continue;
    }
    // Only known fields are copied: a key named `__proto__` is an unknown field above, never assigned (never a prototype).
    (isCommon ? commonPart : kindPart)[key] = values[key];
  }

  const problems: { path: string; message: string }[] = [];
  for (const key of unknownKeys) {
    const hint = suggest(key, [...kindKeys, ...COMMON_KEYS]);
    const accepted = [...COMMON_KEYS.filter((k) => k !== 'type'), ...kindKeys].map((k) => `\`${k}\``).join(', ');
    problems.push({
      path: joinPath(path, key),
      message: `${label}: unknown field \`${key}\`: ${hint ? `did you mean \`${hint}\`?` : `a ${definition.kind} resource takes ${accepted}`}`,
    });
  }
  const common = readCommonFields(commonPart);
  if (!common.success) {
    for (const problem of describeIssues(common.error)) problems.push({ path: joinPath(path, problem.path), message: `${label}: ${problem.message}` });
  }
  const kind = definition.schema.safeParse(kindPart, { reportInput: true });
  if (!kind.success) {
    for (const problem of describeIssues(kind.error, { schema: definition.schema })) problems.push({ path: joinPath(path, problem.path), message: `${label}: ${problem.message}` });
  }
  const ambiguous = common.success && common.data.snoozeUntil ? ambiguousSlashDate(common.data.snoozeUntil) : undefined;
  if (ambiguous) issues.push({ severity: 'warning', path: joinPath(path, 'snoozeUntil'), message: `${label}: \`snoozeUntil\` ${describeAmbiguousDate(ambiguous)}` });
  if (common.success && common.data.snoozeUntil && !common.data.snoozeReason) {
    problems.push({ path: joinPath(path, 'snoozeReason'), message: `${label}: \`snoozeReason\` is required with \`snoozeUntil\`: say why it is snoozed, so nothing hides without a reason` });
  }

  const resolved = {
    index,
    name,
    type: definition.kind,
    link: link || (kind.success ? (definition.defaultLink?.(kind.data) ?? '') : ''),
    tags: common.success ? (common.data.tags ?? []) : [],
    timeoutMs: (common.success ? common.data.timeout : undefined) ?? settings.defaultTimeoutMs,
    ...(common.success && common.data.stateId ? { stateId: common.data.stateId } : {}),
    ...(common.success && common.data.snoozeUntil && common.data.snoozeReason
      ? { snooze: { until: parseDate(common.data.snoozeUntil)!, reason: common.data.snoozeReason } }
      : {}),
  };
  if (problems.length || !kind.success) return fail({ ...resolved, ok: false }, problems);
  // A spread copy, though it is the slowest step here (tens of ms for 10,000 resources): resources
  // completed in place (Object.assign, or one literal with optional fields added) measured up to
  // 40 MB more at the peak of a 10,000-check run, in most runs.
  return { ...resolved, ok: true, definition, params: kind.data };
}

function warnAboutWeaknesses(resources: ConfiguredResource[], issues: ConfigIssue[], resourcePath: (index: number) => string): void {
  const seen = new Map<string, number>();
  // Resources share links (a team's runbook, a dashboard): each is parsed as a URL once.
  const openable = new Map<string, boolean>();
  const isOpenable = (link: string): boolean => {
    let known = openable.get(link);
    if (known === undefined) openable.set(link, (known = isOpenableLink(link.replaceAll('{{ROW}}', '1'))));
    return known;
  };
  for (const resource of resources) {
    const path = resourcePath(resource.index);
    const earlier = seen.get(resource.name);
    if (earlier !== undefined) {
      issues.push({
        severity: 'warning',
        path: joinPath(path, 'name'),
        message: `resource \`${resource.name}\`: the name is also used by ${resourcePath(earlier)}: give each resource its own name, or their history and snoozes mix`,
      });
    } else seen.set(resource.name, resource.index);
    if (resource.link && !isOpenable(resource.link)) {
      issues.push({
        severity: 'warning',
        path: joinPath(path, 'link'),
        message: `resource \`${resource.name}\`: \`link\` ${got(resource.link)} is not an http, https or mailto address, so it is never offered as a link: give a full address like "https://wiki.example.com/runbooks/backup"`,
      });
    }
    if (resource.ok && !resource.link) {
      issues.push({
        severity: 'warning',
        path: joinPath(path, 'link'),
        message: `resource \`${resource.name}\` (${resource.type}): no \`link\`: add where to investigate, so every item is actionable`,
      });
    }
  }
}
