/**
 * Desktop notifications: when a run is worse than the one before, and once on
 * first start to say where the config is. Clicking one opens the results.
 */
import { statusKey } from '../../shared/levels.js';
import type { Level, Report, Status } from '../../shared/types.js';
import { levelNoun } from '../../shared/words.js';
import type { AppContext } from './context.js';

export interface NewProblems {
  errors: Status[];
  warnings: Status[];
}

/**
 * What got worse since the previous run, item by item (by `statusKey`): an
 * ERROR that was not an ERROR before, a WARNING that was OK or absent before.
 * Snoozed items are in neither list, so they never notify. No previous run
 * means every problem is new.
 */
export function newProblems(previous: Pick<Report, 'statuses'> | undefined, current: Pick<Report, 'statuses'>): NewProblems {
  const before = new Map<string, Level>();
  for (const status of previous?.statuses ?? []) before.set(statusKey(status), status.level);
  const errors: Status[] = [];
  const warnings: Status[] = [];
  for (const status of current.statuses) {
    const was = before.get(statusKey(status));
    if (status.level === 'ERROR' && was !== 'ERROR') errors.push(status);
    else if (status.level === 'WARNING' && (was === undefined || was === 'OK')) warnings.push(status);
  }
  return { errors, warnings };
}

export interface NotificationContent {
  title: string;
  body: string;
}

/** `2 new errors`. */
const newCount = (level: Level, count: number) => `${count} new ${levelNoun(level, count)}`;

/** The notification for a worse run, or undefined when nothing got worse. */
export function worseRunNotification(problems: NewProblems, maxLines = 3): NotificationContent | undefined {
  const items = [...problems.errors, ...problems.warnings];
  if (items.length === 0) return undefined;
  const counts = [problems.errors.length && newCount('ERROR', problems.errors.length), problems.warnings.length && newCount('WARNING', problems.warnings.length)];
  const lines = items.slice(0, maxLines).map((status) => `${status.resource}${status.metric ? ` ${status.metric}` : ''}: ${status.result}`);
  if (items.length > maxLines) lines.push(`and ${items.length - maxLines} more`);
  return { title: `Backstop: ${counts.filter(Boolean).join(', ')}`, body: lines.join('\n') };
}

/**
 * Said once, when the first start made the config: where the app is (macOS calls its tray
 * the menu bar; `tray: false` where the results window stands in for a tray that cannot be seen).
 */
export function firstStartNotification(configPath: string, options: { tray: boolean; platform: NodeJS.Platform }): NotificationContent {
  const tray = options.platform === 'darwin' ? 'the menu bar' : 'the tray';
  return {
    title: options.tray ? `Backstop is running in ${tray}` : 'Backstop is running: its window shows the status',
    body: `It made you a config from the demo: ${configPath}. Edit it to check your own things.`,
  };
}

export interface Notifier {
  /** Notifies when `current` is worse than `previous`; returns what it showed. */
  runFinished(previous: Report | undefined, current: Report): NotificationContent | undefined;
  show(content: NotificationContent): void;
}

export function setupNotifications(ctx: AppContext, openResults: () => void): Notifier {
  const { Notification } = ctx.electron;
  // Electron drops a notification's click handler when the object is garbage-collected: hold on until it closes.
  const live = new Set<InstanceType<typeof Notification>>();
  const show = (content: NotificationContent) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: content.title, body: content.body });
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      openResults();
    });
    notification.on('close', () => live.delete(notification));
    notification.show();
  };
  return {
    show,
    runFinished(previous, current) {
      const content = worseRunNotification(newProblems(previous, current));
      if (content) show(content);
      return content;
    },
  };
}
