/**
 * The small key-value store for `[STATE]` values, snoozes and settings.
 * conf in the core; the desktop app passes electron-store over the same file
 * (`<dataDir>/state.json`), so both see the same values.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export const STORE_NAME = 'state';

export interface OpenedStore {
  store: KeyValueStore;
  /** Set when the file was damaged and moved aside: the run reports it as a WARNING. */
  damaged?: { movedTo: string; reason: string };
}

/** Opens `<dataDir>/state.json`. A damaged file is moved aside and a fresh one started: it never crashes a run. */
export function openStore(dataDir: string, now: Date = new Date()): OpenedStore {
  const open = () =>
    new Conf<Record<string, unknown>>({ cwd: dataDir, configName: STORE_NAME, projectName: 'backstop', accessPropertiesByDotNotation: false });
  try {
    return { store: wrap(open()) };
  } catch (error) {
    const file = join(dataDir, `${STORE_NAME}.json`);
    if (!existsSync(file)) throw error;
    const movedTo = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedTo);
    return { store: wrap(open()), damaged: { movedTo, reason: error instanceof Error ? error.message : String(error) } };
  }
}

function wrap(conf: Conf<Record<string, unknown>>): KeyValueStore {
  return {
    get: <T>(key: string) => conf.get(key) as T | undefined,
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
  };
}

/** An in-memory store, for validate runs and tests. */
export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore {
  const values = new Map(Object.entries(initial));
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}
