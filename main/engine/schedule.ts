/**
 * The daily schedule's cron arithmetic, with one parser (cron-parser) for all
 * three questions: does the expression validate, when is the next run (shown in
 * the window), and when does the app fire. The app arms its own timer for the
 * time `nextScheduledTime` gives, so what validates is exactly what fires.
 */
import { CronExpressionParser, type CronExpression } from 'cron-parser';

const FIELDS = 'minute hour day-of-month month day-of-week';

/** cron's nicknames, each with the five fields it stands for (said in the error, so the fix is a copy). */
const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Jenkins' `H` (a hashed value) is random per parse in cron-parser: the time shown would not be the time it fires. */
const HASHED = /(^|,)H($|[(/,])/i;

function parse(expression: string, options: { tz?: string; currentDate?: Date } = {}): CronExpression {
  const problem = shapeProblem(expression);
  if (problem) throw new Error(problem);
  return CronExpressionParser.parse(expression.trim(), { ...options, strict: false });
}

function shapeProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  const nickname = NICKNAMES[trimmed.toLowerCase()];
  if (nickname) return `write it as five fields (${FIELDS}): "${nickname}"`;
  const fields = trimmed === '' ? [] : trimmed.split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}; it needs exactly five (${FIELDS})`;
  if (fields.some((field) => HASHED.test(field))) return '`H` (a hashed time) is not supported: write the minute and hour as numbers';
  return undefined;
}

/** Undefined when the expression is fine; otherwise what is wrong, in plain words. */
export function cronProblem(expression: string, timezone?: string): string | undefined {
  try {
    parse(expression, { tz: timezone });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * A warning when a valid expression fires more than once in an hour
 * (every five minutes, say): a backstop is one affirmative check a day, and every run
 * can send the email. Undefined for a sensible schedule.
 */
export function cronWarning(expression: string): string | undefined {
  let minutes: number;
  try {
    minutes = parse(expression).fields.minute.values.length;
  } catch {
    return undefined;
  }
  if (minutes <= 1) return undefined;
  return `"${expression.trim()}" runs the checks ${minutes} times in each hour it fires: a backstop is one affirmative check a day; give one minute and hour, like "0 4 * * *"`;
}

/** The latest scheduled time at or before `now`; undefined when the expression or zone is unusable. */
export function previousScheduledTime(cron: string, timezone: string, now: Date): Date | undefined {
  try {
    // cron-parser's prev() is strictly before currentDate; step 1 ms ahead so a run exactly at `now` counts.
    return parse(cron, { tz: timezone, currentDate: new Date(now.getTime() + 1) }).prev().toDate();
  } catch {
    return undefined;
  }
}

/** The first scheduled time strictly after `after`. Throws for an unusable expression or zone. */
export function nextScheduledTime(cron: string, timezone: string, after: Date): Date {
  return parse(cron, { tz: timezone, currentDate: after }).next().toDate();
}
