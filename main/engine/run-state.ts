/**
 * The `[STATE]` values of one run. A check's changes are kept in memory while it
 * runs (the last value per name wins) and written to the store once, when it ends:
 * 5,000 lines cost memory, not 5,000 rewrites of the file, and never delay a
 * timeout, the deadline or a signal. Writes are queued and batched, so checks
 * ending together share one read-merge-write. A later check of the same
 * `stateId` in this run sees the values an earlier one saved.
 */
import type { CheckStatus, StateBag } from '../checks/types.js';
import { formatBytes } from '../../shared/words.js';
import { StoreWriteError, stateKey, stateValues, type StateStore, type StoreData, type StoreProblem } from './store.js';

/** One value: a script gets it back as an environment variable, and platforms limit those. */
export const MAX_STATE_VALUE_BYTES = 4_000;
/** All names and values of one `stateId` together. */
export const MAX_STATE_BYTES = 64_000;

/** A check's state: read and set while it runs; `close` when it ends returns a WARNING for values not saved. */
export interface CheckState extends StateBag {
  close(): CheckStatus[];
}

const entryBytes = (name: string, value: string) => Buffer.byteLength(name) + Buffer.byteLength(value) + 2; // NAME=VALUE and its terminator

export class RunState {
  /** Values per stateId as this run knows them: read at the start, then each ended check's changes. */
  readonly #known = new Map<string, Record<string, string>>();
  /** Changes not yet written, per stateId. */
  #pending = new Map<string, Map<string, string>>();
  #flushing: Promise<void> | undefined;
  readonly #problems: StoreProblem[] = [];
  /** Why the latest write failed; cleared when a later write carries the changes. */
  #notSaved: string | undefined;

  /** `store` undefined: the data folder is not usable, values live for this run only. */
  constructor(
    private readonly store: StateStore | undefined,
    private readonly initial: StoreData,
  ) {}

  /** The state of one check, for `ctx.state`. */
  open(stateId: string): CheckState {
    // Read on first use: most checks (every URL check) never touch their state.
    let known: Map<string, string> | undefined;
    let total = 0;
    const values = (): Map<string, string> => {
      if (known === undefined) {
        known = new Map(Object.entries(this.#values(stateId)));
        for (const [name, value] of known) total += entryBytes(name, value);
      }
      return known;
    };
    const changes = new Map<string, string>();
    /** Names not saved: their value's size, or 'total' when the stateId as a whole would be too large. */
    const refused = new Map<string, number | 'total'>();
    let closed = false;
    return {
      all: () => Object.fromEntries(values()),
      get: (name) => values().get(name),
      set: (name, value) => {
        // The check has ended for the report: a late write changes nothing.
        if (closed) return;
        const size = Buffer.byteLength(value);
        if (size > MAX_STATE_VALUE_BYTES) {
          refused.set(name, size);
          changes.delete(name);
          return;
        }
        const before = values().get(name);
        const after = total - (before === undefined ? 0 : entryBytes(name, before)) + entryBytes(name, value);
        if (after > MAX_STATE_BYTES) {
          refused.set(name, 'total');
          changes.delete(name);
          return;
        }
        refused.delete(name);
        total = after;
        values().set(name, value);
        changes.set(name, value);
      },
      close: () => {
        if (closed) return [];
        closed = true;
        if (changes.size > 0) this.#save(stateId, changes);
        if (refused.size === 0) return [];
        return [{ level: 'WARNING', metric: '[STATE]', result: refusedWords(stateId, refused) }];
      },
    };
  }

  /** Waits for every change to be written (or to fail). */
  async settle(): Promise<void> {
    await this.#flushing;
    if (this.#pending.size > 0) {
      this.#schedule();
      await this.#flushing;
    }
  }

  /** Damaged files met on the way, and why values are not saved (when they are not). */
  outcome(): { problems: StoreProblem[]; notSaved?: { file: string; reason: string } } {
    return { problems: [...this.#problems], ...(this.#notSaved && this.store ? { notSaved: { file: this.store.file, reason: this.#notSaved } } : {}) };
  }

  #values(stateId: string): Record<string, string> {
    let values = this.#known.get(stateId);
    if (!values) {
      values = stateValues(this.initial, stateId);
      this.#known.set(stateId, values);
    }
    return values;
  }

  #save(stateId: string, changes: Map<string, string>): void {
    Object.assign(this.#values(stateId), Object.fromEntries(changes));
    if (!this.store) return;
    const pending = this.#pending.get(stateId) ?? new Map<string, string>();
    for (const [name, value] of changes) pending.set(name, value);
    this.#pending.set(stateId, pending);
    this.#schedule();
  }

  #schedule(): void {
    this.#flushing ??= this.#flush().finally(() => {
      this.#flushing = undefined;
    });
  }

  async #flush(): Promise<void> {
    const store = this.store;
    if (!store) return;
    while (this.#pending.size > 0) {
      const batch = this.#pending;
      this.#pending = new Map();
      try {
        const { problems } = await store.update((data) => {
          for (const [stateId, changes] of batch) data[stateKey(stateId)] = { ...stateValues(data, stateId), ...Object.fromEntries(changes) };
        });
        this.#problems.push(...problems);
        this.#notSaved = undefined;
      } catch (error) {
        // Kept for the next attempt (a later check's end, or the end of the run); newer values win.
        for (const [stateId, changes] of batch) this.#pending.set(stateId, new Map([...changes, ...(this.#pending.get(stateId) ?? [])]));
        this.#notSaved = error instanceof StoreWriteError ? error.reason : String(error);
        return;
      }
    }
  }
}

/** Names a refusal lists; the rest are counted, so a script flooding [STATE] gets a row, not a page. */
const NAMES_LISTED = 5;

/** `not saved: BIG is 204.8 KB, over the 4 KB limit for one value; V15, V16 would take …`. */
function refusedWords(stateId: string, refused: Map<string, number | 'total'>): string {
  const parts: string[] = [];
  const tooLarge = [...refused].filter((entry): entry is [string, number] => entry[1] !== 'total');
  for (const [name, size] of tooLarge.slice(0, NAMES_LISTED)) parts.push(`${name} is ${formatBytes(size)}, over the ${formatBytes(MAX_STATE_VALUE_BYTES)} limit for one value`);
  if (tooLarge.length > NAMES_LISTED) parts.push(`and ${tooLarge.length - NAMES_LISTED} more values over that limit`);
  const overTotal = [...refused].filter(([, size]) => size === 'total').map(([name]) => name);
  if (overTotal.length) {
    const names = overTotal.slice(0, NAMES_LISTED).join(', ') + (overTotal.length > NAMES_LISTED ? ` and ${overTotal.length - NAMES_LISTED} more` : '');
    parts.push(`${names} would take the values of \`${stateId}\` over the ${formatBytes(MAX_STATE_BYTES)} limit for one stateId`);
  }
  return `not saved: ${parts.join('; ')}. Keep large data in a file and save its path`;
}
