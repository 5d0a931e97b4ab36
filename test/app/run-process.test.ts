/**
 * The app's run path with real run processes: dist/run-process.js forked
 * with the messages utilityProcess carries in the app, real configs, real
 * scripts, a real SMTP server on loopback. Nothing here runs in Electron.
 */
import './setup.js';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetElectronMock } from './electron-mock.js';
import { testContext } from './helpers.js';
import { forkedRuns } from '../helpers/run-process.js';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp.js';
import { setupConfig } from '../../main/app/config.js';
import { setupRuns } from '../../main/app/runs.js';
import { metOutsideRun } from '../../main/app/model.js';
import { storeOptions } from '../../main/app/snoozes.js';
import { forkRunChild, startRun, type LaunchRun, type RunChild } from '../../main/app/run-process.js';
import { listRuns, latestReport } from '../../main/engine/history.js';
import type { RunProgress } from '../../shared/types.js';
import { writeFile } from 'node:fs/promises';

beforeEach(() => resetElectronMock());
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const posix = process.platform !== 'win32';

/** An app context over a real config file and data folder, running in forked run processes. */
async function app(configText: string, launchRun: LaunchRun = forkedRuns()) {
  const ctx = testContext({ launchRun, now: () => new Date() });
  const dir = mkdtempSync(join(tmpdir(), 'backstop-runs-'));
  ctx.paths.configPath = join(dir, 'backstop.yaml');
  ctx.paths.dataDir = join(dir, 'data');
  writeFileSync(ctx.paths.configPath, configText);
  const config = await setupConfig(ctx);
  config.close();
  const progress: RunProgress[] = [];
  ctx.model.onChange((state, changed) => void (changed.has('progress') && state.progress && progress.push(state.progress)));
  return { ctx, runs: setupRuns(ctx, { runFinished: () => undefined }), progress, dir };
}

const emailSection = (port: number) => `email:
  smtp: { host: 127.0.0.1, port: ${port}, secure: none, timeout: 2s }
  from: backstop@example.com
  to: [me@example.com]
  retryDelays: []
`;

/** Processes whose command line holds `marker`, still alive. */
function alive(marker: string): string[] {
  const found = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout;
  return found.split('\n').filter(Boolean);
}

