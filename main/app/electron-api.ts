/**
 * The part of Electron the app uses, as one type. main.ts passes the real
 * module; the glue tests pass the one mock (test/app/setup.ts). Nothing else
 * in main/app/ reaches for `electron` directly, so every electron call is
 * visible here and in the mock.
 */
import type * as Electron from 'electron';

export type ElectronApi = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'Menu'
  | 'Tray'
  | 'Notification'
  | 'shell'
  | 'ipcMain'
  | 'powerMonitor'
  | 'nativeImage'
  | 'dialog'
  | 'protocol'
  | 'utilityProcess'
>;
