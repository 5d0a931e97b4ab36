/**
 * `proof-of-life`: always one OK line. Its presence in the report proves the run
 * happened and the report was delivered (the original DescartesResource).
 */
import { z } from 'zod';
import { defineCheck } from '../types.js';

export default defineCheck({
  kind: 'proof-of-life',
  description: 'Always OK: proves the run happened and its report arrived.',
  schema: z.object({
    message: z.string().default('I ran, therefore I am.').meta({ description: 'Result text of the OK line.' }),
  }),
  pool: 'network',
  check: (params) => ({ level: 'OK', result: params.message }),
});
