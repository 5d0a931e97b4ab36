/** The schedule's one parser: what validates is what the app shows and fires (test/app/glue.test.ts fires it). */
import { describe, expect, it } from 'vitest';
import { cronProblem, cronWarning, nextScheduledTime, previousScheduledTime } from '../../main/engine/schedule.js';
import { parseConfig } from '../../main/engine/config.js';

describe('cron expressions', () => {
  const scenarios: [name: string, expression: string, problem: RegExp | undefined][] = [
    ['daily at 4', '0 4 * * *', undefined],
    ['weekdays, a list and a range', '0,30 8-9 * * MON-FRI', undefined],
    ['last day of the month', '0 4 L * *', undefined],
    ['four fields (fires every minute of one hour a month)', '0 4 * *', /it has 4 fields; it needs exactly five \(minute hour day-of-month month day-of-week\)/],
    ['six fields (seconds first)', '0 0 4 * * *', /it has 6 fields; it needs exactly five/],
    ['one field', '4am', /it has 1 field; it needs exactly five/],
    ['empty', '  ', /it has 0 fields/],
    ['a nickname', '@daily', /write it as five fields \(minute hour day-of-month month day-of-week\): "0 0 \* \* \*"/],
    ['Jenkins H (random per parse: never what was shown)', 'H 4 * * *', /`H` \(a hashed time\) is not supported/],
    ['H in a list', '0 1,H * * *', /`H`/],
    ['day names with an H are fine', '0 4 * * THU', undefined],
    ['out of range', '61 4 * * *', /got value 61 expected range 0-59/],
    ['a day that never comes', '0 0 30 2 *', /day of month/],
  ];
  it.each(scenarios)('%s', (_name, expression, problem) => {
    const found = cronProblem(expression, 'UTC');
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it('warns when a schedule fires more than once an hour', () => {
    expect(cronWarning('*/5 * * * *')).toMatch(/runs the checks 12 times in each hour it fires: a backstop is one affirmative check a day; give one minute and hour, like "0 4 \* \* \*"/);
    expect(cronWarning('0,30 4 * * *')).toMatch(/2 times in each hour/);
    expect(cronWarning('0 * * * *')).toBeUndefined();
    expect(cronWarning('0 4 * * *')).toBeUndefined();
    expect(cronWarning('not cron')).toBeUndefined();
  });

  it('gives the previous and next times in the time zone, with the same parser', () => {
    const now = new Date('2026-01-12T09:00:00Z');
    expect(previousScheduledTime('0 4 * * *', 'America/New_York', now)?.toISOString()).toBe('2026-01-12T09:00:00.000Z');
    expect(nextScheduledTime('0 4 * * *', 'America/New_York', now).toISOString()).toBe('2026-01-13T09:00:00.000Z');
    expect(previousScheduledTime('H 4 * * *', 'UTC', now)).toBeUndefined();
    expect(() => nextScheduledTime('0 4 * *', 'UTC', now)).toThrow(/exactly five/);
  });
});

describe('the `schedule` setting', () => {
  const load = (schedule: string) => parseConfig(`schedule: "${schedule}"\nresources: []\n`, '/c/backstop.yaml', {});

  it('refuses anything but five fields, and keeps the default', async () => {
    const config = await load('0 4 * *');
    expect(config.issues).toContainEqual({ severity: 'error', path: 'schedule', message: expect.stringMatching(/^`schedule` must be a cron expression like "0 4 \* \* \*" .*got "0 4 \* \*": it has 4 fields/) });
    expect(config.settings.schedule).toBe('0 4 * * *');
  });

  it('accepts a schedule that fires often, with a warning', async () => {
    const config = await load('*/10 * * * *');
    expect(config.settings.schedule).toBe('*/10 * * * *');
    expect(config.issues).toContainEqual({ severity: 'warning', path: 'schedule', message: expect.stringMatching(/^`schedule` "\*\/10 \* \* \* \*" runs the checks 6 times in each hour/) });
    expect((await load('0 4 * * *')).issues.filter((issue) => issue.path === 'schedule')).toEqual([]);
  });
});
