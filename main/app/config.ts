/**
 * The user's config file: created from the demo on first start, loaded, and
 * watched. A file that cannot be read or parsed shows its error and turns the
 * tray red while the last good config keeps running.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { installDemoConfig } from '../engine/demo.js';
import { closeNetwork } from '../net/index.js';
import type { ConfigIssue } from '../../shared/types.js';
import type { AppContext } from './context.js';

/** Installs the demo (with the files it uses) at `configPath` unless a file is already there. True when it made one. */
export function ensureConfigFile(configPath: string, demoConfigPath: string): Promise<boolean> {
  return installDemoConfig(configPath, demoConfigPath);
}

/**
 * Calls `onChange` once per burst of changes to `file` (editors write, rename
 * and touch in quick succession). Watches the folder, so a file replaced by an
 * atomic rename is still followed.
 */
export function watchFile(file: string, onChange: () => void, debounceMs = 300): { close(): void } {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  watcher = watch(dirname(file), (_event, changed) => {
    if (changed === null || changed.toString() === name) fire();
  });
  watcher.on('error', () => {
    // The folder went away (deleted, unmounted): stop quietly; the last good config keeps running.
    watcher?.close();
    watcher = undefined;
  });
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

export interface ConfigFeature {
  /** Loads the file again; resolves when the model has the outcome. */
  reload(): Promise<void>;
  /** True when the file was made from the demo on this start. */
  readonly created: boolean;
  close(): void;
}

export async function setupConfig(ctx: AppContext): Promise<ConfigFeature> {
  const { configPath, demoConfigPath } = ctx.paths;
  let created = false;
  try {
    created = await ensureConfigFile(configPath, demoConfigPath);
  } catch (error) {
    ctx.log(`could not create ${configPath} from the demo: ${error instanceof Error ? error.message : String(error)}`);
  }

  const reload = async () => {
    try {
      // The text is kept with the config: a run (in its own process) parses the same text, even after the file breaks.
      const text = await ctx.engine.readConfigText(configPath);
      const config = await ctx.engine.parseConfig(text, configPath);
      ctx.model.update({ config, configText: text, configIssues: config.issues });
      // Connections made for the old config (its `ca` files, its concurrency) must not stay open for good.
      await closeNetwork();
    } catch (error) {
      // Unreadable or unparseable: show why, keep the last good config.
      const issue: ConfigIssue = { severity: 'error', path: '', message: error instanceof Error ? error.message : String(error) };
      ctx.model.update({ configIssues: [issue] });
    }
  };

  await reload();
  const watcher = watchFile(configPath, () => void reload());
  return { reload, created, close: () => watcher.close() };
}
