/**
 * Everything a feature needs, handed to each `setupX()` by main.ts. Tests
 * build one with the electron mock, a temp folder and a fixed clock.
 */
import type { ElectronApi } from './electron-api.js';
import type { EngineApi } from './engine.js';
import type { AppModel } from './model.js';

export interface AppPaths {
  /** The user's config file (watched). */
  configPath: string;
  /** History and state. */
  dataDir: string;
  /** The bundled demo config, copied to `configPath` on first start. */
  demoConfigPath: string;
  /** dist/assets: tray icons. */
  assetsDir: string;
  /** dist/renderer/index.html. */
  rendererIndex: string;
  /** dist/main/preload.cjs. */
  preload: string;
}

export interface AppContext {
  electron: ElectronApi;
  engine: EngineApi;
  paths: AppPaths;
  platform: NodeJS.Platform;
  model: AppModel;
  now(): Date;
  log(message: string): void;
}
