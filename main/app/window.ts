/**
 * The results window: created when asked (the app starts in the tray), locked
 * down (sandbox, isolation, no navigation, no new windows) and fed the state.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { EventChannel, EventChannels } from '../../shared/ipc.js';
import type { AppContext } from './context.js';
import { windowState } from './model.js';

/** The window's options: Electron's security checklist, in one place. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
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
    },
  };
}

export interface ResultsWindow {
  /** Opens the window, or brings it to the front. */
  show(): void;
  /** Sends an event to the window when it is open. */
  send<C extends EventChannel>(channel: C, payload: EventChannels[C]): void;
  /** The file URL the window loads: the only sender IPC accepts. */
  readonly url: string;
  /** The open window's id, for the IPC sender check. */
  webContentsId(): number | undefined;
  close(): void;
}

export function setupWindow(ctx: AppContext): ResultsWindow {
  const url = pathToFileURL(ctx.paths.rendererIndex).href;
  let window: BrowserWindow | undefined;

  const create = (): BrowserWindow => {
    const created = new ctx.electron.BrowserWindow(windowOptions(ctx.paths.preload));
    const contents = created.webContents;
    // The window shows links; it never goes anywhere itself. Links go through `openLink`.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Electron grants permission requests (camera, notifications, …) by default: the page needs none.
    contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    contents.session.setPermissionCheckHandler(() => false);
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      window = undefined;
    });
    void created.loadFile(ctx.paths.rendererIndex);
    return created;
  };

  ctx.model.onChange((state, changed) => {
    if (!window || window.isDestroyed()) return;
    // Progress ticks often during a run: send just the progress, not the whole report again.
    if (changed.size === 1 && changed.has('progress') && state.progress) window.webContents.send('backstop:progress', state.progress);
    else window.webContents.send('backstop:state', windowState(state, ctx.paths.configPath, ctx.now()));
  });

  return {
    url,
    show() {
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
