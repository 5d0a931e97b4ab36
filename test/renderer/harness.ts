/**
 * Drives the real results window (dist/renderer, built by `npm run build`) in
 * Chromium. The page's `window.backstop` is a test bridge whose methods call
 * the real main-process handlers (main/app/handlers.ts) over a real engine,
 * a real config file and a temp data folder — only Electron's IPC is replaced.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import type { BackstopBridge, WindowState } from '../../shared/ipc.js';
import type { ElectronApi } from '../../main/app/electron-api.js';
import type { AppContext } from '../../main/app/context.js';
import { AppModel, windowState } from '../../main/app/model.js';
import { realEngine } from '../../main/app/engine.js';
import { setupConfig, type ConfigFeature } from '../../main/app/config.js';
import { setupRuns, type Runs } from '../../main/app/runs.js';
import { setupSnoozes } from '../../main/app/snoozes.js';
import { setupHandlers } from '../../main/app/handlers.js';
import type { IpcHandlers } from '../../main/app/ipc.js';
import { inProcessRun } from '../helpers/run-process.js';

const DIST = resolve('dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** Serves dist/ on loopback. */
export async function serveDist(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const path = normalize(join(DIST, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(DIST + sep)) return void response.writeHead(403).end();
    try {
      const body = await readFile(path);
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/renderer/index.html`, close: () => new Promise((done) => server.close(() => done())) };
}

/** A small config with every level, a broken link and markup in a result. */
export const TEST_CONFIG = `timezone: UTC
resources:
  - { name: Heartbeat, type: proof-of-life, link: "https://status.example/heartbeat" }
  - name: Nightly backup
    type: process
    format: nagios
    command: "echo 'CRITICAL - last backup is 3 days old'; exit 2"
    link: https://backup.example/jobs/nightly
    tags: [backups, prod]
  - name: Disk space
    type: process
    format: nagios
    command: "echo 'WARNING - /var 91% used (warn > 85%) | /var=91%;85;95;0;100'; exit 1"
    link: https://grafana.example/d/disk
    tags: [prod]
  - name: Queue
    type: process
    command: "echo '[STATUS]^OK^depth 3 (warn > 100)^depth^https://queue.example/depth'; echo '[STATUS]^ERROR^12 dead letters (error > 0)^dead-letters^https://queue.example/dlq'"
    link: https://queue.example
  - name: Markup <b>test</b>
    type: process
    command: "echo '[STATUS]^WARNING^<img src=x onerror=alert(1)> is text^html^javascript:alert(1)'"
`;

export interface TestApp {
  ctx: AppContext;
  runs: Runs;
  config: ConfigFeature;
  handlers: IpcHandlers;
  /** Links and paths the app was asked to open. */
  opened: string[];
  openedPaths: string[];
  configPath: string;
  dataDir: string;
  close(): void;
}

/** The main-process side, minus Electron: real config watching, runs, history, snoozes and handlers. */
export async function startApp(configText = TEST_CONFIG, options: { now?: () => Date } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-window-'));
  const configPath = join(dir, 'backstop.yaml');
  const dataDir = join(dir, 'data');
  writeFileSync(configPath, configText);
  const opened: string[] = [];
  const openedPaths: string[] = [];
  // The handlers reach electron only for `shell`; the rest of the app is not involved here.
  const electron = {
    shell: {
      openExternal: async (url: string) => void opened.push(url),
      openPath: async (path: string) => (openedPaths.push(path), ''),
    },
  } as unknown as ElectronApi;
  const ctx: AppContext = {
    electron,
    engine: realEngine,
    // The run process's protocol served in this process, so a run can have the test's clock.
    launchRun: inProcessRun({ env: process.env, ...(options.now && { now: options.now }) }),
    paths: { configPath, dataDir, demoConfigPath: configPath, assetsDir: resolve('dist/assets'), distDir: DIST, preload: '' },
    platform: process.platform,
    model: new AppModel(),
    now: options.now ?? (() => new Date()),
    log: () => undefined,
  };
  const config = await setupConfig(ctx);
  const runs = setupRuns(ctx, { runFinished: () => undefined });
  const handlers = setupHandlers(ctx, runs, setupSnoozes(ctx));
  return { ctx, runs, config, handlers, opened, openedPaths, configPath, dataDir, close: () => config.close() };
}

type BridgeMethod = Exclude<keyof BackstopBridge, 'onState' | 'onProgress'>;

/** The window's methods, mapped onto the main-process handlers as the preload maps them onto channels. */
export function bridgeFor(app: TestApp): Record<BridgeMethod, (...args: never[]) => unknown> {
  const h = app.handlers;
  return {
    getState: () => h['backstop:get-state'](),
    listRuns: () => h['backstop:list-runs'](),
    readRun: (id: string) => h['backstop:read-run'](id),
    runNow: () => h['backstop:run-now'](),
    openLink: (url: string) => h['backstop:open-link'](url),
    openConfig: () => h['backstop:open-config'](),
    snooze: (request: Parameters<BackstopBridge['snooze']>[0]) => h['backstop:snooze'](request),
    unsnooze: (resource: string, metric: string) => h['backstop:unsnooze'](resource, metric),
    itemHistory: (request: Parameters<BackstopBridge['itemHistory']>[0]) => h['backstop:item-history'](request),
  };
}

declare global {
  interface Window {
    __backstopCall(method: string, args: unknown[]): Promise<unknown>;
    __backstopPush(channel: 'state' | 'progress', payload: unknown): void;
  }
}

/** Opens the window with `bridge` as window.backstop; state changes in `app` are pushed like webContents.send. */
export async function openWindow(
  browser: Browser,
  url: string,
  bridge: Record<string, (...args: never[]) => unknown>,
  options: { app?: TestApp; colorScheme?: 'dark' | 'light'; viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<{ page: Page; errors: string[] }> {
  // A context per window (closed with the page): axe-core needs one to run in.
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1180, height: 760 },
    colorScheme: options.colorScheme ?? 'dark',
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.exposeFunction('__backstopCall', async (method: string, args: unknown[]) => {
    const fn = bridge[method];
    if (!fn) throw new Error(`test bridge has no ${method}`);
    return (fn as (...a: unknown[]) => unknown)(...args);
  });
  await page.addInitScript(() => {
    const listeners: Record<string, ((payload: unknown) => void)[]> = { state: [], progress: [] };
    const call =
      (method: string) =>
      (...args: unknown[]) =>
        window.__backstopCall(method, args);
    const on = (channel: string) => (listener: (payload: unknown) => void) => {
      listeners[channel]!.push(listener);
      return () => void listeners[channel]!.splice(listeners[channel]!.indexOf(listener), 1);
    };
    window.__backstopPush = (channel, payload) => {
      for (const listener of listeners[channel] ?? []) listener(payload);
    };
    (window as unknown as { backstop: unknown }).backstop = {
      getState: call('getState'),
      listRuns: call('listRuns'),
      readRun: call('readRun'),
      runNow: call('runNow'),
      openLink: call('openLink'),
      openConfig: call('openConfig'),
      snooze: call('snooze'),
      unsnooze: call('unsnooze'),
      itemHistory: call('itemHistory'),
      onState: on('state'),
      onProgress: on('progress'),
    };
  });
  if (options.app) {
    const app = options.app;
    app.ctx.model.onChange((state, changed) => {
      const payload: WindowState | WindowState['progress'] =
        changed.size === 1 && changed.has('progress') && state.progress ? state.progress : windowState(state, app.configPath, app.ctx.now());
      const channel = changed.size === 1 && changed.has('progress') && state.progress ? 'progress' : 'state';
      void page.evaluate(([c, p]) => window.__backstopPush(c as 'state' | 'progress', p), [channel, payload] as const).catch(() => undefined);
    });
  }
  await page.goto(url);
  return { page, errors };
}

/** The rows on screen, top to bottom. */
export async function visibleRows(page: Page): Promise<{ level: string; resource: string; metric: string; result: string; since: string }[]> {
  return page.$$eval('#rows .row:not([hidden])', (rows) =>
    rows
      .map((row) => ({
        position: Number((row as HTMLElement).dataset.position),
        level: row.querySelector('.level-text')?.textContent ?? '',
        resource: row.querySelector('.name')?.textContent ?? '',
        metric: row.querySelector('.metric')?.textContent ?? '',
        result: row.querySelector('.result')?.textContent ?? '',
        since: row.querySelector('.since')?.textContent ?? '',
      }))
      .sort((a, b) => a.position - b.position)
      .map(({ position: _position, ...row }) => row),
  );
}

/** The config of the earlier run in `appWithHistory`: fewer resources, the backup already failing. */
export const EARLIER_CONFIG = `timezone: UTC
resources:
  - { name: Heartbeat, type: proof-of-life, link: "https://status.example/heartbeat" }
  - name: Nightly backup
    type: process
    format: nagios
    command: "echo 'CRITICAL - last backup is 1 day old'; exit 2"
    link: https://backup.example/jobs/nightly
    tags: [backups, prod]
`;

/**
 * An app with two real runs two days apart (EARLIER_CONFIG, then `latestConfig`), and a clock
 * the test can move (`app.setNow`) to make the latest run stale.
 */
export async function appWithHistory(latestConfig = TEST_CONFIG): Promise<TestApp & { setNow(date: Date): void }> {
  let clock = Date.now() - 2 * 86_400_000;
  const app = await startApp(EARLIER_CONFIG, { now: () => new Date(clock) });
  await app.runs.run('scheduled');
  clock = Date.now();
  writeFileSync(app.configPath, latestConfig);
  await app.config.reload();
  await app.runs.run('manual');
  return Object.assign(app, { setNow: (date: Date) => void (clock = date.getTime()) });
}

/** Waits two animation frames: the list draws on the next frame after a scroll. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Waits for the list to show rows and draw them. */
export async function rowsReady(page: Page): Promise<void> {
  await page.waitForSelector('#rows .row:not([hidden])');
  await settle(page);
}

export interface WindowSuite {
  browser: Browser;
  server: Awaited<ReturnType<typeof serveDist>>;
  app: Awaited<ReturnType<typeof appWithHistory>>;
}

/** For a describe block: Chromium, dist/ served on loopback and an app with two runs, opened before and closed after its tests. */
export function windowSuite(): WindowSuite {
  const suite = {} as WindowSuite;
  beforeAll(async () => {
    suite.browser = await launchChromium();
    suite.server = await serveDist();
    suite.app = await appWithHistory();
  });
  afterAll(async () => {
    suite.app?.close();
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
