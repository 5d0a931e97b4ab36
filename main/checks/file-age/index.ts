/**
 * `file-age`: the newest file a path or glob names must be recent (and big enough).
 * The backup that silently stopped is the failure Backstop exists for.
 */
import * as z from 'zod';
import { formatBytes } from '../../../shared/words.js';
import { defineCheck } from '../types.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { ageStatus, ageThresholdFields, checkAgeThresholds } from '../lib/age.js';
import { byteSize } from '../lib/size.js';
import { findNewest } from './newest.js';

export default defineCheck({
  kind: 'file-age',
  description: 'The newest file matching a path or glob was modified recently enough (and is not empty).',
  schema: z
    .strictObject({
      path: z
        .string({ error: 'must be a file path or glob like "/backups/*.tar.gz"' })
        .min(1, { error: 'must be a file path or glob like "/backups/*.tar.gz"' })
        .meta({ description: 'A file, or a glob whose newest match counts. Relative to the config file; `~/` is the home folder.', examples: ['/backups/db-*.tar.gz'] }),
      ...ageThresholdFields,
      minSize: byteSize('1 MB').optional().meta({ description: 'ERROR when the newest file is smaller: an empty backup is a failed backup.' }),
    })
    .superRefine(checkAgeThresholds, whenFieldsParsed(Object.keys(ageThresholdFields))),
  pool: 'network',
  async check(params, ctx) {
    const found = await findNewest(params.path, ctx.configDir, ctx.signal);
    if (!found.ok) return { level: 'ERROR', result: found.error };
    const { name, stats } = found.file;
    const ageMs = ctx.now().getTime() - stats.mtimeMs;
    if (params.minSize === undefined) return ageStatus(`${name} modified`, ageMs, params);
    if (stats.size < params.minSize) {
      // Still say when it was written: an empty file from last night means the job ran and failed.
      const age = ageStatus('modified', ageMs, params);
      return { level: 'ERROR', result: `${name} is ${formatBytes(stats.size)} (minimum ${formatBytes(params.minSize)}), ${age.result}` };
    }
    const age = ageStatus(`${name} modified`, ageMs, params);
    return { level: age.level, result: `${age.result}, ${formatBytes(stats.size)}` };
  },
});
