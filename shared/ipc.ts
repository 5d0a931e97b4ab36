/**
 * Every IPC channel between the main process and the results window, declared
 * once with its argument and result types.
 *
 * - `InvokeChannels`: the window asks, main answers (`ipcRenderer.invoke` /
 *   `ipcMain.handle`). Main checks the sender and the arguments of each.
 * - `EventChannels`: main tells the window (`webContents.send` / `ipcRenderer.on`).
 *
 * The window never sees these names: it calls `window.backstop` (`BackstopBridge`),
 * which the preload builds from these channels.
 */
import type { ConfigIssue, ItemHistory, Report, RunProgress, RunSummary } from './types.js';

/** One earlier run in the history picker. */
export type RunListItem = RunSummary;

/** Everything the window shows besides history: pushed on every change. */
export interface WindowState {
  /** The latest run, with the current snoozes applied; undefined before the first run. */
  report?: Report;
  /** Set while a run is in flight. */
  progress?: RunProgress;
  /** True when the latest run is older than the schedule allows (`staleAfter`). */
  stale: boolean;
  /** Absolute path of the config file the app watches. */
  configPath: string;
  /** Problems in the config file as it is now; any `error` means the last good config is still running. */
  configIssues: ConfigIssue[];
  /** Why the last run could not produce a report (no usable config, a crash); cleared by the next good run. */
  runError?: string;
  /** When the next scheduled run is due (ISO), when there is a schedule. */
  nextRunAt?: string;
}

/** What the window sends to snooze a WARNING or ERROR. */
export interface SnoozeRequest {
  resource: string;
  /** '' snoozes the resource's single line, as `Status.metric`. */
  metric: string;
  /** Last day hidden, `YYYY-MM-DD` (inclusive). */
  until: string;
  reason: string;
}

export type SnoozeResult = { ok: true } | { ok: false; errors: SnoozeFieldError[] };

export interface SnoozeFieldError {
  field: 'until' | 'reason' | 'resource';
  message: string;
}

/** What the detail view asks for: one item's levels over the last `count` runs, ending at run `endId` (default: the newest). */
export interface ItemHistoryRequest {
  resource: string;
  /** '' for a resource's single line, as `Status.metric`. */
  metric: string;
  /** How many runs, 1 to `MAX_ITEM_HISTORY`. */
  count: number;
  /** The newest run to include (the run the window shows); omitted for the newest saved run. */
  endId?: string;
}

/** The most runs one item-history request may read. */
export const MAX_ITEM_HISTORY = 60;

export interface InvokeChannels {
  'backstop:get-state': { args: []; result: WindowState };
  'backstop:list-runs': { args: []; result: RunListItem[] };
  'backstop:read-run': { args: [id: string]; result: Report };
  /** Starts a run (or joins the one in flight); resolves when it has finished. */
  'backstop:run-now': { args: []; result: void };
  /** Opens an http, https or mailto link in the default app; false when refused. */
  'backstop:open-link': { args: [url: string]; result: boolean };
  'backstop:open-config': { args: []; result: void };
  'backstop:snooze': { args: [request: SnoozeRequest]; result: SnoozeResult };
  'backstop:unsnooze': { args: [resource: string, metric: string]; result: void };
  /** One item's level in each of the last runs, for the detail view. */
  'backstop:item-history': { args: [request: ItemHistoryRequest]; result: ItemHistory };
}