// Each test starts real Node processes: on a loaded machine one takes seconds just to start.
describe('a run in its own process', { timeout: 90_000 }, () => {
  it('runs the config in a forked run process: progress, the saved report, the process gone after', async () => {
    const { ctx, runs, progress } = await app(`timezone: UTC
resources:
  - { name: Alive, type: proof-of-life, link: "https://x.example/alive" }
  - { name: Disk, type: process, format: nagios, command: "echo 'DISK WARNING - 91% used (warn > 85%)'; exit 1", link: "https://x.example/disk" }
`);
    let child: RunChild | undefined;
    let exit: [number | null, string | null] | undefined;
    ctx.launchRun = () => {
      child = forkedRuns()();
      child.onExit((...ending) => void (exit = ending));
      return child;
    };
    const report = await runs.run('manual');
    expect(report?.statuses.map((status) => [status.level, status.resource, status.result])).toEqual([
      ['WARNING', 'Disk', 'DISK WARNING - 91% used (warn > 85%)'],
      ['OK', 'Alive', 'I ran, therefore I am.'],
    ]);
    expect(report?.trigger).toBe('manual');
    expect(ctx.model.state.latest?.id).toBe(report?.id);
    expect((await latestReport(ctx.paths.dataDir))?.id).toBe(report?.id);
    expect(progress.at(0)).toEqual({ done: 0, total: 2, running: [] });
    await expect.poll(() => exit, { timeout: 5_000 }).toEqual([0, null]);
  });

  it('damaged files the app moved aside when it opened history and state reach the next run\'s report, as in the CLI', async () => {
    const { ctx, runs } = await app('resources:\n  - { name: Alive, type: proof-of-life, link: "https://x.example" }\n');
    mkdirSync(join(ctx.paths.dataDir, 'runs'), { recursive: true });
    writeFileSync(join(ctx.paths.dataDir, 'runs', '2026-01-01T04-00-00-000Z-abcdef.json'), '{ "half a file');
    // What the app does at start: read the latest run (which moves the damaged one aside).
    const opened = await ctx.engine.latestRun(ctx.paths.dataDir);
    expect(opened.damaged).toHaveLength(1);
    metOutsideRun(ctx.model, { history: opened.damaged });
    // What the snooze functions met: a damaged state file moved aside, as they word it.
    await writeFile(join(ctx.paths.dataDir, 'state.json'), '{ "snoozes": [');
    expect(await ctx.engine.listSnoozes(ctx.paths.dataDir, storeOptions(ctx))).toEqual([]);
    const report = await runs.run('manual');
    const rows = report!.statuses.filter((status) => status.resource === 'Backstop').map((status) => `${status.level} ${status.metric}: ${status.result}`);
    expect(rows).toEqual([
      expect.stringMatching(/^WARNING history: history file was damaged \(.*\) and moved to .*damaged.2026-01-01T04-00-00-000Z-abcdef\.json$/),
      expect.stringMatching(/^WARNING state file: state file .*state\.json was damaged \(.*\) and moved to .*state\.json\.damaged-.*; saved \[STATE\] values and snoozes start afresh$/),
    ]);
    // Said once: the next run does not repeat it.
    const next = await runs.run('manual');
    expect(next!.statuses.filter((status) => status.resource === 'Backstop')).toEqual([]);
  });

  it('runs the last good config when the file has broken since', async () => {
    const { ctx, runs } = await app('resources:\n  - { name: Alive, type: proof-of-life, link: "https://x.example" }\n');
    writeFileSync(ctx.paths.configPath, 'resources: [ {');
    const report = await runs.run('manual');
    expect(report?.statuses.map((status) => status.resource)).toEqual(['Alive']);
  });

  it('a scheduled run sends the email from the run process; a Run now does not', async () => {
    smtp = await startSmtpServer();
    const { runs } = await app(`${emailSection(smtp.port)}resources:\n  - { name: Alive, type: proof-of-life, link: "https://x.example" }\n`);
    await runs.run('manual');
    expect(smtp.messages).toHaveLength(0);
    await runs.run('scheduled');
    const [message] = await smtp.waitForMessages(1);
    expect(message!.parsed.subject).toMatch(/^Backstop: all 1 OK · /);
  });

  it('a scheduled run joining a Run now in flight has it send the email', async () => {
    smtp = await startSmtpServer();
    const { runs } = await app(`${emailSection(smtp.port)}resources:\n  - { name: Slow, type: process, command: "sleep 1", link: "https://x.example" }\n`);
    const manual = runs.run('manual');
    const scheduled = runs.run('scheduled');
    expect(scheduled).toBe(manual);
    await scheduled;
    expect(await smtp.waitForMessages(1)).toHaveLength(1);
  });

  it.runIf(posix)('stopping ends the checks\' process groups and still saves the cut-short run, without its email', async () => {
    smtp = await startSmtpServer();
    const marker = `backstop-stop-${process.pid}-${Date.now()}`;
    const { ctx, runs } = await app(`${emailSection(smtp.port)}resources:
  - { name: Sleeper, type: process, command: "sleep 300 # ${marker}", link: "https://x.example" }
  - { name: Alive, type: proof-of-life, link: "https://x.example" }
`);
    const running = runs.run('scheduled');
    await expect.poll(() => alive(marker).length, { timeout: 40_000 }).toBeGreaterThan(0);
    await runs.stop(10_000);
    const report = await running;
    expect(report?.statuses.find((status) => status.resource === 'Sleeper')?.level).toBe('ERROR');
    expect((await listRuns(ctx.paths.dataDir)).map((run) => run.id)).toEqual([report!.id]);
    await expect.poll(() => alive(marker), { timeout: 10_000 }).toEqual([]);
    expect(smtp.messages).toHaveLength(0);
  });

  it.runIf(posix)('a run process told to end (SIGTERM) stops its run on the way out: its checks do not outlive it', async () => {
    const marker = `backstop-term-${process.pid}-${Date.now()}`;
    const { ctx } = await app(`resources:\n  - { name: Sleeper, type: process, command: "sleep 300 # ${marker}", link: "https://x.example" }\n`);
    let child: RunChild | undefined;
    const run = startRun(
      () => (child = forkedRuns()()),
      { configPath: ctx.paths.configPath, configText: readFileSync(ctx.paths.configPath, 'utf8'), dataDir: ctx.paths.dataDir, trigger: 'manual', email: false },
      () => undefined,
    );
    await expect.poll(() => alive(marker).length, { timeout: 40_000 }).toBeGreaterThan(0);
    child!.terminate();
    // The report is best effort here (the stop message is the way that always saves); the groups are not.
    await run.result.catch(() => undefined);
    await expect.poll(() => alive(marker), { timeout: 10_000 }).toEqual([]);
  });

  it.runIf(posix)('a native crash in a check is an error, not a dead app: "the run itself crashed"', async () => {
    const { ctx, runs, dir } = await app(`resources:
  - { name: Crash, type: module, path: crash.mjs, link: "https://x.example" }
  - { name: Alive, type: proof-of-life, link: "https://x.example" }
`);
    // A native module that segfaults takes the whole process down the same way.
    writeFileSync(join(dir, 'crash.mjs'), "export function check() { process.kill(process.pid, 'SIGSEGV'); return new Promise(() => {}); }\n");
    expect(await runs.run('manual')).toBeUndefined();
    expect(ctx.model.state.runError).toMatch(/^the run itself crashed: killed by SIGSEGV/);
    expect(ctx.model.state.progress).toBeUndefined();
    expect(runs.running).toBe(false);
  });

  it('a run process that runs out of memory is "the run itself crashed: out of memory"', async () => {
    const fixture = resolve('test/fixtures/run-process/out-of-memory.mjs');
    const { ctx, runs } = await app('resources: []\n', forkRunChild(fixture, { execArgv: ['--max-old-space-size=24'] }));
    expect(await runs.run('manual')).toBeUndefined();
    expect(ctx.model.state.runError).toMatch(/^the run itself crashed: out of memory \(.*heap.*\)$/i);
  });
});
