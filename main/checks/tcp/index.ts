// PLACEHOLDER: replaced by the real `tcp` check.
import { z } from 'zod';
import { defineCheck } from '../types.js';

export default defineCheck({
  kind: 'tcp',
  description: 'Not built yet.',
  schema: z.object({}),
  pool: 'network',
  check: () => ({ level: 'ERROR', result: 'the tcp check is not built yet' }),
});
