/**
 * Fault matrix, the disk: a real full disk (a small tmpfs mounted here, which
 * needs root: CI runs as root, elsewhere this part is skipped with a notice), and
 * temporary files left by a killed process. Nothing is ever published half
 * written, nothing stored is truncated, and the run always reports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../servers/smtp.js';
import { packageRoot } from '../../main/engine/paths.js';
import { cli, leftovers, savedRuns, stateOf, temp, writeConfig, writeScript } from './support.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn('\n*** test/faults/disk.test.ts: NOT running the full-disk cases: mounting a tmpfs needs root (CI runs as root). ***\n');
}

describe.skipIf(!isRoot)('fault: a full disk (tmpfs)', { timeout: 120_000 }, () => {
  let mount = '';
  let mounted = false;
  beforeAll(() => {
    mount = temp('tmpfs');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    mounted = true;
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mount]);
  });

  /** Fills the disk, then frees `freeBytes`; returns a function that empties it again. */
  function fill(freeBytes: number): () => void {
    const filler = join(mount, 'filler');
    const handle = openSync(filler, 'w');
    const chunk = Buffer.alloc(4096, 1);
    try {
      for (;;) writeSync(handle, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(handle);
    }
    truncateSync(filler, Math.max(0, statSync(filler).size - freeBytes));
    return () => rmSync(filler, { force: true });
  }

  function dataFolder(name: string): string {
    const dir = join(mount, name);
    mkdirSync(dir);
    return dir;
  }

  it('nearly full: a 140 KB run with 60 KB free is never published half written; an ERROR names the file and says disk full', async () => {
    const dataDir = dataFolder('nearly-full');
    const dir = temp('config');
    // 400 rows of 200 characters: a run file of about 140 KB.
    writeScript(dir, 'many.sh', `i=0\nwhile [ $i -lt 400 ]; do echo "[STATUS]^OK^$(printf '%0200d' $i)^row $i"; i=$((i+1)); done`);
    const path = writeConfig('resources:\n  - { name: Many, type: process, command: ./many.sh, link: "https://x" }\n', dir);
    const empty = fill(60_000);
    try {
      const result = await cli(['run', path, '--print', '--data-dir', dataDir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(new RegExp(`^ERROR,Backstop,history,this run could not be saved to history: cannot write ${join(dataDir, 'runs')}/[^ ]+\\.json: disk full \\(ENOSPC\\)$`, 'm'));
      expect(result.stdout.match(/^OK,Many,row \d+,/gm)).toHaveLength(400);
      // Nothing under a run's final name, and no temporary file left.
      expect(readdirSync(join(dataDir, 'runs')).filter((name) => name.endsWith('.json'))).toEqual([]);
      expect(leftovers(dataDir)).toEqual([]);
    } finally {
      empty();
    }
    // Space again: the next run is saved whole.
    const next = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(next.code).toBe(0);
    expect(savedRuns(dataDir)).toHaveLength(1);
  });

  it('full: state.json keeps its values, whole; the run reports why nothing was saved; the next run saves again', async () => {
    const dataDir = dataFolder('full');
    const dir = temp('config');
    writeScript(dir, 'count.sh', 'echo "[STATE]^N^$((${N:-0} + 1))"\necho "[STATUS]^OK^count ${N:-0}"');
    const path = writeConfig('resources:\n  - { name: Counter, type: process, command: ./count.sh, link: "https://x" }\n', dir);
    expect((await cli(['run', path, '--print', '--data-dir', dataDir])).code).toBe(0);
    const before = readFileSync(join(dataDir, 'state.json'), 'utf8');
    expect(stateOf(dataDir, 'Counter')).toEqual({ N: '1' });

    const empty = fill(0);
    try {
      const result = await cli(['run', path, '--print', '--data-dir', dataDir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('OK,Counter,,count 1');
      expect(result.stdout).toContain(`ERROR,Backstop,state file,the [STATE] values of this run could not be saved to ${join(dataDir, 'state.json')}: disk full (ENOSPC); the next run starts from the values saved before`);
      expect(result.stdout).toMatch(/^ERROR,Backstop,history,this run could not be saved to history: cannot write .+: disk full \(ENOSPC\)$/m);
      expect(readFileSync(join(dataDir, 'state.json'), 'utf8')).toBe(before);
      expect(leftovers(dataDir)).toEqual([]);
    } finally {
      empty();
    }
    const next = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(next.stdout).toContain('OK,Counter,,count 1');
    expect(stateOf(dataDir, 'Counter')).toEqual({ N: '2' });
    expect(savedRuns(dataDir)).toHaveLength(2);
  });

  it('nearly full: `init` names the file it could not write and why, leaves no config and no temporary file, and works once there is space', async () => {
    const folder = dataFolder('init');
    const target = join(folder, 'backstop.yaml');
    // Room for the small files, not for the 77 KB schema.
    const empty = fill(20_000);
    try {
      const result = await cli(['init', target]);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(`backstop: cannot create ${target}: cannot write ${join(folder, 'backstop.schema.json')}: disk full (ENOSPC)\n`);
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => /tmp$/.test(name))).toEqual([]);
    } finally {
      empty();
    }
    expect((await cli(['init', target])).code).toBe(0);
    expect(readFileSync(join(folder, 'backstop.schema.json'), 'utf8')).toBe(readFileSync(join(packageRoot(), 'backstop.schema.json'), 'utf8'));
    expect(statSync(join(folder, 'scripts', 'check_disk.mjs')).mode & 0o111).not.toBe(0);
  });

  it('full: an email that cannot be sent nor saved says both, in its ERROR row', async () => {
    const dataDir = dataFolder('unsent');
    const port = await closedPort();
    const path = writeConfig(`email:
  smtp: { host: 127.0.0.1, port: ${port}, secure: none, timeout: 2s }
  from: backstop@example.com
  to: [me@example.com]
  retryDelays: []
resources:
  - { name: Alive, type: proof-of-life, link: "https://x" }
`);
    const empty = fill(0);
    try {
      const result = await cli(['run', path, '--print', '--email', '--data-dir', dataDir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(
        new RegExp(`^ERROR,Backstop,email,email not sent: connection refused by 127\\.0\\.0\\.1:${port}; saving it to ${join(dataDir, 'unsent')} failed too: .*disk full \\(ENOSPC\\) \\(tried once\\)$`, 'm'),
      );
      expect(result.stderr).toMatch(/^backstop: email not sent: connection refused/m);
      expect(leftovers(dataDir)).toEqual([]);
    } finally {
      empty();
    }
  });
});

describe('fault: temporary files left behind', { timeout: 120_000 }, () => {
  it('by a killed writer are removed by the next run; a live writer\'s are left alone', async () => {
    const dataDir = temp('data');
    mkdirSync(join(dataDir, 'runs'));
    // A process that has exited: its pid is free, as a writer killed mid-write leaves it.
    const gone = spawnSync('true');
    expect(gone.pid).toBeGreaterThan(0);
    const dead = join(dataDir, 'runs', `2026-01-01T00-00-00-000Z-abcdef.json.${gone.pid}-0badf00d.backstop-tmp`);
    const deadState = join(dataDir, `state.json.${gone.pid}-0badf00e.backstop-tmp`);
    const live = join(dataDir, `state.json.${process.pid}-cafe0001.backstop-tmp`);
    const abandoned = join(dataDir, `state.json.${process.pid}-cafe0002.backstop-tmp`);
    for (const file of [dead, deadState, live, abandoned]) writeFileSync(file, '{"half": ');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(abandoned, twoHoursAgo, twoHoursAgo);

    const path = writeConfig('resources:\n  - { name: Alive, type: proof-of-life, link: "https://x" }\n');
    const result = await cli(['run', path, '--print', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect([dead, deadState, abandoned].filter((file) => existsSync(file))).toEqual([]);
    expect(existsSync(live)).toBe(true);
    expect(savedRuns(dataDir)).toHaveLength(1);
  });
});
