/**
 * "Expires in N days" against warn/error thresholds, shared by `tls`
 * (certificates) and `domain` (registrations) so both read the same way:
 * `cert expires in 12 days (warn < 21)`, `domain expired 2 days ago (2026-11-24)`.
 */
import type * as z from 'zod';
import { calendarDate, plural } from '../../../shared/words.js';
import type { CheckStatus } from '../types.js';

const DAY_MS = 86_400_000;

export interface ExpiryOptions {
  /** What expires, as the result's first word(s): `cert`, `domain`. */
  subject: string;
  /** What expired, for the past tense: `certificate`, `domain`. */
  expiredSubject: string;
  expiresAt: Date;
  now: Date;
  /** Time zone in which the expiry date is shown. */
  timezone: string;
  warnDays: number;
  errorDays: number;
}

interface ExpiryDays {
  warnDays: number;
  errorDays: number;
}

/** The cross-field rule of `warnDays` and `errorDays`; use as `schema.superRefine(checkExpiryDays)`. */
export function checkExpiryDays(days: ExpiryDays, ctx: z.RefinementCtx): void {
  if (days.errorDays > days.warnDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['errorDays'],
      message: `must be at most \`warnDays\` (${days.warnDays}), got ${days.errorDays}: errors come after warnings`,
    });
  }
}

export function expiryStatus(options: ExpiryOptions): CheckStatus {
  const { subject, expiredSubject, expiresAt, now, timezone, warnDays, errorDays } = options;
  const date = calendarDate(expiresAt, timezone);
  const remainingMs = expiresAt.getTime() - now.getTime();
  if (remainingMs <= 0) {
    const daysAgo = Math.floor(-remainingMs / DAY_MS);
    const when = daysAgo === 0 ? 'today' : `${plural(daysAgo, 'day')} ago`;
    return { level: 'ERROR', result: `${expiredSubject} expired ${when} (${date})` };
  }
  // Whole days left, rounded down: a certificate expiring in 6.9 days has 6 full days.
  const daysLeft = Math.floor(remainingMs / DAY_MS);
  const expires = `${subject} expires in ${plural(daysLeft, 'day')}`;
  if (daysLeft < errorDays) return { level: 'ERROR', result: `${expires} (error < ${errorDays})` };
  if (daysLeft < warnDays) return { level: 'WARNING', result: `${expires} (warn < ${warnDays})` };
  return { level: 'OK', result: `${expires} (${date})` };
}
