/**
 * `json-value`: a number in a JSON API stays within its levels — battery charge, tank
 * level, free disk, temperature; one line per sensor when the path has a wildcard.
 */
import * as z from 'zod';
import { defineCheck } from '../types.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { fetchReadings, jsonSourceFields, withMetric } from '../lib/json-readings.js';
import { describeJsonValue } from '../lib/words.js';
import { checkLevelThresholds, judgeValue, levelThresholdFields, toNumber, valueWordFields } from '../lib/levels.js';

export default defineCheck({
  kind: 'json-value',
  description: 'A number read from a JSON API (one per element with a wildcard path) is within its warn/error levels.',
  schema: z
    .strictObject({
      ...jsonSourceFields({ path: '$.battery_pct', what: 'the number (numeric strings like "42.5" count)', wildcard: 'sensors[*].temperature' }),
      ...valueWordFields,
      ...levelThresholdFields,
    })
    .superRefine(checkLevelThresholds, whenFieldsParsed(Object.keys(levelThresholdFields))),
  pool: 'network',
  async check(params, ctx) {
    const fetched = await fetchReadings(params, ctx);
    if (!fetched.ok) return fetched.status;
    return fetched.readings.map((reading) => {
      const value = toNumber(reading.value);
      if (value === undefined) {
        return withMetric(reading, { level: 'ERROR', result: `no number at ${reading.path}: got ${describeJsonValue(reading.value)}` });
      }
      return withMetric(reading, judgeValue(value, params));
    });
  },
});
