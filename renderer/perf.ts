/**
 * Nagios performance data for the detail view: threshold ranges as the plugin
 * guidelines define them (`[@]start:end`, `~` for minus infinity, a bare `10`
 * meaning 0 to 10), whether a value is past one, and where a gauge draws it.
 */
import type { Level, PerfDatum } from '../shared/types.js';

export interface Range {
  start: number;
  end: number;
  /** `@` ranges alert inside, the others outside. */
  inside: boolean;
}

/** The range a threshold string describes; undefined when it is not one. */
export function parseRange(text: string | undefined): Range | undefined {
  if (text === undefined) return undefined;
  const match = /^(@)?(?:(~|[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)?:)?([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)?$/.exec(text.trim());
  if (!match || text.trim() === '' || text.trim() === '@') return undefined;
  const [, at, startText, endText] = match;
  const hasColon = text.includes(':');
  const start = startText === '~' ? -Infinity : startText === undefined ? 0 : Number(startText);
  const end = endText === undefined ? (hasColon ? Infinity : NaN) : Number(endText);
  if (Number.isNaN(start) || Number.isNaN(end) || start > end) return undefined;
  return { start, end, inside: Boolean(at) };
}

/** True when `value` sets the threshold off. */
export function breaches(range: Range, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}

/** The level a datum's value is at by its own thresholds; undefined when it has none that parse. */
export function datumLevel(datum: PerfDatum): Level | undefined {
  const crit = parseRange(datum.crit);
  const warn = parseRange(datum.warn);
  if (!crit && !warn) return undefined;
  if (crit && breaches(crit, datum.value)) return 'ERROR';
  if (warn && breaches(warn, datum.value)) return 'WARNING';
  return 'OK';
}

export interface Gauge {
  /** Where the value sits, 0 to 1. */
  fill: number;
  /** Threshold edges worth a tick, 0 to 1. */
  warn: number[];
  crit: number[];
}

/**
 * A gauge for the datum when it helps: there is a scale (a max, a percentage, or
 * a threshold to measure against). Undefined otherwise.
 */
export function gaugeFor(datum: PerfDatum): Gauge | undefined {
  const edges = (range: Range | undefined) => (range ? [range.start, range.end].filter((edge) => Number.isFinite(edge) && edge !== 0) : []);
  const warnEdges = edges(parseRange(datum.warn));
  const critEdges = edges(parseRange(datum.crit));
  const low = datum.min ?? Math.min(0, datum.value);
  const high = datum.max ?? (datum.uom === '%' ? 100 : Math.max(datum.value, ...warnEdges, ...critEdges) * 1.25);
  if (!(high > low) || (datum.max === undefined && datum.uom !== '%' && warnEdges.length + critEdges.length === 0)) return undefined;
  const at = (value: number) => Math.max(0, Math.min(1, (value - low) / (high - low)));
  return { fill: at(datum.value), warn: warnEdges.map(at), crit: critEdges.map(at) };
}
