/**
 * The desktop app's entry: a tray icon, the results window on demand, the
 * daily schedule. Start-up reads top to bottom: `launch` holds the single
 * instance and shows a failed start; each feature is a `setupX()`.
 */
import * as electron from 'electron';
import { join, resolve } from 'node:path';
import { defaultConfigPath, defaultDataDir, demoConfigPath, distDir } from './engine/paths.js';
import { realEngine } from './app/engine.js';
import { AppModel, metOutsideRun } from './app/model.js';
import type { AppContext, AppPaths } from './app/context.js';
import { openLog } from './app/log.js';
import { launch, setupAppMenu, type Started } from './app/startup.js';
import { setupAppProtocol } from './app/protocol.js';
import { sessionBusNameHasOwner, traySupport } from './app/tray-support.js';
import { setupConfig } from './app/config.js';
import { setupWindow } from './app/window.js';
import { firstStartNotification, setupNotifications } from './app/notify.js';
import { setupRuns } from './app/runs.js';
import { utilityRunChild } from './app/run-process.js';
import { setupTray } from './app/tray.js';
import { setupSnoozes } from './app/snoozes.js';
import { setupIpc } from './app/ipc.js';
import { setupSchedule } from './app/schedule.js';
import { setupHandlers } from './app/handlers.js';
import { setupQuit } from './app/quit.js';

const { app, shell } = electron;

/** The CLI's environment variables choose the config and data folder here too. */
function appPaths(env: NodeJS.ProcessEnv): AppPaths {
  // Found from the package, not from this module: in the bundle it runs from a chunk in dist/chunks/.
  const dist = distDir();
  return {
    configPath: resolve(env.BACKSTOP_CONFIG || defaultConfigPath()),
    dataDir: resolve(env.BACKSTOP_DATA_DIR || defaultDataDir()),
    demoConfigPath: demoConfigPath(),
    assetsDir: join(dist, 'assets'),
    distDir: dist,
    preload: join(dist, 'preload.cjs'),
  };
}

// Electron's own folder (its Chromium profile, the single-instance lock, the log on Linux and Windows),
// set before anything asks for it, and apart from the config and data folders: named plainly `backstop`,
// macOS and Windows would put it in the data folder (their file systems ignore case).
app.setName('Backstop');
app.setPath('userData', process.env.BACKSTOP_USER_DATA_DIR ? resolve(process.env.BACKSTOP_USER_DATA_DIR) : join(app.getPath('appData'), 'Backstop Desktop'));
app.setAppLogsPath(process.env.BACKSTOP_USER_DATA_DIR ? join(app.getPath('userData'), 'logs') : undefined);
const log = openLog(app.getPath('logs'));

async function start(): Promise<Started> {
  app.dock?.hide();
  setupAppMenu(electron, process.platform);
  const paths = appPaths(process.env);
  setupAppProtocol(electron.protocol, paths.distDir);
  const ctx: AppContext = {
    electron,
    engine: realEngine,
    launchRun: utilityRunChild(electron.utilityProcess, join(paths.distDir, 'run-process.js')),
    paths,
    platform: process.platform,
    model: new AppModel(),
    now: () => new Date(),
    log: (message) => log.write(message),
  };
  const support = await traySupport({ platform: ctx.platform, argv: process.argv, env: process.env, nameHasOwner: (name) => sessionBusNameHasOwner(name) });

  const config = await setupConfig(ctx);
  const history = await ctx.engine.latestRun(paths.dataDir).catch(() => ({ report: undefined, damaged: [] }));
  ctx.model.update({ latest: history.report });
  const window = setupWindow(ctx, { standsInForTray: !support.tray });
  const notifier = setupNotifications(ctx, () => window.show());
  if (config.created) notifier.show(firstStartNotification(paths.configPath, { tray: support.tray, platform: ctx.platform }));
  const runs = setupRuns(ctx, notifier);
  // What reading history moved aside reaches the next run's report, as in the CLI.
  metOutsideRun(ctx.model, { history: history.damaged });
  if (support.tray) {
    setupTray(ctx, {
      openResults: () => window.show(),
      runNow: () => void runs.run('manual'),
      stopRun: () => void runs.stop(),
      openConfig: () => void shell.openPath(paths.configPath),
      openDataFolder: () => void shell.openPath(paths.dataDir),
      quit: () => app.quit(),
    });
    // A tray app: closing the window must not quit.
    app.on('window-all-closed', () => undefined);
  } else {
    // No tray to see: the window shows the status (title and icon), and closing it quits.
    log.write(`no tray icon (${support.reason}): the results window shows the status instead`);
    app.on('window-all-closed', () => app.quit());
    window.show();
  }
  setupIpc(ctx, window, setupHandlers(ctx, runs, setupSnoozes(ctx)));
  const scheduler = setupSchedule(ctx, runs);
  setupQuit(ctx, runs, [() => scheduler.stop(), () => config.close()]);
  void scheduler.catchUp();
  return { showWindow: () => window.show() };
}

void launch(electron, { platform: process.platform, log, start });
