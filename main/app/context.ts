/**
 * Everything a feature needs, handed to each `setupX()` by main.ts. Tests
 * build one with the electron mock, a temp folder and a fixed clock.
 */
import type { ElectronApi } from './electron-api.js';
import type { EngineApi } from './engine.js';
import type { AppModel } from './model.js';
import type { LaunchRun } from './run-process.js';

export interface AppPaths {
  /** The user's config file (watched). */
  configPath: string;
  /** History and state. */
  dataDir: string;
  /** The bundled demo config, copied to `configPath` on first start. */
  demoConfigPath: string;
  /** dist/assets: tray icons. */
  assetsDir: string;
  /** dist/: the window's files are served from its renderer/ and shared/ (see protocol.ts). */
  distDir: string;
  /** dist/preload.cjs. */
  preload: string;
}

export interface AppContext {
  electron: ElectronApi;
  engine: EngineApi;
  /** Starts a run process: Electron's utilityProcess in the app, child_process.fork in tests. */
  launchRun: LaunchRun;
  paths: AppPaths;
  platform: NodeJS.Platform;
  model: AppModel;
  now(): Date;
  log(message: string): void;
}
