/**
 * Fault matrix, concurrency: ten CLI runs at once on one data folder (cron, a
 * manual run and the app at the same moment), each saving [STATE] values under
 * its own stateId and under one they share. Twenty trials in a row: every value
 * and every run must be there at the end.
 */
import { describe, expect, it } from 'vitest';
import { cli, leftovers, savedRuns, stateOf, temp, writeConfig, writeScript } from './support.js';

const RUNNERS = 10;
const TRIALS = 20;

describe('fault: concurrent runs on one data folder', () => {
  it(`${RUNNERS} runs at once, ${TRIALS} times over, keep every [STATE] value (own and shared stateIds) and every run`, { timeout: 1_200_000 }, async () => {
    const dataDir = temp('data');
    const dir = temp('config');
    writeScript(dir, 'own.sh', 'echo "[STATE]^T$TRIAL^$RUNNER"');
    writeScript(dir, 'shared.sh', 'echo "[STATE]^R${RUNNER}_T$TRIAL^$TRIAL"');
    // One config per runner (its own RUNNER), the scripts shared by absolute path.
    const configs = Array.from({ length: RUNNERS }, (_, runner) =>
      writeConfig(`resources:
  - { name: Own, type: process, command: ${dir}/own.sh, stateId: own-${runner}, env: { RUNNER: "${runner}" }, link: "https://x" }
  - { name: Shared, type: process, command: ${dir}/shared.sh, stateId: shared, env: { RUNNER: "${runner}" }, link: "https://x" }
`),
    );

    for (let trial = 0; trial < TRIALS; trial++) {
      const results = await Promise.all(configs.map((path) => cli(['run', path, '--print', '--data-dir', dataDir], { TRIAL: String(trial) })));
      for (const result of results) {
        expect(result, result.stderr).toMatchObject({ code: 0 });
        expect(result.stdout).toMatch(/^OK,Own,,exit 0 in [\d.]+ m?s\nOK,Shared,,exit 0 in [\d.]+ m?s\n$/);
      }
      // Checked every trial: a value lost in one trial is never written again.
      for (let runner = 0; runner < RUNNERS; runner++) {
        expect(Object.keys(stateOf(dataDir, `own-${runner}`))).toHaveLength(trial + 1);
      }
      expect(Object.keys(stateOf(dataDir, 'shared'))).toHaveLength(RUNNERS * (trial + 1));
    }

    for (let runner = 0; runner < RUNNERS; runner++) {
      expect(stateOf(dataDir, `own-${runner}`)).toEqual(Object.fromEntries(Array.from({ length: TRIALS }, (_, trial) => [`T${trial}`, String(runner)])));
    }
    const shared = stateOf(dataDir, 'shared');
    for (let runner = 0; runner < RUNNERS; runner++) {
      for (let trial = 0; trial < TRIALS; trial++) expect(shared[`R${runner}_T${trial}`]).toBe(String(trial));
    }
    const runs = savedRuns(dataDir);
    expect(runs).toHaveLength(RUNNERS * TRIALS);
    expect(new Set(runs.map((run) => run.id)).size).toBe(RUNNERS * TRIALS);
    expect(leftovers(dataDir)).toEqual([]);
  });
});
