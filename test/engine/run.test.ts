import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackstop } from '../../main/engine/run.js';
import { listRuns } from '../../main/engine/history.js';
import { addSnooze } from '../../main/engine/snooze.js';
import { javaFixture } from '../helpers/java-fixture.js';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function writeConfig(text: string): string {
  const dir = temp('backstop-run-');
  writeFileSync(join(dir, 'backstop.yaml'), text);
  return join(dir, 'backstop.yaml');
}

const CONFIG = `
timezone: UTC
resources:
  - { name: Alive, type: proof-of-life, link: "https://x" }
  - { name: Script, type: process, command: "echo '[STATUS]^WARNING^low^tank'", link: "https://tank" }
  - { name: Broken, type: http, link: "https://y" }
`;

describe('runBackstop', () => {
  it('runs, sorts worst first, fills links and saves the run', async () => {
    const dataDir = temp('backstop-data-');
    const report = await runBackstop({ configPath: writeConfig(CONFIG), dataDir, trigger: 'cli' });
    expect(report.statuses.map((s) => [s.level, s.resource, s.metric, s.result, s.link])).toEqual([
      ['ERROR', 'Broken', '', 'resource `Broken` (http): `url` is required', 'https://y'],
      ['WARNING', 'Script', 'tank', 'low', 'https://tank'],
      ['OK', 'Alive', '', 'I ran, therefore I am.', 'https://x'],
    ]);
    expect(report.counts).toEqual({ OK: 1, WARNING: 1, ERROR: 1 });
    expect(report.health).toMatchObject({ total: 3, timedOut: [], crashed: [], deadlineHit: false });
    expect((await listRuns(dataDir)).map((run) => run.id)).toEqual([report.id]);
  });

  it('carries `since` over while the level stays the same', async () => {
    const dataDir = temp('backstop-data-');
    const configPath = writeConfig(CONFIG);
    const first = await runBackstop({ configPath, dataDir, trigger: 'cli', now: () => new Date('2026-11-24T04:00:00Z') });
    const second = await runBackstop({ configPath, dataDir, trigger: 'cli', now: () => new Date('2026-11-25T04:00:00Z') });
    expect(second.statuses.map((s) => s.since)).toEqual(first.statuses.map(() => '2026-11-24T04:00:00.000Z'));
  });

  it('warns when the previous run is older than staleAfter: the backstop itself stopped', async () => {
    const dataDir = temp('backstop-data-');
    const configPath = writeConfig(CONFIG);
    await runBackstop({ configPath, dataDir, trigger: 'cli', now: () => new Date('2026-11-20T04:00:00Z') });
    const report = await runBackstop({ configPath, dataDir, trigger: 'cli', now: () => new Date('2026-11-25T04:00:00Z') });
    expect(report.statuses.find((s) => s.resource === 'Backstop')).toMatchObject({
      level: 'WARNING',
      metric: 'previous run',
      result: 'no run for 5 days before this one (previous 2026-11-20 04:00): the backstop itself was not running',
    });
    expect(report.health.notes).toHaveLength(1);
  });

  it('moves a damaged state file aside, reports it, and still runs', async () => {
    const dataDir = temp('backstop-data-');
    writeFileSync(join(dataDir, 'state.json'), '{ this is not json');
    const report = await runBackstop({ configPath: writeConfig(CONFIG), dataDir, trigger: 'cli' });
    expect(report.statuses.find((s) => s.metric === 'state file')).toMatchObject({
      level: 'WARNING',
      result: expect.stringMatching(/^state file .+state\.json was damaged \(.+\) and moved to .+state\.json\.damaged-.+; saved \[STATE\] values and snoozes start afresh$/),
    });
    expect(readdirSync(dataDir).some((name) => name.startsWith('state.json.damaged-'))).toBe(true);
    expect(report.statuses.filter((s) => s.resource !== 'Backstop')).toHaveLength(3);
  });

  it('applies stored snoozes and config snoozes', async () => {
    const dataDir = temp('backstop-data-');
    await addSnooze(dataDir, { resource: 'Script', metric: 'tank', until: '2099-01-01', reason: 'refill booked', source: 'user' });
    const report = await runBackstop({
      configPath: writeConfig(`${CONFIG}  - { name: Old, type: http, snoozeUntil: "2020-01-01", snoozeReason: "was moving", link: "https://z" }\n`),
      dataDir,
      trigger: 'cli',
    });
    expect(report.snoozed.map((s) => [s.resource, s.snooze?.reason])).toEqual([['Script', 'refill booked']]);
    expect(report.statuses.find((s) => s.resource === 'Old')?.result).toBe('snooze expired 2020-01-01: was moving (now: resource `Old` (http): `url` is required)');
  });

  it('shows top-level config errors as rows and still runs the resources', async () => {
    const report = await runBackstop({ configPath: writeConfig(CONFIG.replace('timezone: UTC', 'timezone: Nowhere/Land')), dataDir: temp('backstop-data-'), trigger: 'cli' });
    expect(report.statuses.find((s) => s.metric === 'config timezone')).toMatchObject({ level: 'ERROR', resource: 'Backstop' });
    expect(report.statuses.some((s) => s.resource === 'Alive')).toBe(true);
  });
});

