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
  title = '';
  menu: { template: MenuTemplateItem[] } | undefined;
  /** How many menus the app built for this tray. */
  menusSet = 0;
  tooltipsSet = 0;
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
    this.tooltipsSet += 1;
  }
  setTitle(text: string) {
    this.title = text;
  }
  setContextMenu(menu: { template: MenuTemplateItem[] }) {
    this.menu = menu;
    this.menusSet += 1;
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
  role?: string;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate: (template: MenuTemplateItem[]) => ({ template }),
  /** `undefined` until the app sets one; `null` is "no menu". */
  applicationMenu: undefined as { template: MenuTemplateItem[] } | null | undefined,
  setApplicationMenu(menu: { template: MenuTemplateItem[] } | null) {
    Menu.applicationMenu = menu;
  },
};
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
  title = '';
  icon: unknown;
  constructor(public options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  getTitle() {
    return this.title;
  }
  setTitle(title: string) {
    this.title = title;
  }
  setIcon(icon: unknown) {
    this.icon = icon;
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
const appEvents = new Emitter();
export const app = {
  isPackaged: false,
  getLoginItemSettings: () => ({ openAtLogin }),
  setLoginItemSettings: vi.fn((settings: { openAtLogin: boolean }) => {
    openAtLogin = settings.openAtLogin;
  }),
  quit: vi.fn(),
  exit: vi.fn(),
  focus: vi.fn(),
  setAppUserModelId: vi.fn(),
  /** What requestSingleInstanceLock answers; a test sets it to false to be the second copy. */
  gotLock: true,
  requestSingleInstanceLock: vi.fn(() => app.gotLock),
  /** Resolved by a test with `ready()`; until then the app waits, as Electron does. */
  whenReady: vi.fn(() => readyPromise),
  on: vi.fn((event: string, listener: Listener) => {
    appEvents.on(event, listener);
    return app;
  }),
  emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
};
let ready: () => void = () => undefined;
let readyPromise = new Promise<void>((resolve) => (ready = resolve));
/** Electron's `ready` event. */
export function becomeReady(): void {
  ready();
}

export const dialog = { showErrorBox: vi.fn((_title: string, _content: string) => undefined) };

export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    protocol.handlers.set(scheme, handler);
  },
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
  app.isPackaged = false;
  app.gotLock = true;
  for (const fn of [app.setLoginItemSettings, app.quit, app.exit, app.focus, app.setAppUserModelId, app.requestSingleInstanceLock, app.whenReady, app.on, dialog.showErrorBox]) fn.mockClear();
  appEvents.removeAllListeners();
  readyPromise = new Promise<void>((resolve) => (ready = resolve));
  Menu.applicationMenu = undefined;
  protocol.privileged = [];
  protocol.handlers.clear();
  shell.openExternal.mockClear();
  shell.openPath.mockClear();
  powerMonitor.removeAllListeners();
}
