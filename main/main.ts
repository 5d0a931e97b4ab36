/**
 * The desktop app's entry: a tray icon, the results window on demand, the
 * daily schedule. Start-up reads top to bottom: each feature is a `setupX()`.
 */
import * as electron from 'electron';
import { fileURLToPath } from 'node:url';
import { defaultConfigPath, defaultDataDir, demoConfigPath } from './engine/paths.js';
import { realEngine } from './app/engine.js';
import { AppModel } from './app/model.js';
import type { AppContext } from './app/context.js';
import { setupConfig } from './app/config.js';
import { setupWindow } from './app/window.js';
import { firstStartNotification, setupNotifications } from './app/notify.js';
import { setupRuns } from './app/runs.js';
import { setupTray } from './app/tray.js';
import { setupSnoozes } from './app/snoozes.js';
import { setupIpc } from './app/ipc.js';
import { setupSchedule } from './app/schedule.js';
import { setupHandlers } from './app/handlers.js';

const { app, shell } = electron;

async function start(): Promise<void> {
  app.dock?.hide();
  const dataDir = defaultDataDir();
  const ctx: AppContext = {
    electron,
    engine: realEngine,
    paths: {
      configPath: defaultConfigPath(),
      dataDir,
      demoConfigPath: demoConfigPath(),
      assetsDir: fileURLToPath(new URL('../assets', import.meta.url)),
      rendererIndex: fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
      preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
    },
    platform: process.platform,
    model: new AppModel(),
    now: () => new Date(),
    log: (message) => console.log(`backstop: ${message}`),
  };

  const config = await setupConfig(ctx);
  ctx.model.update({ latest: await ctx.engine.latestReport(dataDir).catch(() => undefined) });
  const window = setupWindow(ctx);
  const notifier = setupNotifications(ctx, () => window.show());
  if (config.created) notifier.show(firstStartNotification(ctx.paths.configPath));
  const runs = setupRuns(ctx, notifier);
  setupTray(ctx, {
    openResults: () => window.show(),
    runNow: () => void runs.run('manual'),
    openConfig: () => void shell.openPath(ctx.paths.configPath),
    openDataFolder: () => void shell.openPath(ctx.paths.dataDir),
    quit: () => app.quit(),
  });
  setupIpc(ctx, window, setupHandlers(ctx, runs, setupSnoozes(ctx)));
  const scheduler = setupSchedule(ctx, runs);
  app.on('second-instance', () => window.show());
  // A tray app: closing the window must not quit.
  app.on('window-all-closed', () => undefined);
  let stoppingRun = false;
  app.on('before-quit', (event) => {
    // Quitting mid-run: cancel it first, so its scripts' process groups are killed
    // (they are detached and would outlive us) and the cut-short run is still saved.
    if (runs.running && !stoppingRun) {
      stoppingRun = true;
      event.preventDefault();
      void runs.stop().finally(() => app.quit());
      return;
    }
    scheduler.stop();
    config.close();
  });
  await scheduler.catchUp();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => {
    console.error(`backstop: could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}
