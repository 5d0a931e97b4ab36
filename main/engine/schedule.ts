/**
 * Cron arithmetic for the daily schedule: when the last scheduled run should
 * have happened (catch-up) and the next.
 */
import { CronExpressionParser } from 'cron-parser';

export const DEFAULT_SCHEDULE = '0 4 * * *';

/** Undefined when the expression is fine; otherwise what is wrong, in plain words. */
export function cronProblem(expression: string, timezone?: string): string | undefined {
  try {
    CronExpressionParser.parse(expression, { tz: timezone, strict: false });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The latest scheduled time at or before `now`. */
export function previousScheduledTime(cron: string, timezone: string, now: Date): Date | undefined {
  try {
    // cron-parser's prev() is strictly before currentDate; step 1 ms ahead so a run exactly at `now` counts.
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(now.getTime() + 1) }).prev().toDate();
  } catch {
    return undefined;
  }
}

export function nextScheduledTime(cron: string, timezone: string, now: Date): Date {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: now }).next().toDate();
}
