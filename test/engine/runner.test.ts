import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { ConfiguredResource, Settings } from '../../main/engine/config.js';
import { DEFAULTS } from '../../main/engine/config.js';
import { runResources, type RunnerOptions } from '../../main/engine/runner.js';
import { defineCheck, type CheckDefinition } from '../../main/checks/types.js';
import { RunState } from '../../main/engine/run-state.js';

const settings = (overrides: Partial<Settings> = {}): Settings => ({
  timezone: 'UTC',
  schedule: DEFAULTS.schedule,
  concurrency: { network: 200, process: 8 },
  defaultTimeoutMs: 1000,
  runDeadlineMs: 10_000,
  staleAfterMs: DEFAULTS.staleAfterMs,
  historyKeep: 400,
  ...overrides,
});

const options = (overrides: Partial<RunnerOptions> = {}): RunnerOptions => ({
  settings: settings(),
  configDir: process.cwd(),
  dataDir: process.cwd(),
  env: {},
  now: () => new Date(),
  stateFor: (resource) => new RunState(undefined, {}).open(resource.name),
  ...overrides,
});

function kind(check: CheckDefinition['check'], pool: CheckDefinition['pool'] = 'network'): CheckDefinition {
  return defineCheck({ kind: 'test', description: 'test', schema: z.object({}), pool, check });
}

function resource(name: string, definition: CheckDefinition, timeoutMs = 1000): ConfiguredResource {
  return { ok: true, index: 0, name, type: 'test', link: 'https://example.test', tags: [], timeoutMs, definition, params: {} };
}

const never = () => new Promise<never>(() => {});

