/**
 * The process-level start, before any feature: one instance at a time, a
 * second launch handed to the first from the very beginning, and a start that
 * fails shown to the user (what failed, where the log is) before the process
 * exits, so no invisible process holds the single-instance lock.
 */
import type { ElectronApi } from './electron-api.js';
import type { AppLog } from './log.js';
import { registerAppScheme } from './protocol.js';

/** electron-builder's `appId`: Windows groups notifications and taskbar entries by it. */
export const APP_ID = 'app.backstop.desktop';

export interface Started {
  /** Opens the results window, or brings it to the front (a second launch asks for it). */
  showWindow(): void;
}

export interface LaunchOptions {
  platform: NodeJS.Platform;
  log: AppLog;
  /** Everything after `whenReady`: the features, in order. */
  start(): Promise<Started>;
}

/** Resolves when the app has started, or has shown why it could not and exited. */
export function launch(electron: Pick<ElectronApi, 'app' | 'dialog' | 'protocol'>, options: LaunchOptions): Promise<void> {
  const { app, dialog } = electron;
  if (!app.requestSingleInstanceLock()) {
    // The running copy gets `second-instance` and opens its window.
    app.quit();
    return Promise.resolve();
  }
  // Registered before anything asynchronous: a second launch during start-up is not lost.
  let started: Started | undefined;
  let windowAsked = false;
  app.on('second-instance', () => {
    if (started) started.showWindow();
    else windowAsked = true;
  });
  if (options.platform === 'win32') app.setAppUserModelId(APP_ID);
  registerAppScheme(electron.protocol);
  process.on('unhandledRejection', (reason) => options.log.write(`unhandled rejection: ${describe(reason)}`));

  return app
    .whenReady()
    .then(() => options.start())
    .then(
      (result) => {
        started = result;
        if (windowAsked) result.showWindow();
      },
      (error: unknown) => {
        options.log.write(`could not start: ${describe(error)}`);
        // showErrorBox is synchronous and works without a window: the user sees it before the exit.
        dialog.showErrorBox('Backstop could not start', `${firstLine(error)}\n\nThe details are in the log: ${options.log.file}`);
        app.exit(1);
      },
    );
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * The application menu. Electron's default one offers DevTools and reload:
 * none in a packaged app. macOS keeps an app menu and an Edit menu, without
 * which copy and paste do not work in the window's search and snooze fields.
 */
export function setupAppMenu(electron: Pick<ElectronApi, 'app' | 'Menu'>, platform: NodeJS.Platform): void {
  if (!electron.app.isPackaged) return; // development keeps the default menu, with its DevTools
  const { Menu } = electron;
  Menu.setApplicationMenu(platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null);
}
