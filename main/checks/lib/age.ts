/**
 * Ages and age thresholds, shared by every kind that asks "is this recent enough?"
 * (file-age, json-age, last-modified): the same fields, the same rules, the same words.
 */
import type { z } from 'zod';
import type { Level } from '../../../shared/types.js';
import { duration } from '../fields.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * An age in words, in the one unit that reads naturally: "45 seconds", "12 minutes",
 * "26 hours", "3 days". Rounded down, so a shown age never looks older than it is.
 * Hours run up to two days so "26 hours" can be read against a "26h" threshold.
 */
export function formatAge(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < SECOND) return 'less than a second';
  if (abs < 90 * SECOND) return plural(Math.floor(abs / SECOND), 'second');
  if (abs < 90 * MINUTE) return plural(Math.floor(abs / MINUTE), 'minute');
  if (abs < 2 * DAY) return plural(Math.floor(abs / HOUR), 'hour');
  return plural(Math.floor(abs / DAY), 'day');
}

/** A parsed duration written back compactly in its largest whole unit: "26h", "7d", "90m", "1500ms". */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  if (ms % SECOND === 0) return `${ms / SECOND}s`;
  return `${ms}ms`;
}

/** `5 hours ago`, or for a timestamp ahead of our clock `2 hours in the future (check the clocks)`. */
export function describeAge(ageMs: number): string {
  return ageMs < 0 ? `${formatAge(ageMs)} in the future (check the clocks)` : `${formatAge(ageMs)} ago`;
}

/** The threshold fields, spread into a kind's schema next to its own fields. */
export const ageThresholdFields = {
  warnAfter: duration('20h').optional().meta({ description: 'WARNING when older than this, like "20h".' }),
  errorAfter: duration('26h').optional().meta({ description: 'ERROR when older than this, like "26h" or "7d".' }),
};

export interface AgeThresholds {
  warnAfter?: number;
  errorAfter?: number;
}

/**
 * Cross-field rules for `ageThresholdFields`; use as `schema.superRefine(checkAgeThresholds)`.
 * Without a threshold nothing could ever fail, and a warning that starts after the
 * error would never be seen.
 */
export function checkAgeThresholds(thresholds: AgeThresholds, ctx: z.RefinementCtx): void {
  const { warnAfter, errorAfter } = thresholds;
  if (warnAfter === undefined && errorAfter === undefined) {
    // No single field is wrong, so the issue is the resource's.
    ctx.addIssue({
      code: 'custom',
      message: 'set `errorAfter` (and optionally `warnAfter`) to a duration like "26h": without a threshold nothing can fail',
    });
  } else if (warnAfter !== undefined && errorAfter !== undefined && warnAfter >= errorAfter) {
    ctx.addIssue({
      code: 'custom',
      path: ['warnAfter'],
      message: `must be less than \`errorAfter\` (${formatDuration(errorAfter)}), got ${formatDuration(warnAfter)}`,
    });
  }
}

export interface AgeJudgement {
  level: Level;
  /** `(error > 26h)`, `(warn > 20h)`, or '' when OK. */
  threshold: string;
}

/** The level of an age against the thresholds. Older than the threshold (strictly) fails; the future is OK. */
export function judgeAge(ageMs: number, thresholds: AgeThresholds): AgeJudgement {
  if (thresholds.errorAfter !== undefined && ageMs > thresholds.errorAfter) {
    return { level: 'ERROR', threshold: `(error > ${formatDuration(thresholds.errorAfter)})` };
  }
  if (thresholds.warnAfter !== undefined && ageMs > thresholds.warnAfter) {
    return { level: 'WARNING', threshold: `(warn > ${formatDuration(thresholds.warnAfter)})` };
  }
  return { level: 'OK', threshold: '' };
}

/** One age line: `<subject> modified 3 days ago (error > 26h)`. */
export function ageStatus(subject: string, ageMs: number, thresholds: AgeThresholds): { level: Level; result: string } {
  const { level, threshold } = judgeAge(ageMs, thresholds);
  return { level, result: [subject, describeAge(ageMs), threshold].filter(Boolean).join(' ') };
}
