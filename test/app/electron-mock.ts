/**
 * The one mock of electron for the glue tests: just the parts of ElectronApi
 * the app uses, recording what the app asked for. Installed by setup.ts.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

class Emitter extends EventEmitter {}

export class Tray extends Emitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: MenuTemplateItem[] } | undefined;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuTemplateItem[] }) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export interface MenuTemplateItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

export const Menu = { buildFromTemplate: (template: MenuTemplateItem[]) => ({ template }) };
export const nativeImage = { createFromPath: (path: string) => ({ path }) };

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;

class Session {
  permissionRequestHandler: PermissionRequestHandler | null | undefined;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null | undefined;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null) {
    this.permissionCheckHandler = handler;
  }
}

class WebContents extends Emitter {
  static nextId = 1;
  id = WebContents.nextId++;
  session = new Session();
  sent: [string, unknown][] = [];
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

export class BrowserWindow extends Emitter {
  static instances: BrowserWindow[] = [];
  webContents = new WebContents();
  loaded: string | undefined;
  visible = false;
  destroyed = false;
  constructor(public options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadFile(path: string) {
    this.loaded = path;
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.visible = true;
  }
  focus() {}
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

export class Notification extends Emitter {
  static instances: Notification[] = [];
  static isSupported = () => true;
  shown = false;
  constructor(public options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
}

const handlers = new Map<string, Listener>();
export const ipcMain = {
  handlers,
  handle: (channel: string, listener: Listener) => {
    if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    handlers.set(channel, listener);
  },
  removeHandler: (channel: string) => handlers.delete(channel),
};

let openAtLogin = false;
export const app = {
  getLoginItemSettings: () => ({ openAtLogin }),
  setLoginItemSettings: vi.fn((settings: { openAtLogin: boolean }) => {
    openAtLogin = settings.openAtLogin;
  }),
  quit: vi.fn(),
  on: vi.fn(),
};

export const shell = {
  openExternal: vi.fn(async (_url: string) => undefined),
  openPath: vi.fn(async (_path: string) => ''),
};

export const powerMonitor = new Emitter();

/** Forget everything between tests. */
export function resetElectronMock(): void {
  Tray.instances = [];
  BrowserWindow.instances = [];
  Notification.instances = [];
  handlers.clear();
  openAtLogin = false;
  app.setLoginItemSettings.mockClear();
  app.quit.mockClear();
  shell.openExternal.mockClear();
  shell.openPath.mockClear();
  powerMonitor.removeAllListeners();
}
