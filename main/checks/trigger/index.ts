// PLACEHOLDER: replaced by the real `trigger` check.
import { z } from 'zod';
import { defineCheck } from '../types.js';

export default defineCheck({
  kind: 'trigger',
  description: 'Not built yet.',
  schema: z.object({}),
  pool: 'network',
  check: () => ({ level: 'ERROR', result: 'the trigger check is not built yet' }),
});
