/**
 * Fault matrix, the state store: damaged before and during a run, a flood of
 * [STATE] lines, values too large to keep, a lock left by a killed process.
 * Every case: the run reports and saves, and no value already stored is lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, leftovers, printed, savedRuns, stateOf, temp, writeConfig, writeScript } from './support.js';

const damagedCopies = (dataDir: string) => readdirSync(dataDir).filter((name) => name.startsWith('state.json.damaged-'));

describe('fault: state.json damaged', { timeout: 120_000 }, () => {
  it('before the run: moved aside and said in a WARNING naming both files; the run reports, saves and stores its values', async () => {
    const dataDir = temp('data');
    writeFileSync(join(dataDir, 'state.json'), '{"state.Counter": {"N": "1"');
    const path = writeConfig(`resources:
  - { name: Counter, type: process, command: "echo '[STATE]^N^2'; echo '[STATUS]^OK^counted'", link: "https://x" }
`);
    const result = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    const [copy] = damagedCopies(dataDir);
    const row = printed(result.stdout, 'WARNING', 'Backstop', 'state file');
    expect(row).toContain(`state file ${join(dataDir, 'state.json')} was damaged (`);
    expect(row).toContain(`and moved to ${join(dataDir, copy!)}; saved [STATE] values and snoozes start afresh`);
    expect(readFileSync(join(dataDir, copy!), 'utf8')).toBe('{"state.Counter": {"N": "1"');
    expect(stateOf(dataDir, 'Counter')).toEqual({ N: '2' });
    expect(savedRuns(dataDir)).toHaveLength(1);
  });

  it('during the run, between two writes: restored from the copy the run read, with the new values', async () => {
    const dataDir = temp('data');
    const first = writeConfig(`resources:\n  - { name: Keeper, type: process, command: "echo '[STATE]^KEPT^1'", link: "https://x" }\n`);
    expect((await cli(['run', first, '--print', '--data-dir', dataDir])).code).toBe(0);
    // One check breaks the file while the run is going, then saves a value of its own.
    const dir = temp('config');
    writeScript(dir, 'break.sh', `printf '{"state.Keeper": garbage' > "$STATE_FILE"\necho '[STATE]^AFTER^2'`);
    const second = writeConfig(`resources:
  - { name: Breaker, type: process, command: ./break.sh, env: { STATE_FILE: "${join(dataDir, 'state.json')}" }, link: "https://x" }
`, dir);
    const result = await cli(['run', second, '--print', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(printed(result.stdout, 'WARNING', 'Backstop', 'state file')).toMatch(/^state file .+ was damaged \(.+\) and moved to .+\.damaged-.+; saved \[STATE\] values and snoozes were restored from the copy this run read earlier$/);
    expect(result.stdout).toMatch(/^OK,Breaker,,/m);
    expect(stateOf(dataDir, 'Keeper')).toEqual({ KEPT: '1' });
    expect(stateOf(dataDir, 'Breaker')).toEqual({ AFTER: '2' });
    expect(damagedCopies(dataDir)).toHaveLength(1);
    expect(savedRuns(dataDir)).toHaveLength(2);
  });

  it('during the run, after its last write: found at the end, restored, and the run still reports and saves', async () => {
    const dataDir = temp('data');
    const first = writeConfig(`resources:\n  - { name: Keeper, type: process, command: "echo '[STATE]^KEPT^1'", link: "https://x" }\n`);
    await cli(['run', first, '--print', '--data-dir', dataDir]);
    const dir = temp('config');
    writeScript(dir, 'break.sh', 'head -c 3000 /dev/urandom > "$STATE_FILE"');
    const second = writeConfig(`resources:
  - { name: Breaker, type: process, command: ./break.sh, env: { STATE_FILE: "${join(dataDir, 'state.json')}" }, link: "https://x" }
`, dir);
    const result = await cli(['run', second, '--print', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(printed(result.stdout, 'WARNING', 'Backstop', 'state file')).toMatch(/^state file .+ was damaged .+restored from the copy this run read earlier$/);
    expect(stateOf(dataDir, 'Keeper')).toEqual({ KEPT: '1' });
    expect(savedRuns(dataDir)).toHaveLength(2);
  });
});

describe('fault: [STATE] volume', { timeout: 120_000 }, () => {
  it('5,000 [STATE] lines are kept in memory and written once: well within the timeout, every value saved', async () => {
    const dataDir = temp('data');
    const dir = temp('config');
    writeScript(dir, 'flood.sh', 'i=0\nwhile [ $i -lt 5000 ]; do echo "[STATE]^S$i^$i"; i=$((i+1)); done\necho "[STATUS]^OK^flooded"');
    const path = writeConfig(`defaults: { timeout: 10s }\nresources:\n  - { name: Flood, type: process, command: ./flood.sh, link: "https://x" }\n`, dir);
    const result = await cli(['run', path, '--json', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { statuses: { resource: string; result: string }[]; health: { timedOut: string[] }; durationMs: number };
    expect(report.statuses.map((status) => status.result)).toEqual(['flooded']);
    expect(report.health.timedOut).toEqual([]);
    // The whole run, 5,000 lines included, in a fraction of the 10 s timeout.
    expect(report.durationMs).toBeLessThan(5_000);
    const state = stateOf(dataDir, 'Flood');
    expect(Object.keys(state)).toHaveLength(5000);
    expect(state.S4999).toBe('4999');
  });

  it('a script stopped by its timeout keeps the values it saved before: the next run starts from them', async () => {
    const dataDir = temp('data');
    const dir = temp('config');
    writeScript(dir, 'progress.sh', 'echo "[STATE]^DONE_UP_TO^${DONE_UP_TO:-0}1"\necho "[STATE]^PARTIAL^yes"\nexec sleep 30');
    const path = writeConfig(`resources:\n  - { name: Progress, type: process, command: ./progress.sh, timeout: 2s, link: "https://x" }\n`, dir);
    const first = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(first.stdout).toBe('ERROR,Progress,,did not finish within 2s; process group killed\n');
    expect(stateOf(dataDir, 'Progress')).toEqual({ DONE_UP_TO: '01', PARTIAL: 'yes' });
    await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(stateOf(dataDir, 'Progress')).toEqual({ DONE_UP_TO: '011', PARTIAL: 'yes' });
  });

  it('a 200 KB value or a stateId over 64 KB is not saved, the check says which name, and it starts again next run', async () => {
    const dataDir = temp('data');
    const dir = temp('config');
    writeScript(dir, 'big.sh', `echo "[STATE]^BIG^$(head -c 204800 /dev/zero | tr '\\0' x)"\necho '[STATE]^SMALL^kept'\necho "[STATUS]^OK^run with SMALL=$SMALL"`);
    writeScript(dir, 'many.sh', `v=$(head -c 4000 /dev/zero | tr '\\0' y)\ni=0\nwhile [ $i -lt 20 ]; do echo "[STATE]^V$i^$v"; i=$((i+1)); done`);
    const path = writeConfig(`resources:
  - { name: Big, type: process, command: ./big.sh, link: "https://x" }
  - { name: Many, type: process, command: ./many.sh, link: "https://x" }
`, dir);
    const first = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(first.code).toBe(1);
    expect(printed(first.stdout, 'WARNING', 'Big', '[STATE]')).toBe('not saved: BIG is 204.8 KB, over the 4 KB limit for one value. Keep large data in a file and save its path');
    expect(printed(first.stdout, 'WARNING', 'Many', '[STATE]')).toBe('not saved: V15, V16, V17, V18, V19 would take the values of `Many` over the 64 KB limit for one stateId. Keep large data in a file and save its path');
    expect(stateOf(dataDir, 'Big')).toEqual({ SMALL: 'kept' });
    expect(Object.keys(stateOf(dataDir, 'Many'))).toEqual(Array.from({ length: 15 }, (_, index) => `V${index}`));

    // The next run starts the script as before: nothing too long was ever stored for its environment.
    const second = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(second.stdout).toContain('OK,Big,,run with SMALL=kept');
    expect(second.stdout).not.toMatch(/too long|E2BIG/);
  });
});

describe('fault: a lock left behind', { timeout: 120_000 }, () => {
  it('by a killed process holding it: taken over once stale, and the values are saved', async () => {
    const dataDir = temp('data');
    const stateFile = join(dataDir, 'state.json');
    // A real process takes the store's lock the way Backstop does, then is killed with it held.
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import lockfile from 'proper-lockfile'; await lockfile.lock(${JSON.stringify(stateFile)}, { realpath: false }); console.log('locked'); setInterval(() => {}, 1000);`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));
    expect(existsSync(`${stateFile}.lock`)).toBe(true);

    const path = writeConfig(`resources:\n  - { name: After, type: process, command: "echo '[STATE]^SAVED^yes'", link: "https://x" }\n`);
    const result = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect(stateOf(dataDir, 'After')).toEqual({ SAVED: 'yes' });
    expect(leftovers(dataDir)).toEqual([]);
  });
});
