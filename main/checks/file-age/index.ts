// PLACEHOLDER: replaced by the real `file-age` check.
import { z } from 'zod';
import { defineCheck } from '../types.js';

export default defineCheck({
  kind: 'file-age',
  description: 'Not built yet.',
  schema: z.object({}),
  pool: 'network',
  check: () => ({ level: 'ERROR', result: 'the file-age check is not built yet' }),
});
