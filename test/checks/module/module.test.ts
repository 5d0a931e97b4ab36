/**
 * `module` running real modules in real worker threads: what they return, how
 * they fail, their state, their fetch and the TypeScript path.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import moduleCheck from '../../../main/checks/module/index.js';
import type { CheckContext, CheckStatus } from '../../../main/checks/types.js';
import { memoryState, runCheck } from '../../helpers/context.js';

const fixtures = fileURLToPath(new URL('../../fixtures/module/', import.meta.url));
const NOW = new Date('2026-11-25T23:30:00Z');

function run(path: string, params: Record<string, unknown> = {}, overrides: Partial<CheckContext> = {}): Promise<CheckStatus[]> {
  return runCheck(moduleCheck, { path, params }, { configDir: fixtures, now: () => NOW, timezone: 'Pacific/Auckland', ...overrides });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('module: what a module returns is what the check reports', () => {
  const scenarios: { name: string; path: string; params?: Record<string, unknown>; expected: CheckStatus[] }[] = [
    {
      name: 'OK, WARNING and ERROR lines, with params passed through',
      path: 'levels.mjs',
      params: { prefix: 'disk' },
      expected: [
        { metric: 'disk ok', level: 'OK', result: 'fine' },
        { metric: 'disk warning', level: 'WARNING', result: '3 days left (warn < 7)' },
        { metric: 'disk error', level: 'ERROR', result: 'status 503, expected 2xx', link: 'https://status.example/503' },
      ],
    },
    { name: 'one status instead of an array', path: 'single.js', expected: [{ level: 'WARNING', result: 'disk 91% full (warn > 90%)' }] },
    { name: 'a CommonJS module', path: 'common.cjs', expected: [{ level: 'OK', result: 'from CommonJS' }] },
    { name: 'nothing (the runner makes it one OK)', path: 'nothing.mjs', expected: [] },
    { name: 'a .ts module importing a JavaScript helper beside it', path: 'uses-helper.ts', params: { count: 1 }, expected: [{ level: 'OK', result: '1 item' }] },
  ];
  it.each(scenarios)('$name', async ({ path, params, expected }) => {
    expect(await run(path, params)).toEqual(expected);
  });

  it('gives the module its params, "today" in the configured time zone, now, and a live signal; logs its output', async () => {
    const logged: string[] = [];
    const [status] = await run('context.mjs', { threshold: 3, nested: { a: [1, 2] } }, { log: (message) => logged.push(message) });
    expect(status?.level).toBe('OK');
    // 23:30 UTC on 11/25 is already 11/26 in Auckland.
    expect(JSON.parse(status!.result)).toEqual({
      params: { threshold: 3, nested: { a: [1, 2] } },
      today: '2026-11-26',
      now: '2026-11-25T23:30:00.000Z',
      timezone: 'Pacific/Auckland',
      aborted: false,
    });
    expect(logged).toEqual(expect.arrayContaining(['hello from ctx.log', 'stdout: hello from stdout', 'stderr: hello from stderr']));
  });
});

describe('module: a module that fails is an ERROR line, and the run goes on', () => {
  const scenarios: { name: string; path: string; result: string | RegExp }[] = [
    { name: 'a throw', path: 'throws.mjs', result: "the module's check threw: database unreachable" },
    { name: 'a throw of a plain object shows its content', path: 'throws-object.mjs', result: 'the module\'s check threw: {"status":503,"message":"sensor hub down"}' },
    { name: 'process.exit', path: 'exits.mjs', result: 'the module called process.exit(3): return statuses from check() instead' },
    { name: 'an unhandled rejection', path: 'rejects.mjs', result: 'the module left a rejected promise unhandled: write failed' },
    { name: 'a result that is not plain data', path: 'not-data.mjs', result: /^the module's check returned something that is not plain data \(DataCloneError: .*\): return \{ level, result \} objects$/ },
    { name: 'no check export', path: 'no-check.mjs', result: 'the module exports no check(params, ctx) function: add export async function check(params, ctx) { ... }' },
    { name: 'a state value that is not a string', path: 'bad-state.mjs', result: `the module's check threw: TypeError: ctx.state values are strings: save JSON.stringify(value) under "last"` },
    { name: 'a missing file', path: 'absent.mjs', result: `cannot load ${join(fixtures, 'absent.mjs')}: no such file` },
    { name: 'a folder', path: '.', result: `cannot load ${fixtures.replace(/\/$/, '')}: it is a folder, expected a .js, .mjs or .ts module` },
    {
      name: 'a .ts module importing another .ts module',
      path: 'imports-ts.ts',
      result: `cannot compile ${join(fixtures, 'imports-ts.ts')}: imports between .ts modules are not supported ("./queue-depth.js"): write that file as .js/.mjs, or bundle the module into one file`,
    },
  ];
  it.each(scenarios)('$name', async ({ path, result }) => {
    const statuses = await run(path);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toEqual({ level: 'ERROR', result: typeof result === 'string' ? result : expect.stringMatching(result) });
  });

  it('reports a .ts syntax error with its line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstop-module-'));
    writeFileSync(join(dir, 'broken.ts'), "export function check( {\n  return { level: 'OK', result: 'never' };\n}\n");
    expect(await run('broken.ts', {}, { configDir: dir })).toEqual([{ level: 'ERROR', result: expect.stringMatching(/^cannot compile .*broken\.ts: broken\.ts:\d+:\d+: .+/) }]);
  });

  it('stops a synchronous endless loop when the check times out', async () => {
    const heartbeat = join(mkdtempSync(join(tmpdir(), 'backstop-loop-')), 'beat');
    const started = Date.now();
    const statuses = await run('loop.mjs', { heartbeat }, { signal: AbortSignal.timeout(1_000), timeoutMs: 1_000 });
    expect(statuses).toEqual([
      { level: 'ERROR', result: "stopped after 1s: the module's check did not finish (an endless loop, or a request without a timeout?)" },
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The loop was running (it wrote heartbeats) and is now dead (they stop changing).
    expect(existsSync(heartbeat)).toBe(true);
    await sleep(200);
    const afterStop = readFileSync(heartbeat, 'utf8');
    await sleep(500);
    expect(readFileSync(heartbeat, 'utf8')).toBe(afterStop);
  });

  it('stops an endless loop when the run is stopped for another reason than the timeout, and says so', async () => {
    const heartbeat = join(mkdtempSync(join(tmpdir(), 'backstop-loop-')), 'beat');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    expect(await run('loop.mjs', { heartbeat }, { signal: controller.signal, timeoutMs: 60_000 })).toEqual([
      { level: 'ERROR', result: "stopped: the run was stopped before the module's check finished" },
    ]);
  });

  it('does not start when the check is already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await run('levels.mjs', { prefix: 'x' }, { signal: controller.signal })).toEqual([
      { level: 'ERROR', result: 'stopped before the module started: the check was cancelled' },
    ]);
  });
});

describe('module: state', () => {
  it('persists across two runs through the resource state', async () => {
    const state = memoryState();
    expect(await run('counter.mjs', {}, { state })).toEqual([{ level: 'OK', result: 'run 1' }]);
    expect(await run('counter.mjs', {}, { state })).toEqual([{ level: 'OK', result: 'run 2' }]);
    expect(state.values).toEqual({ runs: '2' });
  });
});

describe('module: the README example (queue-depth.ts) against a JSON API on 127.0.0.1', () => {
  let depths = { emails: 12, exports: 150, webhooks: 2000 };
  const server = createServer((request, response) => {
    if (request.url === '/api/queues') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ queues: Object.entries(depths).map(([name, depth]) => ({ name, depth })) }));
    } else if (request.url === '/hang') {
      // Never answers: only the check's signal ends the request.
    } else {
      response.writeHead(503).end();
    }
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fetches, judges each queue, and shows the change since the last run', async () => {
    const state = memoryState();
    const dataDir = mkdtempSync(join(tmpdir(), 'backstop-data-'));
    const params = { url: `${base}/api/queues`, warnDepth: 100, errorDepth: 1000 };
    expect(await run('queue-depth.ts', params, { state, dataDir })).toEqual([
      { metric: 'emails', level: 'OK', result: '12 waiting (warn ≥ 100, error ≥ 1000)' },
      { metric: 'exports', level: 'WARNING', result: '150 waiting (warn ≥ 100, error ≥ 1000)' },
      { metric: 'webhooks', level: 'ERROR', result: '2000 waiting (warn ≥ 100, error ≥ 1000)' },
    ]);
    depths = { emails: 20, exports: 90, webhooks: 2000 };
    expect(await run('queue-depth.ts', params, { state, dataDir })).toEqual([
      { metric: 'emails', level: 'OK', result: '20 waiting, +8 since last run (warn ≥ 100, error ≥ 1000)' },
      { metric: 'exports', level: 'OK', result: '90 waiting, -60 since last run (warn ≥ 100, error ≥ 1000)' },
      { metric: 'webhooks', level: 'ERROR', result: '2000 waiting, +0 since last run (warn ≥ 100, error ≥ 1000)' },
    ]);
    // Compiled once into the data folder, keyed by content: the second run reused it.
    expect(readdirSync(join(dataDir, 'module-cache'))).toEqual([expect.stringMatching(/^queue-depth-[0-9a-f]{16}\.mjs$/)]);
  });

  it('reports an HTTP failure the way the module words it', async () => {
    expect(await run('queue-depth.ts', { url: `${base}/down` })).toEqual([{ level: 'ERROR', result: 'status 503, expected 2xx' }]);
  });

  it("ends at the check's timeout when its request never answers", async () => {
    const started = Date.now();
    expect(await run('queue-depth.ts', { url: `${base}/hang` }, { signal: AbortSignal.timeout(500), timeoutMs: 500 })).toEqual([
      { level: 'ERROR', result: "stopped after 500ms: the module's check did not finish (an endless loop, or a request without a timeout?)" },
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('compiles an edited .ts module again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstop-module-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'backstop-data-'));
    const write = (result: string) => writeFileSync(join(dir, 'edited.ts'), `export const check = (): { level: 'OK'; result: string } => ({ level: 'OK', result: '${result}' });\n`);
    write('first');
    expect(await run('edited.ts', {}, { configDir: dir, dataDir })).toEqual([{ level: 'OK', result: 'first' }]);
    write('second');
    expect(await run('edited.ts', {}, { configDir: dir, dataDir })).toEqual([{ level: 'OK', result: 'second' }]);
    expect(readdirSync(join(dataDir, 'module-cache'))).toHaveLength(2);
  });
});

describe('module: config', () => {
  it('defaults params to an empty object', () => {
    expect(moduleCheck.schema.parse({ path: 'checks/x.ts' })).toEqual({ path: 'checks/x.ts', params: {} });
  });
  it('refuses a missing path', () => {
    expect(moduleCheck.schema.safeParse({}).error?.issues[0]?.message).toBe('must be the path of a module like "checks/queue-depth.ts"');
  });
  it('refuses params that are not an object, with an example', () => {
    expect(moduleCheck.schema.safeParse({ path: 'x.mjs', params: [1, 2] }).error?.issues[0]?.message).toBe(
      'must be an object of named values like { url: "https://…", warnDepth: 100 }, got [1,2]',
    );
  });
});
