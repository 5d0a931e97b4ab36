/**
 * Ages and age thresholds, shared by every kind that asks "is this recent enough?"
 * (file-age, json-age, last-modified): the same fields, the same rules, the same words
 * (those of shared/words.ts).
 */
import type * as z from 'zod';
import type { Level } from '../../../shared/types.js';
import { configDuration, howLongAgo } from '../../../shared/words.js';
import { duration } from '../fields.js';

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
      message: `must be less than \`errorAfter\` (${configDuration(errorAfter)}), got ${configDuration(warnAfter)}`,
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
    return { level: 'ERROR', threshold: `(error > ${configDuration(thresholds.errorAfter)})` };
  }
  if (thresholds.warnAfter !== undefined && ageMs > thresholds.warnAfter) {
    return { level: 'WARNING', threshold: `(warn > ${configDuration(thresholds.warnAfter)})` };
  }
  return { level: 'OK', threshold: '' };
}

/** One age line: `<subject> modified 3 days ago (error > 26h)`. */
export function ageStatus(subject: string, ageMs: number, thresholds: AgeThresholds): { level: Level; result: string } {
  const { level, threshold } = judgeAge(ageMs, thresholds);
  return { level, result: [subject, howLongAgo(ageMs), threshold].filter(Boolean).join(' ') };
}
