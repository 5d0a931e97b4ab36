/**
 * `json-age`: a timestamp in a JSON API must be recent — a sensor's `last_seen`, a
 * job's `last_success`, one line per device when the path has a wildcard.
 */
import { z } from 'zod';
import { caFile, headers, httpUrl, insecure } from '../fields.js';
import { defineCheck } from '../types.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { ageStatus, ageThresholdFields, checkAgeThresholds } from '../lib/age.js';
import { jsonPathField } from '../lib/json-path.js';
import { fetchReadings, withMetric } from '../lib/json-readings.js';
import { describeJsonValue } from '../lib/words.js';
import { parseTimestamp } from './timestamp.js';

export default defineCheck({
  kind: 'json-age',
  description: 'A timestamp read from a JSON API (one per element with a wildcard path) is recent enough.',
  schema: z
    .object({
      url: httpUrl.meta({ description: 'The JSON document to GET.' }),
      headers: headers.optional(),
      insecure,
      ca: caFile,
      path: jsonPathField('$.last_seen').meta({
        description: 'JSONPath of the timestamp (ISO 8601, or epoch seconds or milliseconds); a wildcard like "devices[*].last_seen" gives one line per element.',
      }),
      nameField: jsonPathField('name', { wildcards: false }).optional().meta({
        description: 'With a wildcard path: the field inside each element that names its line (default: its index like "[2]").',
      }),
      ...ageThresholdFields,
    })
    .superRefine(checkAgeThresholds, whenFieldsParsed(Object.keys(ageThresholdFields))),
  pool: 'network',
  async check(params, ctx) {
    const fetched = await fetchReadings(params, ctx);
    if (!fetched.ok) return fetched.status;
    const now = ctx.now().getTime();
    return fetched.readings.map((reading) => {
      const instant = parseTimestamp(reading.value, ctx.timezone);
      if (instant === undefined) {
        return withMetric(reading, { level: 'ERROR', result: `no timestamp at ${reading.path}: got ${describeJsonValue(reading.value)}` });
      }
      return withMetric(reading, ageStatus('updated', now - instant.getTime(), params));
    });
  },
});