export interface EventChannels {
  'backstop:state': WindowState;
  'backstop:progress': RunProgress;
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;
export type InvokeArgs<C extends InvokeChannel> = InvokeChannels[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeChannels[C]['result'];

/** The one object the window gets: `window.backstop`. */
export interface BackstopBridge {
  getState(): Promise<WindowState>;
  listRuns(): Promise<RunListItem[]>;
  readRun(id: string): Promise<Report>;
  runNow(): Promise<void>;
  openLink(url: string): Promise<boolean>;
  openConfig(): Promise<void>;
  snooze(request: SnoozeRequest): Promise<SnoozeResult>;
  unsnooze(resource: string, metric: string): Promise<void>;
  itemHistory(request: ItemHistoryRequest): Promise<ItemHistory>;
  /** Calls `listener` with every new state; returns the unsubscribe function. */
  onState(listener: (state: WindowState) => void): () => void;
  onProgress(listener: (progress: RunProgress) => void): () => void;
}

/**
 * Every invoke channel, listed at run time for the main process (which must
 * register a handler for each). Typed as a record so a channel added above and
 * forgotten here fails the type check.
 */
const invokeChannelSet: Record<InvokeChannel, true> = {
  'backstop:get-state': true,
  'backstop:list-runs': true,
  'backstop:read-run': true,
  'backstop:run-now': true,
  'backstop:open-link': true,
  'backstop:open-config': true,
  'backstop:snooze': true,
  'backstop:unsnooze': true,
  'backstop:item-history': true,
};
export const INVOKE_CHANNELS = Object.keys(invokeChannelSet) as InvokeChannel[];

const MAX_REASON = 500;

/** The schemes a link may have to leave the app: in the window, through main, and in the email. */
export const OPENABLE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * True for an absolute `http:`, `https:` or `mailto:` URL (no `file:`, `javascript:`,
 * custom schemes). Main decides with it what leaves the app; the window, which
 * links to offer at all.
 */
export function isOpenableLink(link: unknown): link is string {
  if (typeof link !== 'string' || link.length > 8_192) return false;
  try {
    // WHATWG parsing: http(s) URLs always have a host, or fail here.
    return isOpenableUrl(link, new URL(link));
  } catch {
    return false;
  }
}

/** isOpenableLink's rule for a `link` its caller has parsed as `url` already. */
export function isOpenableUrl(link: string, url: URL): boolean {
  return link.length <= 8_192 && OPENABLE_PROTOCOLS.has(url.protocol);
}

/**
 * Checks a snooze request (in the window for its messages, in main because the
 * window is not trusted). `today` is `YYYY-MM-DD` in the config's time zone.
 * Every problem is reported at once.
 */
export function checkSnoozeRequest(request: unknown, today: string): SnoozeFieldError[] {
  const errors: SnoozeFieldError[] = [];
  const value = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  if (typeof value.resource !== 'string' || value.resource === '' || typeof value.metric !== 'string') {
    errors.push({ field: 'resource', message: 'pick a row to snooze' });
  }
  const until = value.until;
  if (typeof until !== 'string' || until === '') {
    errors.push({ field: 'until', message: 'choose the last day to hide this item' });
  } else if (!isCalendarDate(until)) {
    errors.push({ field: 'until', message: `the date must look like 2026-12-01, got "${until.length > 40 ? `${until.slice(0, 40)}…` : until}"` });
  } else if (until < today) {
    errors.push({ field: 'until', message: `the date must be today (${today}) or later, got ${until}` });
  }
  const reason = typeof value.reason === 'string' ? value.reason.trim() : '';
  if (reason === '') {
    errors.push({ field: 'reason', message: 'give a reason, so nothing stays hidden without one' });
  } else if (reason.length > MAX_REASON) {
    errors.push({ field: 'reason', message: `keep the reason under ${MAX_REASON} characters, got ${reason.length}` });
  }
  return errors;
}

/**
 * Checks an item-history request from the window (untrusted in main). Returns the
 * problems, each worded as the fix; an empty list means the request is usable.
 * `isRunId` is the engine's id rule, passed in so this file stays free of main's code.
 */
export function checkItemHistoryRequest(request: unknown, isRunId: (id: string) => boolean): string[] {
  const problems: string[] = [];
  const value = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  if (typeof value.resource !== 'string' || value.resource === '' || value.resource.length > 1_000) problems.push('`resource` must be a resource name (text, 1 to 1,000 characters)');
  if (typeof value.metric !== 'string' || value.metric.length > 1_000) problems.push("`metric` must be text of up to 1,000 characters ('' for a single-line resource)");
  if (typeof value.count !== 'number' || !Number.isInteger(value.count) || value.count < 1 || value.count > MAX_ITEM_HISTORY) {
    problems.push(`\`count\` must be a whole number from 1 to ${MAX_ITEM_HISTORY}`);
  }
  if (value.endId !== undefined && (typeof value.endId !== 'string' || !isRunId(value.endId))) problems.push('`endId` must be a run id like "2026-11-26T04-00-00-123Z-a1b2c3"');
  return problems;
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
