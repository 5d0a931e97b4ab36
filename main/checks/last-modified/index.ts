// PLACEHOLDER: replaced by the real `last-modified` check.
import { z } from 'zod';
import { defineCheck } from '../types.js';

export default defineCheck({
  kind: 'last-modified',
  description: 'Not built yet.',
  schema: z.object({}),
  pool: 'network',
  check: () => ({ level: 'ERROR', result: 'the last-modified check is not built yet' }),
});
