/**
 * A run's [STATE] values: kept in memory while a check runs, saved once when it ends, and
 * what is too large to keep said on one row, however many names a script floods it with.
 */
import { describe, expect, it } from 'vitest';
import { RunState } from '../../main/engine/run-state.js';

describe('RunState', () => {
  it('keeps the last value of each name, and what the check set before it ended is seen by a later check', () => {
    const run = new RunState(undefined, {});
    const first = run.open('Backup');
    first.set('LAST', '1');
    first.set('LAST', '2');
    expect(first.close()).toEqual([]);
    expect(run.open('Backup').all()).toEqual({ LAST: '2' });
  });

  it('names at most five values over the one-value limit, and counts the rest', () => {
    const state = new RunState(undefined, {}).open('Big');
    for (let index = 0; index < 8; index++) state.set(`BIG${index}`, 'x'.repeat(5000));
    expect(state.close()).toEqual([
      {
        level: 'WARNING',
        metric: '[STATE]',
        result:
          'not saved: BIG0 is 5 KB, over the 4 KB limit for one value; BIG1 is 5 KB, over the 4 KB limit for one value; BIG2 is 5 KB, over the 4 KB limit for one value; BIG3 is 5 KB, over the 4 KB limit for one value; BIG4 is 5 KB, over the 4 KB limit for one value; and 3 more values over that limit. Keep large data in a file and save its path',
      },
    ]);
  });

  it('a flood over the 64 KB limit for one stateId is one short row: five names and a count', () => {
    const state = new RunState(undefined, {}).open('Flood');
    for (let index = 0; index < 50_000; index++) state.set(`S${index}`, String(index));
    const [row, ...more] = state.close();
    expect(more).toEqual([]);
    expect(row!.result).toMatch(/^not saved: S\d+, S\d+, S\d+, S\d+, S\d+ and \d+ more would take the values of `Flood` over the 64 KB limit for one stateId\. Keep large data in a file and save its path$/);
    expect(row!.result.length).toBeLessThan(200);
  });
});
