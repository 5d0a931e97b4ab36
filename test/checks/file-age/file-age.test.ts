import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import fileAge from '../../../main/checks/file-age/index.js';
import { resolvePath } from '../../../main/checks/file-age/newest.js';
import { runCheck } from '../../helpers/context.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let dir: string;

/** A file under the temp folder, `ageMs` old by NOW (negative: in the future). */
function file(path: string, ageMs: number, size = 2000): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, Buffer.alloc(size, 1));
  const mtime = new Date(NOW.getTime() - ageMs);
  utimesSync(full, mtime, mtime);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'backstop-file-age-'));
});

const run = (params: Record<string, unknown>) => runCheck(fileAge, params, { now: () => NOW, configDir: dir });

describe('file-age', () => {
  interface Scenario {
    name: string;
    files: [path: string, ageMs: number, size?: number][];
    params: Record<string, unknown>;
    /** `<dir>` stands for the temp folder. */
    expected: { level: string; result: string };
  }
  const thresholds = { warnAfter: '20h', errorAfter: '26h' };

  it.each<Scenario>([
    {
      name: 'a fresh file is OK',
      files: [['backup.tar.gz', 5 * HOUR]],
      params: { path: 'backup.tar.gz', ...thresholds },
      expected: { level: 'OK', result: 'backup.tar.gz modified 5 hours ago' },
    },
    {
      name: 'the newest match of a glob counts',
      files: [['backups/backup-2026-11-22.tar.gz', 3 * DAY], ['backups/backup-2026-11-25.tar.gz', 5 * HOUR], ['backups/notes.txt', HOUR]],
      params: { path: 'backups/*.tar.gz', ...thresholds },
      expected: { level: 'OK', result: 'backup-2026-11-25.tar.gz modified 5 hours ago' },
    },
    {
      name: 'a backup that stopped is an ERROR',
      files: [['backups/backup-2026-11-21.tar.gz', 4 * DAY], ['backups/backup-2026-11-22.tar.gz', 3 * DAY]],
      params: { path: 'backups/*.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'backup-2026-11-22.tar.gz modified 3 days ago (error > 26h)' },
    },
    {
      name: 'late but not yet failed is a WARNING',
      files: [['backups/backup.tar.gz', 21 * HOUR]],
      params: { path: 'backups/*.tar.gz', ...thresholds },
      expected: { level: 'WARNING', result: 'backup.tar.gz modified 21 hours ago (warn > 20h)' },
    },
    {
      name: 'with only errorAfter, late is still OK until the error',
      files: [['backup.tar.gz', 25 * HOUR]],
      params: { path: 'backup.tar.gz', errorAfter: '26h' },
      expected: { level: 'OK', result: 'backup.tar.gz modified 25 hours ago' },
    },
    {
      name: 'nothing matches',
      files: [['backups/notes.txt', HOUR]],
      params: { path: 'backups/*.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'no file matches backups/*.tar.gz' },
    },
    {
      name: 'a folder matching the glob is not a file',
      files: [['backups/old.tar.gz', 3 * DAY], ['backups/new.tar.gz/inside', HOUR]],
      params: { path: 'backups/*.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'old.tar.gz modified 3 days ago (error > 26h)' },
    },
    {
      name: 'a recursive glob names the file by its path under the folder',
      files: [['dumps/mon/db.sql', 2 * DAY], ['dumps/tue/db.sql', 2 * HOUR]],
      params: { path: 'dumps/**/*.sql', ...thresholds },
      expected: { level: 'OK', result: 'tue/db.sql modified 2 hours ago' },
    },
    {
      name: 'a folder name that looks like a glob is taken literally',
      files: [['Backups (NAS)/db-1.tar.gz', 2 * DAY], ['Backups (NAS)/db-2.tar.gz', 2 * HOUR]],
      params: { path: 'Backups (NAS)/*.tar.gz', ...thresholds },
      expected: { level: 'OK', result: 'db-2.tar.gz modified 2 hours ago' },
    },
    {
      name: 'a file name that looks like a glob is taken literally',
      files: [['report[1].csv', 3 * DAY], ['report1.csv', 2 * HOUR]],
      params: { path: 'report[1].csv', ...thresholds },
      expected: { level: 'ERROR', result: 'report[1].csv modified 3 days ago (error > 26h)' },
    },
    {
      name: 'the backup folder is gone',
      files: [],
      params: { path: 'gone/*.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'no file matches gone/*.tar.gz: cannot read folder <dir>/gone: does not exist (ENOENT)' },
    },
    {
      // EACCES cannot be produced as root; ENOTDIR goes through the same "cannot read folder" path.
      name: 'the backup "folder" is a file',
      files: [['backups', HOUR]],
      params: { path: 'backups/*.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'no file matches backups/*.tar.gz: cannot read folder <dir>/backups: a part of the path is not a folder (ENOTDIR)' },
    },
    {
      name: 'a named file that does not exist',
      files: [],
      params: { path: 'backup.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'cannot read <dir>/backup.tar.gz: does not exist (ENOENT)' },
    },
    {
      name: 'a folder given where a file is expected',
      files: [['backups/a.tar.gz', HOUR]],
      params: { path: 'backups', ...thresholds },
      expected: { level: 'ERROR', result: '<dir>/backups is a folder: use a glob for the files in it, like "backups/*"' },
    },
    {
      name: 'an empty backup is a failed backup',
      files: [['backups/backup.tar.gz', 5 * HOUR, 0]],
      params: { path: 'backups/*.tar.gz', minSize: '1 MB', ...thresholds },
      expected: { level: 'ERROR', result: 'backup.tar.gz is 0 bytes (minimum 1 MB), modified 5 hours ago' },
    },
    {
      name: 'small and old says both',
      files: [['backup.tar.gz', 3 * DAY, 10]],
      params: { path: 'backup.tar.gz', minSize: 1000, ...thresholds },
      expected: { level: 'ERROR', result: 'backup.tar.gz is 10 bytes (minimum 1 KB), modified 3 days ago (error > 26h)' },
    },
    {
      name: 'big enough shows the size',
      files: [['backup.tar.gz', 5 * HOUR, 2500]],
      params: { path: 'backup.tar.gz', minSize: '1KB', ...thresholds },
      expected: { level: 'OK', result: 'backup.tar.gz modified 5 hours ago, 2.5 KB' },
    },
    {
      name: 'big enough but late',
      files: [['backup.tar.gz', 22 * HOUR, 2500]],
      params: { path: 'backup.tar.gz', minSize: '1KB', ...thresholds },
      expected: { level: 'WARNING', result: 'backup.tar.gz modified 22 hours ago (warn > 20h), 2.5 KB' },
    },
    {
      name: 'a modification time in the future is OK, and said',
      files: [['backup.tar.gz', -2 * HOUR]],
      params: { path: 'backup.tar.gz', ...thresholds },
      expected: { level: 'OK', result: 'backup.tar.gz modified 2 hours in the future (check the clocks)' },
    },
    {
      name: 'an absolute path works without the config folder',
      files: [['abs/backup.tar.gz', 3 * DAY]],
      params: { path: '<dir>/abs/backup.tar.gz', ...thresholds },
      expected: { level: 'ERROR', result: 'backup.tar.gz modified 3 days ago (error > 26h)' },
    },
  ])('$name', async ({ files, params, expected }) => {
    for (const [path, ageMs, size] of files) file(path, ageMs, size);
    const withDir = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value.replace('<dir>', dir) : value]));
    expect(await run(withDir)).toEqual([{ level: expected.level, result: expected.result.replaceAll('<dir>', dir) }]);
  });
});

describe('file-age paths', () => {
  it.each([
    ['~/ is the home folder', '~/backups/db.tar.gz', '/etc/backstop', join(homedir(), 'backups/db.tar.gz')],
    ['relative is against the config folder', 'backups/db.tar.gz', '/etc/backstop', '/etc/backstop/backups/db.tar.gz'],
    ['absolute stays', '/srv/backups/../db.tar.gz', '/etc/backstop', '/srv/db.tar.gz'],
    ['~user is not expanded (only ~/)', '~bob/x', '/etc/backstop', '/etc/backstop/~bob/x'],
  ])('%s', (_name, path, configDir, expected) => {
    expect(resolvePath(path, configDir)).toBe(expected);
  });
});

describe('file-age schema', () => {
  it.each([
    ['no threshold', { path: '/b/*.gz' }, ': set `errorAfter` (and optionally `warnAfter`) to a duration like "26h": without a threshold nothing can fail'],
    ['warning after the error', { path: '/b/*.gz', warnAfter: '30h', errorAfter: '26h' }, 'warnAfter: must be less than `errorAfter` (26h), got 30h'],
    ['a size without a known unit', { path: '/b/*.gz', errorAfter: '26h', minSize: '1 megabyte' }, 'minSize: must be a size like "1 MB" or a number of bytes, got "1 megabyte"'],
    ['an empty path', { path: '', errorAfter: '26h' }, 'path: must be a file path or glob like "/backups/*.tar.gz"'],
    ['no path', { errorAfter: '26h' }, 'path: must be a file path or glob like "/backups/*.tar.gz"'],
    ['a duration without unit', { path: '/b/*.gz', errorAfter: '26' }, 'errorAfter: must be a duration like "26h", got "26"'],
  ])('refuses %s', (_name, params, message) => {
    const result = fileAge.schema.safeParse(params);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([message]);
  });

  it('reports a bad size and inverted thresholds together, so one edit fixes both', () => {
    const result = fileAge.schema.safeParse({ path: '/b/*.gz', minSize: 'lots', warnAfter: '30h', errorAfter: '26h' });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'minSize: must be a size like "1 MB" or a number of bytes, got "lots"',
      'warnAfter: must be less than `errorAfter` (26h), got 30h',
    ]);
  });

  it('does not compare thresholds when one of them is itself invalid', () => {
    const result = fileAge.schema.safeParse({ path: '/b/*.gz', warnAfter: 'soon', errorAfter: '26h' });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(['warnAfter: must be a duration like "20h", got "soon"']);
  });
});
