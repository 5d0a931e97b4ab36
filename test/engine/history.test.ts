import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/types.js';
import { latestRun, listRuns, newRunId, readRun, runsDir, saveRun } from '../../main/engine/history.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'backstop-history-'));

function report(startedAt: string, errors = 0): Report {
  return {
    id: newRunId(new Date(startedAt)),
    version: 1,
    startedAt,
    finishedAt: startedAt,
    durationMs: 5,
    trigger: 'cli',
    configPath: '/x.yaml',
    timezone: 'UTC',
    statuses: errors ? [{ resource: 'r', type: 'http', metric: '', level: 'ERROR', result: 'down', link: '', since: startedAt }] : [],
    snoozed: [],
    counts: { OK: 0, WARNING: 0, ERROR: errors },
    health: { total: 1, timedOut: [], crashed: [], deadlineHit: false, notes: [] },
  };
}

describe('history', () => {
  it('saves one file per run and lists them newest first', async () => {
    const dir = tempDir();
    const first = report('2026-11-24T04:00:00.000Z');
    const second = report('2026-11-25T04:00:00.000Z', 1);
    await saveRun(dir, first);
    await saveRun(dir, second);
    const runs = await listRuns(dir);
    expect(runs.map((run) => run.id)).toEqual([second.id, first.id]);
    expect(runs[0]!.counts.ERROR).toBe(1);
    expect(await readRun(dir, first.id)).toEqual(first);
  });

  it('prunes oldest first beyond the limit', async () => {
    const dir = tempDir();
    const reports = Array.from({ length: 5 }, (_, i) => report(`2026-11-2${i}T04:00:00.000Z`));
    for (const r of reports) await saveRun(dir, r, 3);
    expect((await listRuns(dir)).map((run) => run.id)).toEqual(reports.slice(2).reverse().map((r) => r.id));
  });

  it('moves a damaged run aside and falls back to the previous one', async () => {
    const dir = tempDir();
    const good = report('2026-11-24T04:00:00.000Z');
    await saveRun(dir, good);
    const badId = newRunId(new Date('2026-11-25T04:00:00.000Z'));
    writeFileSync(join(runsDir(dir), `${badId}.json`), '{"id": "truncated');
    const latest = await latestRun(dir);
    expect(latest.report?.id).toBe(good.id);
    expect(latest.damaged).toHaveLength(1);
    expect(latest.damaged[0]!.movedTo).toBe(join(runsDir(dir), 'damaged', `${badId}.json`));
    expect(existsSync(latest.damaged[0]!.movedTo)).toBe(true);
    // Moved aside once: the next read does not meet it again.
    expect((await latestRun(dir)).damaged).toEqual([]);
  });

  it('treats valid JSON that is not a run as damaged', async () => {
    const dir = tempDir();
    const id = newRunId(new Date('2026-11-25T04:00:00.000Z'));
    await saveRun(dir, report('2026-11-24T04:00:00.000Z'));
    writeFileSync(join(runsDir(dir), `${id}.json`), '[1,2,3]');
    expect((await latestRun(dir)).damaged[0]!.reason).toBe('not a Backstop run');
  });

  it('refuses ids that are not run ids (no path tricks through IPC)', async () => {
    await expect(readRun(tempDir(), '../../etc/passwd')).rejects.toThrow(/not a run id/);
  });

  it('rebuilds a missing summary from the run file', async () => {
    const dir = tempDir();
    const r = report('2026-11-24T04:00:00.000Z', 1);
    await saveRun(dir, r);
    const { rmSync } = await import('node:fs');
    rmSync(join(runsDir(dir), `${r.id}.summary.json`));
    expect((await listRuns(dir))[0]).toMatchObject({ id: r.id, counts: { ERROR: 1 } });
    expect(readdirSync(runsDir(dir))).toContain(`${r.id}.summary.json`);
  });

  it.each([
    ['null', 'null'],
    ['an empty object', '{}'],
    ['counts that are not numbers', (id: string) => JSON.stringify({ id, startedAt: '2026-11-24T04:00:00.000Z', finishedAt: '2026-11-24T04:00:00.000Z', durationMs: 5, trigger: 'cli', counts: null })],
    ['another run\'s summary', () => JSON.stringify({ id: newRunId(new Date()), startedAt: '2026-11-24T04:00:00.000Z', finishedAt: '2026-11-24T04:00:00.000Z', durationMs: 5, trigger: 'cli', counts: { OK: 0, WARNING: 0, ERROR: 0 } })],
    ['an unknown trigger carrying text', (id: string) => JSON.stringify({ id, startedAt: '2026-11-24T04:00:00.000Z', finishedAt: '2026-11-24T04:00:00.000Z', durationMs: 5, trigger: '\u202eevil', counts: { OK: 0, WARNING: 0, ERROR: 0 } })],
  ])('rebuilds a summary that is valid JSON but %s from the run file (the window reads its counts)', async (_name, content) => {
    const dir = tempDir();
    const r = report('2026-11-24T04:00:00.000Z', 1);
    await saveRun(dir, r);
    writeFileSync(join(runsDir(dir), `${r.id}.summary.json`), typeof content === 'string' ? content : content(r.id));
    expect(await listRuns(dir)).toEqual([{ id: r.id, startedAt: r.startedAt, finishedAt: r.finishedAt, durationMs: 5, trigger: 'cli', counts: { OK: 0, WARNING: 0, ERROR: 1 }, snoozed: 0 }]);
  });

  it('lists a summary with only the fields a summary has', async () => {
    const dir = tempDir();
    const r = report('2026-11-24T04:00:00.000Z', 1);
    await saveRun(dir, r);
    writeFileSync(join(runsDir(dir), `${r.id}.summary.json`), JSON.stringify({ ...(await listRuns(dir))[0], note: '\u001b[31mextra' }));
    expect(Object.keys((await listRuns(dir))[0]!).sort()).toEqual(['counts', 'durationMs', 'finishedAt', 'id', 'snoozed', 'startedAt', 'trigger']);
  });

  it('two writers at the same moment both land (app and CLI share the folder)', async () => {
    const dir = tempDir();
    const at = '2026-11-24T04:00:00.000Z';
    await Promise.all(Array.from({ length: 20 }, () => saveRun(dir, report(at))));
    expect(await listRuns(dir)).toHaveLength(20);
  });
});
