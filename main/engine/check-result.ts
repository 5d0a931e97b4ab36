/**
 * What a check returns, accepted or explained. Every kind's result passes here, the
 * built-in ones and the untrusted ones (modules, scripts) alike: a status must be an
 * object with a `level` (OK, WARNING or ERROR, any case) and a `result` text; `metric`
 * and `link` are text, `perfData` a list of `{ label, value }`. Unknown keys are
 * dropped and every text is cleaned by the one sanitizer as it comes in (a result may
 * keep its lines; a metric or a link is one line).
 *
 * Written by hand rather than as a zod schema: it runs for every status of every run
 * (a 20,000-row sheet is 20,000 of them), and the first problem is all a message needs.
 */
import type { Level, PerfDatum } from '../../shared/types.js';
import { safeText } from '../../shared/sanitize.js';
import type { CheckStatus } from '../checks/types.js';
import { preview } from './format.js';

const LEVELS: ReadonlySet<string> = new Set<Level>(['OK', 'WARNING', 'ERROR']);

/** Where a status first goes wrong: the path (`perfData.2.value`), what belongs there, and what was there. */
class Invalid {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: unknown,
  ) {}
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

type Accepts = (value: unknown) => boolean;
const isOptionalText = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';
const TEXT: [Accepts, string] = [(value) => typeof value === 'string', 'text'];
const OPTIONAL_TEXT: [Accepts, string] = [isOptionalText, 'text'];
const NUMBER: [Accepts, string] = [isNumber, 'a number'];
const OPTIONAL_NUMBER: [Accepts, string] = [(value) => value === undefined || isNumber(value), 'a number'];

/** Fields of a datum in the order they are checked, with what each accepts. */
const DATUM_FIELDS: [key: keyof PerfDatum, accepts: [Accepts, string]][] = [
  ['label', TEXT],
  ['value', NUMBER],
  ['uom', OPTIONAL_TEXT],
  ['warn', OPTIONAL_TEXT],
  ['crit', OPTIONAL_TEXT],
  ['min', OPTIONAL_NUMBER],
  ['max', OPTIONAL_NUMBER],
];

function perfDatum(value: unknown, index: number): PerfDatum | Invalid {
  if (!isRecord(value)) return new Invalid(`perfData.${index}`, 'a { label, value } object', value);
  const datum: Record<string, unknown> = {};
  for (const [key, [accepts, expected]] of DATUM_FIELDS) {
    const field = value[key];
    if (!accepts(field)) return new Invalid(`perfData.${index}.${key}`, expected, field);
    if (field !== undefined) datum[key] = field;
  }
  return datum as unknown as PerfDatum;
}

function checkStatus(item: Record<string, unknown>): CheckStatus | Invalid {
  const { metric, level, result, link, perfData } = item;
  if (!isOptionalText(metric)) return new Invalid('metric', 'text', metric);
  // Scripts and modules written by people say 'warning' too; the line protocol accepts any case, so does this.
  const upper = typeof level === 'string' ? level.trim().toUpperCase() : undefined;
  if (upper === undefined || !LEVELS.has(upper)) return new Invalid('level', 'OK, WARNING or ERROR', level);
  if (typeof result !== 'string') return new Invalid('result', 'text', result);
  if (!isOptionalText(link)) return new Invalid('link', 'text', link);
  let data: PerfDatum[] | undefined;
  if (perfData !== undefined) {
    if (!Array.isArray(perfData)) return new Invalid('perfData', 'a list of { label, value }', perfData);
    data = [];
    for (const [index, value] of perfData.entries()) {
      const datum = perfDatum(value, index);
      if (datum instanceof Invalid) return datum;
      data.push(datum);
    }
  }
  const status: CheckStatus = { level: upper as Level, result: safeText(result, { lines: true }) };
  if (metric !== undefined) status.metric = safeText(metric);
  if (link !== undefined) status.link = safeText(link);
  if (data !== undefined) status.perfData = data;
  return status;
}

/** A check's return value as statuses (none for undefined or null), or the first thing wrong with it. */
export function normalizeResult(value: unknown): { ok: true; statuses: CheckStatus[] } | { ok: false; problem: string } {
  if (value === undefined || value === null) return { ok: true, statuses: [] };
  const list = Array.isArray(value) ? value : [value];
  const statuses: CheckStatus[] = [];
  for (const [index, item] of list.entries()) {
    const status = isRecord(item) ? checkStatus(item) : undefined;
    if (status === undefined || status instanceof Invalid) {
      const where = Array.isArray(value) ? `status ${index + 1}: ` : '';
      return { ok: false, problem: `${where}${describeProblem(status, item)} in ${preview(item, 120)}` };
    }
    statuses.push(status);
  }
  return { ok: true, statuses };
}

/** ``expected `level` OK, WARNING or ERROR, got "CRITICAL"``; undefined: the item is not an object at all. */
function describeProblem(invalid: Invalid | undefined, item: unknown): string {
  if (!invalid) return `expected a status object { level, result }, got ${preview(item)}`;
  return `expected \`${invalid.path}\` ${invalid.expected}, got ${invalid.found === undefined ? 'nothing' : preview(invalid.found)}`;
}
