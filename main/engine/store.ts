/**
 * `<dataDir>/state.json`: the values checks save between runs (`[STATE]` lines,
 * module state; one object per `stateId`) and the snoozes made in the app. The CLI,
 * cron, a manual run and the desktop app may all use it at the same moment, so every
 * change is a read-merge-write under a cross-process lock (proper-lockfile: a
 * `state.json.lock` folder, taken over when its owner died and left it for more
 * than 5 s), written all or nothing (`writeFileFully`). A damaged file is moved
 * aside and reported, never a crash.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { FileTooLargeError, readLocalText } from '../checks/lib/local-file.js';
import { describeFsError } from '../checks/lib/words.js';
import { FileWriteError, makeDirectory, writeFileFully } from './files.js';

export const STATE_FILE = 'state.json';

/** The file's content: `state.<stateId>` → `{ NAME: value }`, `snoozes` → a list. */
export type StoreData = Record<string, unknown>;

/** Something that went wrong with the file, for a row of the run (or the app's log). */
export type StoreProblem =
  | { kind: 'damaged'; file: string; movedTo: string; reason: string; restored: boolean }
  | { kind: 'unreadable'; file: string; reason: string };

/** The store could not be changed: nothing was written, the file is as it was. */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot save ${file}: ${reason}`);
  }
}

/** Far more than hundreds of resources at the 64 KB per `stateId` limit; anything larger is not ours. */
const MAX_STORE_BYTES = 64_000_000;

/**
 * Waits up to about 20 s for another process's change (each takes milliseconds);
 * a lock not refreshed for 5 s belongs to a process that died holding it and is taken over.
 */
const LOCK_OPTIONS = {
  realpath: false,
  stale: 5_000,
  update: 1_000,
  retries: { retries: 100, factor: 1.3, minTimeout: 10, maxTimeout: 200, randomize: true },
};

type ReadOutcome = { data: StoreData; problem?: StoreProblem };

export class StateStore {
  readonly file: string;
  /** The last content this process read or wrote: what a damaged file is restored from. */
  #lastGood: StoreData | undefined;
  /** Set when the file could not be read: nothing is written over values we cannot see. */
  #unreadable: string | undefined;

  constructor(
    readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = join(dataDir, STATE_FILE);
  }

  /**
   * The store as it is now. Writes replace the file whole (rename), so a good file is read
   * without the lock; a damaged or unreadable one is read again under it, where it is moved
   * aside by one process only. A damaged file restored from the copy this process read
   * earlier is written back.
   */
  async read(): Promise<{ data: StoreData; problems: StoreProblem[] }> {
    const peek = await this.#parse();
    if ('data' in peek) return { data: this.#good(peek.data).data, problems: [] };
    const outcome = await this.#withLock(async () => {
      const read = await this.#readFile();
      if (read.problem?.kind === 'damaged' && read.problem.restored) {
        // Not written back (disk full): the next change of the store tries again, from the same copy.
        await writeFileFully(this.file, serialize(read.data)).catch(() => undefined);
      }
      return read;
    });
    return { data: outcome.data, problems: outcome.problem ? [outcome.problem] : [] };
  }

  /**
   * Reads the file fresh under the lock, lets `change` edit the data, and writes it
   * all or nothing. Throws `StoreWriteError` when it could not be saved.
   */
  async update<T>(change: (data: StoreData) => T): Promise<{ value: T; problems: StoreProblem[] }> {
    return this.#withLock(async () => {
      const { data, problem } = await this.#readFile();
      const problems = problem ? [problem] : [];
      if (this.#unreadable) throw new StoreWriteError(this.file, `it could not be read (${this.#unreadable}), so nothing is written over it`);
      const value = change(data);
      try {
        await writeFileFully(this.file, serialize(data));
      } catch (error) {
        throw new StoreWriteError(this.file, error instanceof FileWriteError ? error.reason : describeFsError(error));
      }
      this.#lastGood = structuredClone(data);
      return { value, problems };
    });
  }

  /** Reads the file (under the lock): a damaged one is moved aside, an unreadable one is never written over. */
  async #readFile(): Promise<ReadOutcome> {
    const parsed = await this.#parse();
    if ('data' in parsed) return this.#good(parsed.data);
    if ('damaged' in parsed) return this.#moveAside(parsed.damaged);
    this.#unreadable = parsed.unreadable;
    return { data: {}, problem: { kind: 'unreadable', file: this.file, reason: parsed.unreadable } };
  }

  /** The file's data, or what is wrong with it; changes nothing. A missing file is an empty store. */
  async #parse(): Promise<{ data: StoreData } | { damaged: string } | { unreadable: string }> {
    let text: string;
    try {
      text = await readLocalText(this.file, MAX_STORE_BYTES);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { data: {} };
      if (code === 'EISDIR' || error instanceof FileTooLargeError) return { damaged: describeFsError(error) };
      return { unreadable: describeFsError(error) };
    }
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return { damaged: 'not a JSON object' };
      return { data: value as StoreData };
    } catch (error) {
      return { damaged: (error as Error).message };
    }
  }

  #good(data: StoreData): ReadOutcome {
    this.#unreadable = undefined;
    this.#lastGood = structuredClone(data);
    return { data };
  }

  /** Keeps the damaged file for inspection and carries on from the last good copy this process saw (or empty). */
  async #moveAside(reason: string): Promise<ReadOutcome> {
    const movedTo = `${this.file}.damaged-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.file, movedTo);
    } catch (error) {
      this.#unreadable = `it is damaged (${reason}) and could not be moved aside: ${describeFsError(error)}`;
      return { data: {}, problem: { kind: 'unreadable', file: this.file, reason: this.#unreadable } };
    }
    this.#unreadable = undefined;
    const restored = this.#lastGood !== undefined;
    return { data: structuredClone(this.#lastGood ?? {}), problem: { kind: 'damaged', file: this.file, movedTo, reason, restored } };
  }

  async #withLock<T>(work: () => Promise<T>): Promise<T> {
    // Loaded on first use: importing this module does nothing (proper-lockfile hooks process exit to free its locks).
    const { default: lockfile } = await import('proper-lockfile');
    let release: () => Promise<void>;
    try {
      // A snooze can come before the first run has made the data folder.
      await makeDirectory(this.dataDir);
      release = await lockfile.lock(this.file, {
        ...LOCK_OPTIONS,
        // Taken over while we held it (we were stalled for over 5 s): the write still happens all or nothing.
        onCompromised: () => undefined,
      });
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ELOCKED'
          ? `another Backstop process kept ${this.file}.lock for too long`
          : `cannot lock it: ${describeFsError(error)}`;
      throw new StoreWriteError(this.file, reason);
    }
    try {
      return await work();
    } finally {
      await release().catch(() => undefined);
    }
  }
}

function serialize(data: StoreData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The `[STATE]` values of one `stateId` in the store's data. */
export function stateValues(data: StoreData, stateId: string): Record<string, string> {
  const values = data[stateKey(stateId)];
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return {};
  return Object.fromEntries(Object.entries(values as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function stateKey(stateId: string): string {
  return `state.${stateId}`;
}

/** One sentence for a problem with the file, for a row and the run's notes. */
export function describeStoreProblem(problem: StoreProblem): string {
  if (problem.kind === 'unreadable') return `state file ${problem.file} cannot be read (${problem.reason}): saved [STATE] values and snoozes are not available, and this run's [STATE] values are not saved`;
  const from = problem.restored ? 'saved [STATE] values and snoozes were restored from the copy this run read earlier' : 'saved [STATE] values and snoozes start afresh';
  return `state file ${problem.file} was damaged (${problem.reason}) and moved to ${problem.movedTo}; ${from}`;
}
