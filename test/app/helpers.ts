/** Reports and an AppContext for the glue tests (electron from the one mock). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electron from 'electron';
import type { Level, Report, Status } from '../../shared/types.js';
import { countLevels } from '../../shared/levels.js';
import type { AppContext } from '../../main/app/context.js';
import type { ElectronApi } from '../../main/app/electron-api.js';
import { realEngine, type EngineApi } from '../../main/app/engine.js';
import { AppModel } from '../../main/app/model.js';
import type { LaunchRun } from '../../main/app/run-process.js';

export function status(resource: string, level: Level, extra: Partial<Status> = {}): Status {
  return { resource, type: 'process', metric: '', level, result: `${resource} is ${level}`, link: `https://x.example/${resource}`, since: '2026-01-01T00:00:00.000Z', ...extra };
}

export function report(statuses: Status[], extra: Partial<Report> = {}): Report {
  return {
    id: '2026-01-12T04-00-00-000Z-abcdef',
    version: 1,
    startedAt: '2026-01-12T04:00:00.000Z',
    finishedAt: '2026-01-12T04:00:05.000Z',
    durationMs: 5_000,
    trigger: 'scheduled',
    configPath: '/c/backstop.yaml',
    timezone: 'UTC',
    statuses,
    snoozed: [],
    counts: countLevels(statuses),
    health: { total: statuses.length, timedOut: [], crashed: [], deadlineHit: false, notes: [] },
    ...extra,
  };
}

/** A launcher for tests that never run: using it fails loudly. */
const noRuns: LaunchRun = () => {
  throw new Error('this test did not expect a run: pass `launchRun` to testContext');
};

export function testContext(overrides: { engine?: Partial<EngineApi>; launchRun?: LaunchRun; now?: () => Date; platform?: NodeJS.Platform } = {}): AppContext & { logs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-app-'));
  const logs: string[] = [];
  return {
    electron: electron as unknown as ElectronApi,
    engine: { ...realEngine, ...overrides.engine },
    launchRun: overrides.launchRun ?? noRuns,
    paths: {
      configPath: join(dir, 'config', 'backstop.yaml'),
      dataDir: join(dir, 'data'),
      demoConfigPath: join(dir, 'demo', 'backstop.yaml'),
      assetsDir: '/app/dist/assets',
      distDir: '/app/dist',
      preload: '/app/dist/preload.cjs',
    },
    platform: overrides.platform ?? 'linux',
    model: new AppModel(),
    now: overrides.now ?? (() => new Date('2026-01-12T09:00:00Z')),
    log: (message) => void logs.push(message),
    logs,
  };
}