describe('an original Java config runs unchanged', () => {
  let server: Server;
  let port = 0;
  const posts: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/post') posts.push(`${request.method} ${request.headers['content-type']} ${body}`);
        response.end(request.url === '/home' ? '<html><body>hello</body></html>' : '{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('maps each Class, keeps [STATE] between runs and reports the unknown Class', async () => {
    const configPath = await javaFixture(port);
    const dataDir = temp('backstop-data-');
    const first = await runBackstop({ configPath, dataDir, trigger: 'cli', now: () => new Date('2026-11-26T12:00:00Z') });
    const rows = first.statuses.map((s) => [s.level, s.resource, s.metric, s.result]);
    expect(rows).toContainEqual(['OK', 'Proof of Life', '', 'I ran, therefore I am.']);
    expect(rows).toContainEqual(['WARNING', 'Script', 'hello', 'greeting is hi, count was none']);
    expect(rows).toContainEqual(['ERROR', 'Deadlines', 'Renew domain', expect.stringMatching(/^Past due 2020-01-01 \(\d+ days ago\)$/)]);
    expect(rows).toContainEqual(['ERROR', 'Tempest', '', expect.stringMatching(/Class `com.shutdownhook.backstop.TempestResource` is not supported/)]);
    expect(first.statuses.find((s) => s.resource === 'Google')).toMatchObject({ level: 'OK', result: expect.stringMatching(/^\d+ ms response$/), link: 'https://status.example.com' });
    expect(first.statuses.find((s) => s.resource === 'Poster')?.level).toBe('OK');
    expect(posts).toEqual(['POST application/json {"ping":1}']);
    expect(first.statuses.find((s) => s.resource === 'Deadlines' && s.metric === 'Renew domain')?.link).toBe('https://sheet.example.com/edit#range=A2');

    const second = await runBackstop({ configPath, dataDir, trigger: 'cli' });
    expect(second.statuses.find((s) => s.resource === 'Script')?.result).toBe('greeting is hi, count was 1');
  });
});

describe('a data folder that cannot be used', () => {
  it('still runs every check and reports, saying what is wrong', async () => {
    const blocker = join(temp('backstop-blocked-'), 'not-a-folder');
    writeFileSync(blocker, 'a file where the data folder should be');
    const report = await runBackstop({ configPath: writeConfig(CONFIG), dataDir: join(blocker, 'data'), trigger: 'cli' });
    expect(report.statuses.filter((s) => s.resource !== 'Backstop').map((s) => s.resource)).toEqual(['Broken', 'Script', 'Alive']);
    const self = report.statuses.filter((s) => s.resource === 'Backstop').map((s) => [s.level, s.metric, s.result]);
    expect(self).toEqual([
      ['ERROR', 'data folder', expect.stringMatching(/^data folder .+ is not usable \((a part of the path is not a folder \(ENOTDIR\)|a file is in the way \(EEXIST\))\): history, \[STATE\] values and snoozes are not available for this run$/)],
      ['ERROR', 'history', expect.stringMatching(/^this run could not be saved to history: cannot write .+runs: (a part of the path is not a folder \(ENOTDIR\)|a file is in the way \(EEXIST\))$/)],
    ]);
    expect(report.counts.ERROR).toBe(3);
  });
});
