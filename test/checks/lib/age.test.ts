import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ageStatus, ageThresholdFields, checkAgeThresholds } from '../../../main/checks/lib/age.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('ageStatus', () => {
  const both = { warnAfter: 20 * HOUR, errorAfter: 26 * HOUR };
  it.each([
    ['young is OK', 5 * HOUR, both, { level: 'OK', result: 'x modified 5 hours ago' }],
    ['exactly at the warning is still OK', 20 * HOUR, both, { level: 'OK', result: 'x modified 20 hours ago' }],
    ['past the warning', 21 * HOUR, both, { level: 'WARNING', result: 'x modified 21 hours ago (warn > 20h)' }],
    ['past the error', 3 * DAY, both, { level: 'ERROR', result: 'x modified 3 days ago (error > 26h)' }],
    ['error only', 3 * DAY, { errorAfter: 26 * HOUR }, { level: 'ERROR', result: 'x modified 3 days ago (error > 26h)' }],
    ['warn only never errors', 30 * DAY, { warnAfter: 7 * DAY }, { level: 'WARNING', result: 'x modified 30 days ago (warn > 7d)' }],
    ['the future is OK but said', -2 * HOUR, both, { level: 'OK', result: 'x modified 2 hours in the future (check the clocks)' }],
  ])('%s', (_name, ageMs, thresholds, expected) => {
    expect(ageStatus('x modified', ageMs, thresholds)).toEqual(expected);
  });
});

describe('age threshold fields', () => {
  const schema = z.object(ageThresholdFields).superRefine(checkAgeThresholds);
  it.each([
    ['error only', { errorAfter: '26h' }, { errorAfter: 26 * HOUR }],
    ['warn only', { warnAfter: '7d' }, { warnAfter: 7 * DAY }],
    ['both in order', { warnAfter: '20h', errorAfter: '1d6h' }, { warnAfter: 20 * HOUR, errorAfter: 30 * HOUR }],
    ['words and spaces', { warnAfter: '1 hour 30 mins', errorAfter: '2 days' }, { warnAfter: 1.5 * HOUR, errorAfter: 2 * DAY }],
    ['a decimal point', { errorAfter: '1.5h' }, { errorAfter: 1.5 * HOUR }],
  ])('accepts %s', (_name, input, expected) => {
    expect(schema.parse(input)).toEqual(expected);
  });

  it.each([
    ['no threshold', {}, [], 'set `errorAfter` (and optionally `warnAfter`) to a duration like "26h": without a threshold nothing can fail'],
    ['warning after the error', { warnAfter: '2d', errorAfter: '26h' }, ['warnAfter'], 'must be less than `errorAfter` (26h), got 2d'],
    ['warning equal to the error', { warnAfter: '26h', errorAfter: '26h' }, ['warnAfter'], 'must be less than `errorAfter` (26h), got 26h'],
    ['a bare number', { errorAfter: '26' }, ['errorAfter'], 'must be a duration like "26h", got "26"'],
    // parse-duration alone reads "1,5h" as 15 hours and ignores words it does not know.
    ['a decimal comma', { errorAfter: '1,5h' }, ['errorAfter'], 'must be a duration like "26h", got "1,5h"'],
    ['trailing words', { errorAfter: '26h ago' }, ['errorAfter'], 'must be a duration like "26h", got "26h ago"'],
    ['a number after the unit', { errorAfter: '1d2' }, ['errorAfter'], 'must be a duration like "26h", got "1d2"'],
  ])('refuses %s', (_name, input, path, message) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => ({ path: issue.path, message: issue.message }))).toEqual([{ path, message }]);
  });
});
