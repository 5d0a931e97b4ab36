/**
 * The Nagios plugin convention, so existing monitoring plugins run unchanged.
 *
 * Exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (Backstop has no CRITICAL or
 * UNKNOWN: both, and any other code or a signal, are ERROR).
 *
 * Output, per the Monitoring Plugins development guidelines:
 *
 *   TEXT OUTPUT | PERFDATA
 *   LONG TEXT LINE 1
 *   LONG TEXT LINE 2 | PERFDATA LINE 2
 *   PERFDATA LINE 3
 *
 * The first line's text before `|` is the result. Performance data is what follows the `|` on
 * the first line, plus what follows the first `|` in the later lines together with every line after it.
 */
import type { Level, PerfDatum } from '../../../shared/types.js';
import type { CheckStatus } from '../types.js';
import { describeExit, shellCouldNotRun, truncationNote } from './output.js';
import type { FinishedRun } from './spawn.js';

const EXIT_CODES: readonly { level: Level; name: string }[] = [
  { level: 'OK', name: 'OK' },
  { level: 'WARNING', name: 'WARNING' },
  { level: 'ERROR', name: 'CRITICAL' },
  { level: 'ERROR', name: 'UNKNOWN' },
];

/** `shell` is the shell that ran a command string, if one did. */
export function nagiosStatus(run: FinishedRun, shell?: string): CheckStatus {
  const couldNotRun = shellCouldNotRun(run, shell);
  if (couldNotRun) return { level: 'ERROR', result: couldNotRun };
  const output = splitPluginOutput(run.stdout.text);
  // A plugin that failed before printing (a shell error, a crash) often explains itself on stderr only.
  // Only stderr: the tail also holds stdout, and a stdout of bare performance data is no summary.
  const summary = output.text || stderrExcerpt(run);
  const known = run.exitSignal === null && run.exitCode !== null ? EXIT_CODES[run.exitCode] : undefined;

  let status: CheckStatus;
  if (known) {
    // A silent plugin still gets a row that says what happened, never an empty result.
    status = { level: known.level, result: summary || `${describeExit(run)} (${known.name}), no output` };
  } else {
    status = { level: 'ERROR', result: summary ? `${describeExit(run)}: ${summary}` : describeExit(run) };
  }
  if (run.stdout.truncated) status.result += truncationNote(run);

  const perfData = parsePerfData(output.perfData);
  if (perfData.length > 0) status.perfData = perfData;
  return status;
}

/** The end of stderr, trimmed, for a result line: `…last words`. */
function stderrExcerpt(run: FinishedRun, maxChars = 500): string {
  const text = run.stderr.text.trim();
  return text.length <= maxChars ? text : `…${text.slice(-maxChars).trimStart()}`;
}

/** Splits plugin output into the first line's text and all of its performance data (space-separated). */
export function splitPluginOutput(stdout: string): { text: string; perfData: string } {
  const [first = '', ...rest] = stdout.split(/\r?\n/);
  const parts: string[] = [];
  const firstBar = first.indexOf('|');
  if (firstBar !== -1) parts.push(first.slice(firstBar + 1));

  const longBar = rest.findIndex((line) => line.includes('|'));
  if (longBar !== -1) {
    const line = rest[longBar]!;
    parts.push(line.slice(line.indexOf('|') + 1), ...rest.slice(longBar + 1));
  }
  return {
    text: (firstBar === -1 ? first : first.slice(0, firstBar)).trim(),
    perfData: parts.join(' '),
  };
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const VALUE_WITH_UOM = new RegExp(`^(${NUMBER})([^\\d;]*)$`);
const PLAIN_NUMBER = new RegExp(`^${NUMBER}$`);

/**
 * Parses `'label'=value[UOM];[warn];[crit];[min];[max]` items separated by spaces.
 * Labels with spaces, `=` or `'` are single-quoted, with `''` standing for a quote.
 * A malformed item is skipped; the rest are still read.
 */
export function parsePerfData(text: string): PerfDatum[] {
  const data: PerfDatum[] = [];
  let position = 0;
  const skipToWhitespace = (from: number): number => {
    const next = text.slice(from).search(/\s/);
    return next === -1 ? text.length : from + next;
  };

  while (position < text.length) {
    if (/\s/.test(text[position]!)) {
      position++;
      continue;
    }
    const label = readLabel(text, position);
    if (label.label === undefined) {
      position = skipToWhitespace(label.end);
      continue;
    }
    const end = skipToWhitespace(label.end);
    const datum = parseValuePart(label.label, text.slice(label.end, end));
    if (datum) data.push(datum);
    position = end;
  }
  return data;
}

/**
 * Reads a label and its `=` starting at `start`; `end` is just past the `=`.
 * Without a label, `end` is where a malformed item's remains start (a quoted label may hold spaces).
 */
function readLabel(text: string, start: number): { label?: string; end: number } {
  if (text[start] !== "'") {
    const match = /^[^\s=]+=/.exec(text.slice(start));
    return match ? { label: match[0].slice(0, -1), end: start + match[0].length } : { end: start };
  }
  let label = '';
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] !== "'") {
      label += text[index];
    } else if (text[index + 1] === "'") {
      label += "'";
      index++;
    } else {
      return text[index + 1] === '=' && label !== '' ? { label, end: index + 2 } : { end: index + 1 };
    }
  }
  return { end: text.length }; // the quote never closed
}

function parseValuePart(label: string, part: string): PerfDatum | undefined {
  const [valueText = '', warn = '', crit = '', min = '', max = ''] = part.split(';');
  const value = VALUE_WITH_UOM.exec(valueText);
  if (!value) return undefined; // includes `U` (value could not be determined)
  const datum: PerfDatum = { label, value: Number(value[1]) };
  if (value[2]) datum.uom = value[2];
  if (warn.trim()) datum.warn = warn.trim();
  if (crit.trim()) datum.crit = crit.trim();
  const minimum = parseNumber(min);
  if (minimum !== undefined) datum.min = minimum;
  const maximum = parseNumber(max);
  if (maximum !== undefined) datum.max = maximum;
  return datum;
}

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return PLAIN_NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}
