/**
 * Cross-field rules that still run when an unrelated field failed, so `backstop validate`
 * reports every problem of a resource at once instead of one per edit.
 */
import type * as z from 'zod';

/** For `.superRefine(rule, whenFieldsParsed(keys))`: run the rule unless one of `keys` itself failed (then its values are not parsed). */
export function whenFieldsParsed(keys: readonly string[]): { when: (payload: z.core.ParsePayload) => boolean } {
  return { when: (payload) => !payload.issues.some((issue) => keys.includes(String(issue.path?.[0]))) };
}