describe('runResources: every check independent', () => {
  const scenarios: { name: string; check: CheckDefinition['check']; level: string; result: RegExp; ending: string }[] = [
    { name: 'returns nothing → one OK later', check: () => undefined, level: 'none', result: /^$/, ending: 'ok' },
    { name: 'throws an Error', check: () => { throw new Error('boom'); }, level: 'ERROR', result: /^check failed: boom$/, ending: 'crash' },
    { name: 'throws a string', check: () => { throw 'just a string'; }, level: 'ERROR', result: /^check failed: just a string$/, ending: 'crash' },
    { name: 'throws an object', check: () => { throw { code: 42 }; }, level: 'ERROR', result: /^check failed: threw \{"code":42\}$/, ending: 'crash' },
    { name: 'throws undefined', check: () => { throw undefined; }, level: 'ERROR', result: /^check failed: threw undefined$/, ending: 'crash' },
    { name: 'rejects', check: () => Promise.reject(new TypeError('bad')), level: 'ERROR', result: /^check failed: TypeError: bad$/, ending: 'crash' },
    { name: 'returns garbage level', check: () => ({ level: 'GREEN', result: 'x' }) as never, level: 'ERROR', result: /^check returned an invalid result: expected `level` OK, WARNING or ERROR, got "GREEN" in \{"level":"GREEN","result":"x"\}$/, ending: 'crash' },
    { name: 'returns a number', check: () => 42 as never, level: 'ERROR', result: /^check returned an invalid result: expected a status object \{ level, result \}, got 42 in 42$/, ending: 'crash' },
    { name: 'returns a bad second status', check: () => [{ level: 'OK', result: 'a' }, { level: 'OK' }] as never, level: 'ERROR', result: /^check returned an invalid result: status 2: expected `result` text, got nothing in/, ending: 'crash' },
    { name: 'hangs forever', check: never, level: 'ERROR', result: /^no response within 200ms \(timeout\)$/, ending: 'timeout' },
  ];
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const [outcome] = await runResources([resource('r', kind(scenario.check), 200)], options());
      expect(outcome!.ending).toBe(scenario.ending);
      if (scenario.level === 'none') expect(outcome!.statuses).toEqual([]);
      else {
        expect(outcome!.statuses).toHaveLength(1);
        expect(outcome!.statuses[0]!.level).toBe(scenario.level);
        expect(outcome!.statuses[0]!.result).toMatch(scenario.result);
      }
    });
  }

  it("words a timeout by the kind's `timeoutMessage` when it has one", async () => {
    const worded = { ...kind(never), timeoutMessage: (ms: number) => `kind words for ${ms} ms` };
    const throwing = { ...kind(never), timeoutMessage: (): string => { throw new Error('oops'); } };
    const outcomes = await runResources([resource('worded', worded, 150), resource('throwing', throwing, 150)], options());
    expect(outcomes.map((outcome) => [outcome.ending, outcome.statuses[0]?.result])).toEqual([
      ['timeout', 'kind words for 150 ms'],
      ['timeout', 'no response within 150ms (timeout)'],
    ]);
  });

  it('accepts levels in any case and strips escapes, control and bidi-override characters from text', async () => {
    const [outcome] = await runResources(
      [resource('r', kind(() => ({ level: ' warning ', metric: 'tank\u202Eevil\u2028x', result: 'low\u0007 level\u001b[31m\nsecond\u0085line', link: 'https://x\u009b2J' }) as never))],
      options(),
    );
    expect(outcome!.statuses).toEqual([{ level: 'WARNING', metric: 'tankevil x', result: 'low level\nsecond\nline', link: 'https://x' }]);
  });

  it('a hanging check does not delay the others, and its late result is discarded', async () => {
    let lateResolve: (value: unknown) => void = () => {};
    const late = kind(() => new Promise((resolve) => (lateResolve = resolve)) as never);
    const fast = kind(() => ({ level: 'OK', result: 'fast' }));
    const started = Date.now();
    const outcomes = await runResources([resource('late', late, 300), resource('fast', fast)], options());
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outcomes.map((o) => o.ending)).toEqual(['timeout', 'ok']);
    lateResolve({ level: 'OK', result: 'too late' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outcomes[0]!.statuses[0]!.result).toMatch(/timeout/);
  });

  it('aborts the check signal on timeout so it can stop its I/O', async () => {
    let seen: AbortSignal | undefined;
    const check = kind((_params, ctx) => {
      seen = ctx.signal;
      return never();
    });
    await runResources([resource('r', check, 100)], options());
    expect(seen?.aborted).toBe(true);
  });

  it('reports a broken resource as its problems without running anything', async () => {
    const broken: ConfiguredResource = { ok: false, index: 0, name: 'b', type: 'http', link: '', tags: [], timeoutMs: 1000, problems: ['resource `b` (http): `url` is required'] };
    const [outcome] = await runResources([broken], options());
    expect(outcome).toMatchObject({ ending: 'broken', statuses: [{ level: 'ERROR', result: 'resource `b` (http): `url` is required' }] });
  });

  it('stops everything at the run deadline', async () => {
    const outcomes = await runResources(
      [resource('slow', kind(never), 60_000), resource('queued', kind(never, 'process'), 60_000), resource('queued 2', kind(never, 'process'), 60_000)],
      options({ settings: settings({ runDeadlineMs: 300, concurrency: { network: 200, process: 1 } }) }),
    );
    expect(outcomes.map((o) => o.ending)).toEqual(['deadline', 'deadline', 'deadline']);
    expect(outcomes[0]!.statuses[0]!.result).toBe('stopped at the run deadline (300ms)');
    expect(outcomes[2]!.statuses[0]!.result).toBe('did not start before the run deadline (300ms)');
  });

  it('bounds process checks separately from network checks', async () => {
    let active = 0;
    let peak = 0;
    const slow = kind(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 30));
      active--;
    }, 'process');
    await runResources(
      Array.from({ length: 10 }, (_, i) => resource(`p${i}`, slow)),
      options({ settings: settings({ concurrency: { network: 200, process: 3 } }) }),
    );
    expect(peak).toBe(3);
  });

  it('cancels when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const [outcome] = await runResources([resource('r', kind(never), 60_000)], options({ signal: controller.signal }));
    expect(outcome).toMatchObject({ ending: 'cancelled', statuses: [{ level: 'ERROR', result: 'run cancelled while this check was running' }] });
  });

  it('reports progress: done/total and what is still running', async () => {
    const seen: { done: number; total: number; running: string[] }[] = [];
    await runResources([resource('a', kind(() => undefined)), resource('b', kind(() => new Promise((r) => setTimeout(r, 50))))], options({
      onProgress: (p) => seen.push({ done: p.done, total: p.total, running: p.running.map((r) => r.resource) }),
    }));
    expect(seen[0]).toEqual({ done: 0, total: 2, running: [] });
    expect(seen.at(-1)).toEqual({ done: 2, total: 2, running: [] });
    expect(seen.some((p) => p.done === 1 && p.running.includes('b'))).toBe(true);
  });
});
