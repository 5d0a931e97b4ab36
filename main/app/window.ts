/**
 * The results window: created when asked (the app starts in the tray), locked
 * down (sandbox, isolation, no navigation, no new windows) and fed the state.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { EventChannel, EventChannels } from '../../shared/ipc.js';
import { plural, summarizeCounts } from '../../shared/words.js';
import type { AppContext } from './context.js';
import { configBroken, isStale, staleAfterMs, windowState, type ModelState } from './model.js';
import { RENDERER_URL } from './protocol.js';
import { trayIconName, windowIconFile } from './tray.js';

/**
 * The window's title, read in the taskbar and the window switcher, with the
 * tray's story in words: `Backstop — 2 errors, 1 warning`.
 */
export function windowTitle(state: ModelState, now: Date): string {
  const errors = state.configIssues.filter((issue) => issue.severity === 'error').length;
  const words = state.progress
    ? 'running…'
    : configBroken(state)
      ? `config has ${plural(errors, 'error')}`
      : state.runError
        ? 'the last run failed'
        : !state.latest
          ? 'no run yet'
          : `${summarizeCounts(state.latest.counts)}${isStale(state.latest, now, staleAfterMs(state)) ? ' (stale)' : ''}`;
  return `Backstop — ${words}`;
}

/** The window's options: Electron's security checklist, in one place. DevTools only in development. */
export function windowOptions(preload: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Backstop',
    backgroundColor: '#0f1115',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

export interface ResultsWindow {
  /** Opens the window, or brings it to the front. */
  show(): void;
  /** Sends an event to the window when it is open. */
  send<C extends EventChannel>(channel: C, payload: EventChannels[C]): void;
  /** The URL the window loads: the only sender IPC accepts. */
  readonly url: string;
  /** The open window's id, for the IPC sender check. */
  webContentsId(): number | undefined;
  close(): void;
}

export interface WindowOptions {
  /**
   * No tray to show the status (GNOME without AppIndicator): the window's icon
   * takes the tray icon's colour, and closing the window is quitting.
   */
  standsInForTray: boolean;
}

export function setupWindow(ctx: AppContext, options: WindowOptions = { standsInForTray: false }): ResultsWindow {
  const { app, nativeImage } = ctx.electron;
  let window: BrowserWindow | undefined;
  let shownIcon: string | undefined;

  const decorate = (target: BrowserWindow) => {
    const state = ctx.model.state;
    const now = ctx.now();
    const title = windowTitle(state, now);
    if (target.getTitle() !== title) target.setTitle(title);
    if (!options.standsInForTray || ctx.platform === 'darwin') return; // macOS windows have no icon of their own
    const icon = windowIconFile(ctx.paths.assetsDir, trayIconName(state, now), ctx.platform);
    if (icon !== shownIcon) {
      target.setIcon(nativeImage.createFromPath(icon));
      shownIcon = icon;
    }
  };

  const create = (): BrowserWindow => {
    const created = new ctx.electron.BrowserWindow(windowOptions(ctx.paths.preload, { devTools: !app.isPackaged }));
    const contents = created.webContents;
    // The window shows links; it never goes anywhere itself. Links go through `openLink`.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Electron grants permission requests (camera, notifications, …) by default: the page needs none.
    contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    contents.session.setPermissionCheckHandler(() => false);
    // The title says the status (`Backstop — 2 errors`), not the page's <title>.
    created.on('page-title-updated', (event) => event.preventDefault());
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      window = undefined;
      shownIcon = undefined;
    });
    shownIcon = undefined;
    decorate(created);
    void created.loadURL(RENDERER_URL);
    return created;
  };

  ctx.model.onChange((state, changed) => {
    if (!window || window.isDestroyed()) return;
    // Progress ticks often during a run: send just the progress, not the whole report again.
    if (changed.size === 1 && changed.has('progress') && state.progress) window.webContents.send('backstop:progress', state.progress);
    else window.webContents.send('backstop:state', windowState(state, ctx.paths.configPath, ctx.now()));
    decorate(window);
  });

  return {
    url: RENDERER_URL,
    show() {
      // A tray app is never the active app on macOS: without this the window opens behind the others.
      if (ctx.platform === 'darwin') app.focus({ steal: true });
      if (!window || window.isDestroyed()) window = create();
      else {
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      }
    },
    send(channel, payload) {
      if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
    },
    webContentsId: () => (window && !window.isDestroyed() ? window.webContents.id : undefined),
    close() {
      if (window && !window.isDestroyed()) window.close();
    },
  };
}
