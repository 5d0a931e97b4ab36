/**
 * The Backstop line protocol, unchanged from the Java harness so existing scripts keep working:
 *
 *   [STATUS]^LEVEL^RESULT^METRIC^LINK   one report line (fields after LEVEL may be empty or missing)
 *   [STATE]^NAME^VALUE                  save NAME=VALUE; the next run gets it as an environment variable
 *
 * Every other line is ignored. Only stdout is read for protocol lines.
 */
import type { Level } from '../../../shared/types.js';
import type { CheckStatus, StateBag } from '../types.js';
import { isEnvironmentSafe } from './environment.js';
import { elapsedTime, formatBytes } from '../../../shared/words.js';
import { describeExit, outputExcerpt, shellCouldNotRun, truncationNote } from './output.js';
import type { FinishedRun } from './spawn.js';

const LEVELS: readonly Level[] = ['OK', 'WARNING', 'ERROR'];

export interface ProtocolOutput {
  statuses: CheckStatus[];
  state: { name: string; value: string }[];
}

/** A `[STATUS]` or `[STATE]` line: what the script says to Backstop, not to a person reading its output. */
export function isProtocolLine(line: string): boolean {
  const tag = line.split('^', 1)[0]!.trim();
  return tag === '[STATUS]' || tag === '[STATE]';
}

/** The name and value of a `[STATE]` line; undefined for any other line, or one the protocol ignores. */
export function stateLine(line: string): { name: string; value: string } | undefined {
  const fields = line.replace(/\r$/, '').split('^');
  return fields[0]?.trim() === '[STATE]' ? parseState(fields) : undefined;
}

/** Reads every `[STATUS]` and `[STATE]` line of `stdout`. */
export function parseProtocol(stdout: string): ProtocolOutput {
  const output: ProtocolOutput = { statuses: [], state: [] };
  // A CR before the LF (Windows line ends) goes with the trimming of the field it ends.
  for (const line of stdout.split('\n')) {
    const fields = line.split('^');
    const tag = fields[0]!.trim();
    if (tag === '[STATUS]') output.statuses.push(parseStatus(fields));
    else if (tag === '[STATE]') {
      const entry = parseState(fields);
      if (entry) output.state.push(entry);
    }
  }
  return output;
}

/** `[STATUS]^LEVEL^RESULT^METRIC^LINK`: fields past LINK are ignored, as the original's split did. */
function parseStatus(fields: string[]): CheckStatus {
  const levelText = fields[1]?.trim() ?? '';
  const result = fields[2]?.trim() ?? '';
  const metric = fields[3]?.trim() ?? '';
  const link = fields[4]?.trim() ?? '';
  const level = LEVELS.find((known) => known === levelText.toUpperCase());
  const status: CheckStatus = level
    ? { level, result }
    : { level: 'ERROR', result: appendNote(result, `${levelText ? `unknown level ${JSON.stringify(levelText)}` : 'missing level'}; expected OK, WARNING or ERROR`) };
  if (metric) status.metric = metric;
  if (link) status.link = link;
  return status;
}

/** `[STATE]^NAME^VALUE`: the value is everything after the second caret, so it may contain carets. */
function parseState(fields: string[]): { name: string; value: string } | undefined {
  if (fields.length < 3) return undefined;
  const name = fields[1]!.trim();
  const value = fields.slice(2).join('^').trim();
  return isEnvironmentSafe(name, value) ? { name, value } : undefined;
}

function appendNote(result: string, note: string): string {
  return result ? `${result} (${note})` : note;
}

/**
 * Turns a finished run into statuses. Exit 0: the `[STATUS]` lines, or one OK saying so when there
 * are none. Any other exit: one ERROR with the exit code and the end of the output that was not
 * protocol, ignoring `[STATUS]` lines as the original did. `[STATE]` lines are saved either way:
 * the script asked for them. `shell` is the shell that ran a command string, if one did.
 */
export function backstopStatuses(run: FinishedRun, state: StateBag, shell?: string): CheckStatus[] {
  const parsed = parseProtocol(run.stdout.text);
  for (const entry of parsed.state) state.set(entry.name, entry.value);

  if (run.exitCode !== 0) {
    const couldNotRun = shellCouldNotRun(run, shell);
    if (couldNotRun) return [{ level: 'ERROR', result: couldNotRun }];
    const excerpt = outputExcerpt(run);
    const ignored = !excerpt && parsed.statuses.length ? `; its [STATUS] lines are ignored when the exit code is not 0` : '';
    return [{ level: 'ERROR', result: `${describeExit(run)}${excerpt ? `: ${excerpt}` : ignored}${truncationNote(run)}` }];
  }
  if (parsed.statuses.length === 0 && !run.stdout.truncated) {
    // A silent success still says what happened, never an empty result.
    return [{ level: 'OK', result: `exit 0 in ${elapsedTime(run.durationMs)}` }];
  }
  if (run.stdout.truncated) {
    // Status lines past the cap were never read: say so rather than report a partial picture as complete.
    parsed.statuses.push({
      level: 'WARNING',
      result: `stdout was ${formatBytes(run.stdout.bytes)}; only the first ${formatBytes(run.outputCapBytes)} was read, so later [STATUS] lines may be missing`,
    });
  }
  return parsed.statuses;
}
