/**
 * `expectStatus`: which response codes count as healthy, written as a number
 * (`200`), a class (`"2xx"`), or a list of those (`[200, "3xx"]`).
 */
import * as z from 'zod';

const HINT = 'must be a status like 200 or "2xx", or a list like [200, "3xx"]';
const got = (input: unknown) => `${HINT}, got ${JSON.stringify(input)}`;

const statusInput = z.union([z.number(), z.string()]);

export const expectStatusField = z
  .union([statusInput, z.array(statusInput)], { error: (issue) => got(issue.input) })
  .default('2xx')
  .transform((value, ctx) => {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) ctx.issues.push({ code: 'custom', input: value, message: got(value) });
    const normalised: string[] = [];
    for (const entry of list) {
      const text = String(entry).trim().toLowerCase();
      if (/^[1-5](\d\d|xx)$/.test(text)) normalised.push(text);
      else ctx.issues.push({ code: 'custom', input: entry, message: got(entry) });
    }
    return normalised;
  })
  .meta({ description: 'Healthy status codes: a number, a class like "2xx", or a list of those.', examples: ['2xx', 200, [200, '3xx']] });

/** True when `statusCode` is one of `expected` (`["2xx", "304"]`). */
export function statusMatches(statusCode: number, expected: readonly string[]): boolean {
  const code = String(statusCode);
  return expected.some((pattern) => (pattern.endsWith('xx') ? code[0] === pattern[0] && code.length === 3 : code === pattern));
}

/** `2xx`, `200 or 3xx`. */
export function describeExpected(expected: readonly string[]): string {
  return expected.join(' or ');
}
