import { describe, expect, it } from 'vitest';
import type { Report, Status } from '../../shared/types.js';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSnooze, applySnoozes, finishedSnoozes, listSnoozes, removeSnooze } from '../../main/engine/snooze.js';

const status = (resource: string, level: Status['level'], metric = ''): Status => ({
  resource, type: 'http', metric, level, result: `${level.toLowerCase()} result`, link: '', since: '2026-11-20T04:00:00.000Z',
});

const report = (statuses: Status[]): Report => ({
  id: 'x', version: 1, startedAt: '', finishedAt: '', durationMs: 0, trigger: 'cli', configPath: '', timezone: 'America/New_York',
  statuses, snoozed: [], counts: { OK: 0, WARNING: 0, ERROR: 0 }, health: { total: 0, timedOut: [], crashed: [], deadlineHit: false, notes: [] },
});

describe('snoozes', () => {
  it('hides an active snooze, through its last day in the report time zone', () => {
    // 2026-12-02 03:00 UTC is still 12/01 in New York.
    const out = applySnoozes(report([status('Shop', 'ERROR'), status('Blog', 'OK')]), [{ resource: 'Shop', until: '2026-12-01', reason: 'vendor fixing', source: 'user' }], new Date('2026-12-02T03:00:00Z'));
    expect(out.statuses.map((s) => s.resource)).toEqual(['Blog']);
    expect(out.snoozed).toMatchObject([{ resource: 'Shop', snooze: { reason: 'vendor fixing' } }]);
    expect(out.counts).toEqual({ OK: 1, WARNING: 0, ERROR: 0 });
  });

  it('comes back as ERROR once the date passes and the problem is still there', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const out = applySnoozes(report([status('Shop', 'WARNING')]), [{ resource: 'Shop', until: '2026-12-01', reason: 'vendor fixing', source: 'config' }], now);
    expect(out.statuses).toMatchObject([{ level: 'ERROR', result: 'snooze expired 2026-12-01: vendor fixing (now: warning result)', since: now.toISOString() }]);
    expect(out.counts.ERROR).toBe(1);
  });

  it('never snoozes OK rows, and a metric snooze wins over the resource one', () => {
    const out = applySnoozes(
      report([status('Sheet', 'ERROR', 'Renew domain'), status('Sheet', 'ERROR', 'Audit'), status('Sheet', 'OK', 'x')]),
      [{ resource: 'Sheet', metric: 'Audit', until: '2027-01-01', reason: 'booked', source: 'user' }],
      new Date('2026-12-01T12:00:00Z'),
    );
    expect(out.snoozed.map((s) => s.metric)).toEqual(['Audit']);
    expect(out.statuses.map((s) => s.metric)).toEqual(['Renew domain', 'x']);
  });

  it('re-applying stored snoozes keeps the config snoozes the report already carries', () => {
    const fromConfig = { resource: 'Nas', until: '2027-01-01', reason: 'replaced soon', source: 'config' as const };
    const once = applySnoozes(report([status('Nas', 'ERROR'), status('Shop', 'ERROR')]), [fromConfig], new Date('2026-12-01T12:00:00Z'));
    const again = applySnoozes(once, [{ resource: 'Shop', until: '2027-01-01', reason: 'vendor', source: 'user' }], new Date('2026-12-01T12:00:00Z'));
    expect(again.snoozed.map((s) => [s.resource, s.snooze?.source])).toEqual([['Nas', 'config'], ['Shop', 'user']]);
    expect(again.statuses).toEqual([]);
  });

  it('stores snoozes in the data folder, requires a reason and a real date', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backstop-snooze-'));
    await addSnooze(dataDir, { resource: 'Shop', until: '2026-12-01', reason: ' waiting ', source: 'user' });
    await addSnooze(dataDir, { resource: 'Shop', until: '2026-12-05', reason: 'longer', source: 'user' });
    expect(await listSnoozes(dataDir)).toEqual([{ resource: 'Shop', until: '2026-12-05', reason: 'longer', source: 'user' }]);
    await expect(addSnooze(dataDir, { resource: 'A', until: '2026-12-01', reason: '  ', source: 'user' })).rejects.toThrow(/needs a reason/);
    await expect(addSnooze(dataDir, { resource: 'A', until: 'soon', reason: 'x', source: 'user' })).rejects.toThrow(/must be a date/);
    await removeSnooze(dataDir, 'Shop', undefined);
    expect(await listSnoozes(dataDir)).toEqual([]);
  });

  it('a damaged state file is moved aside and said, and the snooze is still stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backstop-snooze-'));
    writeFileSync(join(dataDir, 'state.json'), '{"snoozes": [');
    const problems: string[] = [];
    await addSnooze(dataDir, { resource: 'Shop', until: '2026-12-01', reason: 'r', source: 'user' }, { onProblem: (message) => problems.push(message) });
    expect(problems).toEqual([expect.stringMatching(/^state file .+state\.json was damaged \(.+\) and moved to .+state\.json\.damaged-.+; saved \[STATE\] values and snoozes start afresh$/)]);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('state.json.damaged-'))).toHaveLength(1);
    expect((await listSnoozes(dataDir)).map((snooze) => snooze.resource)).toEqual(['Shop']);
  });

  it('applying again never wraps an expired snooze twice, and an extended snooze hides the row as the check reported it', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const expired = applySnoozes(report([status('Shop', 'WARNING')]), [{ resource: 'Shop', until: '2026-12-01', reason: 'vendor', source: 'user' }], now);
    const again = applySnoozes(expired, [{ resource: 'Shop', until: '2026-12-01', reason: 'vendor', source: 'user' }], now);
    expect(again.statuses.map((s) => s.result)).toEqual(['snooze expired 2026-12-01: vendor (now: warning result)']);
    const extended = applySnoozes(again, [{ resource: 'Shop', until: '2026-12-31', reason: 'vendor, again', source: 'user' }], now);
    expect(extended.statuses).toEqual([]);
    expect(extended.snoozed).toMatchObject([{ level: 'WARNING', result: 'warning result', since: '2026-11-20T04:00:00.000Z', snooze: { reason: 'vendor, again' } }]);
    expect(extended.snoozed[0]!.expiredSnooze).toBeUndefined();
  });

  it('lets an expired user snooze go once its item is OK again', () => {
    const snoozes = [
      { resource: 'Shop', until: '2026-11-01', reason: 'r', source: 'user' as const },
      { resource: 'Blog', until: '2026-11-01', reason: 'r', source: 'user' as const },
    ];
    const done = finishedSnoozes(snoozes, report([status('Shop', 'OK'), status('Blog', 'ERROR')]), new Date('2026-12-01T12:00:00Z'));
    expect(done.map((s) => s.resource)).toEqual(['Shop']);
  });
});
