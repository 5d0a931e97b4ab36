/**
 * One item's levels over the last runs (the window's detail strip), read from
 * real run files in a temp data folder.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Level, Report, Status } from '../../shared/types.js';
import { checkItemHistoryRequest, MAX_ITEM_HISTORY } from '../../shared/ipc.js';
import { isRunId, itemHistory, newRunId, runsDir, saveRun } from '../../main/engine/history.js';

const DAY = 86_400_000;
const tempDir = () => mkdtempSync(join(tmpdir(), 'backstop-item-history-'));

function status(resource: string, metric: string, level: Level, startedAt: string): Status {
  return { resource, type: 'http', metric, level, result: `${level} result`, link: '', since: startedAt };
}

/** A run on day `day` (from 2026-11-01) with the given statuses. */
function run(day: number, statuses: (startedAt: string) => Status[], snoozed: (startedAt: string) => Status[] = () => []): Report {
  const startedAt = new Date(Date.parse('2026-11-01T04:00:00.000Z') + day * DAY).toISOString();
  const list = statuses(startedAt);
  return {
    id: newRunId(new Date(startedAt)),
    version: 1,
    startedAt,
    finishedAt: startedAt,
    durationMs: 5,
    trigger: 'scheduled',
    configPath: '/x.yaml',
    timezone: 'UTC',
    statuses: list,
    snoozed: snoozed(startedAt),
    counts: { OK: 0, WARNING: 0, ERROR: 0 },
    health: { total: 1, timedOut: [], crashed: [], deadlineHit: false, notes: [] },
  };
}

describe('itemHistory', () => {
  it('gives the item level in each of the last runs, oldest first, and no level where the run lacked it', async () => {
    const dir = tempDir();
    const levels: (Level | undefined)[] = ['OK', 'OK', 'WARNING', undefined, 'ERROR', 'ERROR', 'OK'];
    const reports = levels.map((level, day) =>
      run(day, (at) => [status('api', 'latency', 'OK', at), ...(level ? [status('api', 'status', level, at)] : [])]),
    );
    for (const report of reports) await saveRun(dir, report);

    const history = await itemHistory(dir, { resource: 'api', metric: 'status' }, { count: 5 });
    expect(history.runs.map((entry) => entry.id)).toEqual(reports.slice(2).map((report) => report.id));
    expect(history.runs.map((entry) => entry.level)).toEqual(['WARNING', undefined, 'ERROR', 'ERROR', 'OK']);
    expect(history.runs[0]).toMatchObject({ startedAt: reports[2]!.startedAt, result: 'WARNING result' });

    // Ending at an earlier run (the history view): the strip stops there.
    const earlier = await itemHistory(dir, { resource: 'api', metric: 'status' }, { count: 3, endId: reports[3]!.id });
    expect(earlier.runs.map((entry) => entry.level)).toEqual(['OK', 'WARNING', undefined]);
  });

  it('tells a single-line resource (metric "") apart from its metrics, and carries the snooze of a snoozed run', async () => {
    const dir = tempDir();
    const snooze = { resource: 'ftp', until: '2026-12-01', reason: 'being retired, OPS-142', source: 'config' as const };
    await saveRun(dir, run(0, (at) => [status('ftp', '', 'ERROR', at), status('ftp', 'port', 'OK', at)]));
    await saveRun(dir, run(1, (at) => [status('ftp', 'port', 'OK', at)], (at) => [{ ...status('ftp', '', 'ERROR', at), snooze }]));
    const history = await itemHistory(dir, { resource: 'ftp', metric: '' }, { count: 14 });
    expect(history.runs.map((entry) => [entry.level, entry.snooze?.reason])).toEqual([
      ['ERROR', undefined],
      ['ERROR', 'being retired, OPS-142'],
    ]);
  });

  it('leaves out a damaged run file (moved aside) and answers for an empty data folder', async () => {
    const dir = tempDir();
    await saveRun(dir, run(0, (at) => [status('api', '', 'OK', at)]));
    const badId = newRunId(new Date('2026-11-02T04:00:00.000Z'));
    writeFileSync(join(runsDir(dir), `${badId}.json`), '{"id": "cut sh');
    const history = await itemHistory(dir, { resource: 'api', metric: '' }, { count: 14 });
    expect(history.runs.map((entry) => entry.level)).toEqual(['OK']);
    expect(existsSync(join(runsDir(dir), 'damaged', `${badId}.json`))).toBe(true);
    expect(await itemHistory(tempDir(), { resource: 'api', metric: '' }, { count: 14 })).toEqual({ runs: [] });
  });

  it('cuts a long result so a strip of 60 runs stays small', async () => {
    const dir = tempDir();
    await saveRun(dir, run(0, (at) => [{ ...status('api', '', 'ERROR', at), result: 'x'.repeat(5_000) }]));
    const [entry] = (await itemHistory(dir, { resource: 'api', metric: '' }, { count: 1 })).runs;
    expect(entry!.result!.length).toBe(300);
    expect(entry!.result!.endsWith('…')).toBe(true);
  });
});

describe('checkItemHistoryRequest (main checks what the window sends)', () => {
  it.each([
    { name: 'a good request', request: { resource: 'api', metric: '', count: 14 }, problems: [] },
    { name: 'with an end run', request: { resource: 'api', metric: 'x', count: 1, endId: '2026-11-26T04-00-00-123Z-a1b2c3' }, problems: [] },
    { name: 'not an object', request: 'api', problems: ['`resource`', '`metric`', '`count`'] },
    { name: 'an empty resource', request: { resource: '', metric: '', count: 14 }, problems: ['`resource`'] },
    { name: 'too many runs', request: { resource: 'a', metric: '', count: MAX_ITEM_HISTORY + 1 }, problems: ['`count`'] },
    { name: 'a fractional count', request: { resource: 'a', metric: '', count: 1.5 }, problems: ['`count`'] },
    { name: 'a path as the end run', request: { resource: 'a', metric: '', count: 3, endId: '../../etc/passwd' }, problems: ['`endId`'] },
  ])('$name', ({ request, problems }) => {
    const found = checkItemHistoryRequest(request, isRunId);
    expect(found.map((problem) => problem.split(' ')[0])).toEqual(problems);
  });
});
