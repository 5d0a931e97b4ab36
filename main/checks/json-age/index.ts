/**
 * `json-age`: a timestamp in a JSON API must be recent — a sensor's `last_seen`, a
 * job's `last_success`, one line per device when the path has a wildcard.
 */
import * as z from 'zod';
import { defineCheck } from '../types.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { ageStatus, ageThresholdFields, checkAgeThresholds } from '../lib/age.js';
import { fetchReadings, jsonSourceFields, withMetric } from '../lib/json-readings.js';
import { describeJsonValue } from '../lib/words.js';

export default defineCheck({
  kind: 'json-age',
  description: 'A timestamp read from a JSON API (one per element with a wildcard path) is recent enough.',
  schema: z
    .strictObject({
      ...jsonSourceFields({ path: '$.last_seen', what: 'the timestamp (ISO 8601, or epoch seconds or milliseconds)', wildcard: 'devices[*].last_seen' }),
      ...ageThresholdFields,
    })
    .superRefine(checkAgeThresholds, whenFieldsParsed(Object.keys(ageThresholdFields))),
  pool: 'network',
  async check(params, ctx) {
    const fetched = await fetchReadings(params, ctx);
    if (!fetched.ok) return fetched.status;
    const now = ctx.now().getTime();
    // Loaded (with luxon) by the first json-age check that has readings: a run without one never parses it.
    const { parseTimestamp } = await import('./timestamp.js');
    return fetched.readings.map((reading) => {
      const instant = parseTimestamp(reading.value, ctx.timezone);
      if (instant === undefined) {
        return withMetric(reading, { level: 'ERROR', result: `no timestamp at ${reading.path}: got ${describeJsonValue(reading.value)}` });
      }
      return withMetric(reading, ageStatus('updated', now - instant.getTime(), params));
    });
  },
});
