// PLACEHOLDER: replaced by the real `domain` check.
import { z } from 'zod';
import { defineCheck } from '../types.js';

export default defineCheck({
  kind: 'domain',
  description: 'Not built yet.',
  schema: z.object({}),
  pool: 'network',
  check: () => ({ level: 'ERROR', result: 'the domain check is not built yet' }),
});
