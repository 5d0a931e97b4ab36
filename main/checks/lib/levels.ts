/**
 * Level thresholds for a number: below and above, warn and error. Batteries run low,
 * tanks run dry, disks fill up, rooms overheat; one set of fields covers them all, for
 * every kind that judges numbers (json-value, prometheus, home-assistant).
 */
import * as z from 'zod';
import type { Level } from '../../../shared/types.js';

const threshold = (example: number, description: string) =>
  z.number({ error: `must be a number like ${example}` }).optional().meta({ description, examples: [example] });

export const levelThresholdFields = {
  warnBelow: threshold(20, 'WARNING when the value is below this.'),
  errorBelow: threshold(10, 'ERROR when the value is below this.'),
  warnAbove: threshold(80, 'WARNING when the value is above this.'),
  errorAbove: threshold(90, 'ERROR when the value is above this.'),
};

export interface LevelThresholds {
  warnBelow?: number;
  errorBelow?: number;
  warnAbove?: number;
  errorAbove?: number;
}

/** True when at least one threshold is set. */
export function hasLevelThresholds(t: LevelThresholds): boolean {
  return t.warnBelow !== undefined || t.errorBelow !== undefined || t.warnAbove !== undefined || t.errorAbove !== undefined;
}

/** Cross-field rules, for `schema.superRefine`: a threshold must exist, and the bands must nest. */
export function checkLevelThresholds(t: LevelThresholds, ctx: z.RefinementCtx): void {
  if (!hasLevelThresholds(t)) {
    // No single field is wrong, so the issue is the resource's.
    ctx.addIssue({
      code: 'custom',
      message: 'set at least one of `errorBelow`, `warnBelow`, `warnAbove`, `errorAbove`: without a threshold nothing can fail',
    });
    return;
  }
  checkLevelBands(t, ctx);
}

/**
 * The bands must nest, for kinds where thresholds are optional (home-assistant also judges
 * availability and age): warnings come first on the way down and on the way up.
 */
export function checkLevelBands(t: LevelThresholds, ctx: z.RefinementCtx): void {
  if (t.errorBelow !== undefined && t.warnBelow !== undefined && t.errorBelow > t.warnBelow) {
    ctx.addIssue({
      code: 'custom',
      path: ['errorBelow'],
      message: `must not be more than \`warnBelow\` (${t.warnBelow}): the warning comes first on the way down, got ${t.errorBelow}`,
    });
  }
  if (t.warnAbove !== undefined && t.errorAbove !== undefined && t.warnAbove > t.errorAbove) {
    ctx.addIssue({
      code: 'custom',
      path: ['warnAbove'],
      message: `must not be more than \`errorAbove\` (${t.errorAbove}): the warning comes first on the way up, got ${t.warnAbove}`,
    });
  }
  const low = [t.warnBelow, t.errorBelow].find((value) => value !== undefined);
  const high = [t.warnAbove, t.errorAbove].find((value) => value !== undefined);
  if (low !== undefined && high !== undefined && low > high) {
    const lowName = t.warnBelow !== undefined ? 'warnBelow' : 'errorBelow';
    const highName = t.warnAbove !== undefined ? 'warnAbove' : 'errorAbove';
    ctx.addIssue({
      code: 'custom',
      path: [lowName],
      message: `must not be more than \`${highName}\` (${high}), or every value fails, got ${low}`,
    });
  }
}

/** `87%`, `21.5°C`, `12.4 V`: % and ° units hug the number, others get a space. A value already written (`"+Inf"`) is kept. */
export function formatValue(value: number | string, unit: string | undefined): string {
  if (unit === undefined || unit === '') return String(value);
  return /^[%°]/.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
}

/** `label` and `unit`: the words around a value, for the kinds that judge numbers. */
export const valueWordFields = {
  label: z.string({ error: 'must be a word like "Battery"' }).optional().meta({ description: 'Written before the value: "Battery 87%".' }),
  unit: z.string({ error: 'must be a unit like "%" or "°C"' }).optional().meta({ description: 'Written after the value and thresholds: "%", "°C", "V".' }),
};

/**
 * A value judged against the thresholds, in one line: `Battery 8% (error < 10%)`.
 * `shown` writes the value when the number alone would not read well (`+Inf`, a rounded float).
 */
export function judgeValue(value: number, t: LevelThresholds & { label?: string | undefined; unit?: string | undefined }, shown: string | number = value): { level: Level; result: string } {
  const { level, threshold } = judgeLevel(value, t, t.unit);
  return { level, result: [t.label, formatValue(shown, t.unit), threshold].filter(Boolean).join(' ') };
}

/** The level of a value and the threshold it crossed: `(error < 10%)`; '' when OK. Errors win over warnings. */
export function judgeLevel(value: number, t: LevelThresholds, unit: string | undefined): { level: Level; threshold: string } {
  if (t.errorBelow !== undefined && value < t.errorBelow) return { level: 'ERROR', threshold: `(error < ${formatValue(t.errorBelow, unit)})` };
  if (t.errorAbove !== undefined && value > t.errorAbove) return { level: 'ERROR', threshold: `(error > ${formatValue(t.errorAbove, unit)})` };
  if (t.warnBelow !== undefined && value < t.warnBelow) return { level: 'WARNING', threshold: `(warn < ${formatValue(t.warnBelow, unit)})` };
  if (t.warnAbove !== undefined && value > t.warnAbove) return { level: 'WARNING', threshold: `(warn > ${formatValue(t.warnAbove, unit)})` };
  return { level: 'OK', threshold: '' };
}

/** A JSON number, or a string holding one ("42.5"); undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}
