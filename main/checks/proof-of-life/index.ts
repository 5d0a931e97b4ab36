/**
 * `proof-of-life`: always one OK line. Its presence in the report proves the run
 * happened and the report was delivered (the original DescartesResource).
 */
import * as z from 'zod';
import { defineCheck } from '../types.js';

function emptyMessage(issue: { input?: unknown }): string {
  return `must be the text of the OK line, like "Nightly run finished", got ${JSON.stringify(issue.input)}: write some text or remove \`message\` for the default`;
}

export default defineCheck({
  kind: 'proof-of-life',
  description: 'Always OK: proves the run happened and its report arrived.',
  schema: z.strictObject({
    // An empty message would be an OK line that says nothing: refuse it rather than show a blank row.
    message: z
      .string({ error: 'must be the text of the OK line, like "Nightly run finished"' })
      // min(1) also puts `minLength` in the JSON Schema, so editors flag "" as it is typed.
      .min(1, { error: emptyMessage, abort: true })
      .refine((text) => text.trim() !== '', { error: emptyMessage })
      .default('I ran, therefore I am.')
      .meta({ description: 'Result text of the OK line.' }),
  }),
  pool: 'network',
  check: (params) => ({ level: 'OK', result: params.message }),
});
