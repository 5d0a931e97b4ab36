/**
 * `readCommonFields` reads the usual `name`, `type` and `link` itself and hands everything else
 * to `commonSchema`: over thousands of generated field sets, both readings must agree exactly,
 * successes and failures alike.
 */
import { describe, expect, it } from 'vitest';
import { commonSchema, readCommonFields } from '../../main/engine/config.js';
import { seededRandom } from '../helpers/random.js';

const VALUES: unknown[] = ['Nightly backup', '  padded  ', '', '   ', 'http', 'https://wiki.example.com/b', 42, 0, null, undefined, true, [], ['a'], {}, '2026-12-31', '30s'];
const TEXTS = VALUES.filter((value) => typeof value === 'string');
const KEYS = ['name', 'type', 'link', 'timeout', 'tags', 'stateId', 'snoozeUntil', 'snoozeReason', 'extra'];

function generatedFields(random: () => number): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  // Mostly the usual three, in any order, sometimes one missing or one more.
  const keys = random() < 0.7 ? ['name', 'type', 'link'].filter(() => random() < 0.9) : KEYS.filter(() => random() < 0.4);
  if (random() < 0.15) keys.push(KEYS[Math.floor(random() * KEYS.length)]!);
  const pick = (from: unknown[]) => from[Math.floor(random() * from.length)];
  // Mostly text, as written configs have; sometimes anything.
  for (const key of keys.sort(() => random() - 0.5)) fields[key] = random() < 0.75 ? pick(TEXTS) : pick(VALUES);
  return fields;
}

describe('readCommonFields', () => {
  it('reads every generated field set exactly as commonSchema does', () => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 13));
    let direct = 0;
    for (let round = 0; round < 5000; round++) {
      const fields = generatedFields(random);
      const expected = commonSchema.safeParse(fields, { reportInput: true });
      const got = readCommonFields(fields);
      expect(got, JSON.stringify(fields)).toEqual(expected);
      if (got.success) expect(Object.keys(got.data), JSON.stringify(fields)).toEqual(Object.keys(expected.data!));
      if (got.success && Object.keys(fields).every((key) => ['name', 'type', 'link'].includes(key))) direct++;
    }
    // The generator must reach the direct path often, or this test proves little.
    expect(direct).toBeGreaterThan(1000);
  });

  it('trims the name and keeps the link as written, like the schema', () => {
    expect(readCommonFields({ name: '  Backup  ', type: 'http', link: ' https://x.example ' })).toEqual({ success: true, data: { name: 'Backup', type: 'http', link: ' https://x.example ' } });
    expect(readCommonFields({ name: '  ', type: 'http' }).success).toBe(false);
  });
});
