/**
 * The tray icon: its colour (worst status, grey when stale), tooltip and menu.
 * The decisions are pure functions; `setupTray` only wires them to electron.
 */
import { join } from 'node:path';
import { worstLevel } from '../../shared/levels.js';
import type { Level, Report } from '../../shared/types.js';
import { plural, relativeDateAndTime, summarizeCounts } from '../../shared/words.js';
import type { AppContext } from './context.js';
import { configBroken, isStale, staleAfterMs, type ModelState } from './model.js';

export type TrayIconName = 'ok' | 'warning' | 'error' | 'stale' | 'running';

const iconByLevel: Record<Level, TrayIconName> = { OK: 'ok', WARNING: 'warning', ERROR: 'error' };

/**
 * Which icon the tray shows. A run in flight wins (the user just asked for it);
 * then a broken config or a failed run (red: something needs fixing); then
 * staleness (grey: silence is not golden); then the latest run's worst level.
 * Snoozed items are not in `counts`, so they never colour the tray.
 */
export function trayIconName(state: ModelState, now: Date): TrayIconName {
  if (state.progress) return 'running';
  if (configBroken(state) || state.runError) return 'error';
  if (isStale(state.latest, now, staleAfterMs(state))) return 'stale';
  const counts = state.latest!.counts;
  return iconByLevel[worstLevel((['ERROR', 'WARNING', 'OK'] as const).filter((level) => counts[level] > 0))];
}

/**
 * The tray image for the platform (rendered by scripts/render-icons.mjs):
 * - macOS: a monochrome template image (`…Template.png`, with `@2x` beside it), which
 *   macOS colours for a light or dark menu bar; the level shows in the glyph.
 * - Windows: an `.ico` holding 16, 20, 24, 32 and 48 px, so every display scaling gets a
 *   drawn size, not a blurred one.
 * - Linux and the rest: a 22 px PNG (with `@2x` beside it), the size KDE and the
 *   AppIndicator extension draw; 16, 24 and 32 px are there for panels and window icons
 *   that want them.
 */
export function trayIconFile(assetsDir: string, name: TrayIconName, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return join(assetsDir, 'tray', 'mac', `${name}Template.png`);
  if (platform === 'win32') return join(assetsDir, 'tray', 'win', `${name}.ico`);
  return join(assetsDir, 'tray', 'linux', `${name}-22.png`);
}

/**
 * The same level's image for a window that stands in for a missing tray: a window icon is
 * drawn larger than a tray's, so the 32 px PNG (the `.ico` on Windows, which holds 32 and 48).
 */
export function windowIconFile(assetsDir: string, name: TrayIconName, platform: NodeJS.Platform): string {
  if (platform === 'win32') return trayIconFile(assetsDir, name, platform);
  return join(assetsDir, 'tray', 'linux', `${name}-32.png`);
}

function reportZone(state: ModelState, report: Report): string {
  return state.config?.settings.timezone ?? report.timezone;
}

/** `Backstop: 2 errors, 1 warning · last run today at 04:00`, and the other situations in the same shape. */
export function trayTooltip(state: ModelState, now: Date): string {
  const parts: string[] = [];
  const latest = state.latest;
  if (state.progress) parts.push(`running ${state.progress.done}/${state.progress.total}`);
  if (configBroken(state)) {
    const errors = state.configIssues.filter((issue) => issue.severity === 'error').length;
    parts.push(`config has ${plural(errors, 'error')}`);
  }
  if (state.runError) parts.push('last run failed');
  if (!latest) {
    if (!state.progress) parts.push('no run yet');
    return `Backstop: ${parts.join(' · ')}`;
  }
  if (!state.progress) parts.push(summarizeCounts(latest.counts));
  const stale = isStale(latest, now, staleAfterMs(state)) ? ' (stale)' : '';
  parts.push(`last run ${relativeDateAndTime(latest.finishedAt, reportZone(state, latest), now)}${stale}`);
  return `Backstop: ${parts.join(' · ')}`;
}

export type MenuAction = 'open-results' | 'run-now' | 'stop-run' | 'open-config' | 'open-data' | 'toggle-login' | 'quit';

export type MenuEntry =
  | { kind: 'separator' }
  | { kind: 'item'; label: string; action?: MenuAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: MenuAction; checked: boolean };

/** The tray menu's contents, as data. Start at login only where Electron supports it (macOS, Windows). */
export function trayMenu(state: ModelState, now: Date, options: { openAtLogin: boolean; platform: NodeJS.Platform }): MenuEntry[] {
  const latest = state.latest;
  const lastRun = latest
    ? `Last run: ${relativeDateAndTime(latest.finishedAt, reportZone(state, latest), now)} — ${summarizeCounts(latest.counts)}`
    : 'No run yet';
  const entries: MenuEntry[] = [
    { kind: 'item', label: 'Open results', action: 'open-results', enabled: true },
    // No counts here: the menu is rebuilt only when its items change, and progress changes ten times a second.
    ...(state.progress
      ? [{ kind: 'item', label: 'Running…', enabled: false } as const, { kind: 'item', label: 'Stop the run', action: 'stop-run', enabled: true } as const]
      : [{ kind: 'item', label: 'Run now', action: 'run-now', enabled: true } as const]),
    { kind: 'item', label: lastRun, enabled: false },
    { kind: 'separator' },
    { kind: 'item', label: 'Open config file', action: 'open-config', enabled: true },
    { kind: 'item', label: 'Open data folder', action: 'open-data', enabled: true },
    { kind: 'separator' },
  ];
  if (options.platform === 'darwin' || options.platform === 'win32') {
    entries.push({ kind: 'checkbox', label: 'Start at login', action: 'toggle-login', checked: options.openAtLogin });
    entries.push({ kind: 'separator' });
  }
  entries.push({ kind: 'item', label: 'Quit Backstop', action: 'quit', enabled: true });
  return entries;
}

export interface TrayActions {
  openResults(): void;
  runNow(): void;
  /** Cuts the run in flight short; what it has is still saved. */
  stopRun(): void;
  openConfig(): void;
  openDataFolder(): void;
  quit(): void;
}

/** How often the tooltip (and the macOS title) follows a run's progress. */
export const PROGRESS_REFRESH_MS = 1_000;

/**
 * Creates the tray and keeps its icon, tooltip and menu in step with the model.
 * The menu is rebuilt only when its items change (a rebuilt menu closes an open
 * one on some desktops); progress reaches the tooltip at most once a second.
 */
export function setupTray(ctx: AppContext, actions: TrayActions): { refresh(): void; destroy(): void } {
  const { Tray, Menu, nativeImage, app } = ctx.electron;
  const image = (name: TrayIconName) => nativeImage.createFromPath(trayIconFile(ctx.paths.assetsDir, name, ctx.platform));
  const tray = new Tray(image('stale'));
  const handlers: Record<MenuAction, () => void> = {
    'open-results': actions.openResults,
    'run-now': actions.runNow,
    'stop-run': actions.stopRun,
    'open-config': actions.openConfig,
    'open-data': actions.openDataFolder,
    'toggle-login': () => {
      app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin });
      refresh();
    },
    quit: actions.quit,
  };

  let shownIcon: TrayIconName | undefined;
  let shownMenu = '';
  let shownTooltip = '';
  let textTimer: NodeJS.Timeout | undefined;
  let textShownAt = 0;

  const showText = () => {
    clearTimeout(textTimer);
    textTimer = undefined;
    textShownAt = Date.now();
    const state = ctx.model.state;
    const tooltip = trayTooltip(state, ctx.now());
    if (tooltip !== shownTooltip) {
      tray.setToolTip(tooltip);
      shownTooltip = tooltip;
    }
    // The macOS menu bar shows a title beside the icon: the count while a run goes, nothing otherwise.
    if (ctx.platform === 'darwin') tray.setTitle(state.progress ? `${state.progress.done}/${state.progress.total}` : '');
  };

  const refresh = (progressOnly = false) => {
    const state = ctx.model.state;
    const now = ctx.now();
    const name = trayIconName(state, now);
    if (name !== shownIcon) {
      tray.setImage(image(name));
      shownIcon = name;
    }
    const entries = trayMenu(state, now, { openAtLogin: app.getLoginItemSettings().openAtLogin, platform: ctx.platform });
    const menuKey = JSON.stringify(entries);
    if (menuKey !== shownMenu) {
      shownMenu = menuKey;
      tray.setContextMenu(
        Menu.buildFromTemplate(
          entries.map((entry) => {
            if (entry.kind === 'separator') return { type: 'separator' as const };
            const click = entry.action ? handlers[entry.action] : undefined;
            if (entry.kind === 'checkbox') return { type: 'checkbox' as const, label: entry.label, checked: entry.checked, click };
            return { label: entry.label, enabled: entry.enabled, click };
          }),
        ),
      );
    }
    // Progress ticks wait their turn (a trailing update shows the latest); anything else shows at once.
    const wait = PROGRESS_REFRESH_MS - (Date.now() - textShownAt);
    if (!progressOnly || wait <= 0) showText();
    else textTimer ??= setTimeout(showText, wait);
  };

  // Windows and Linux open on a click; macOS shows the menu on click by itself.
  tray.on('click', () => {
    if (ctx.platform !== 'darwin') actions.openResults();
  });
  const unsubscribe = ctx.model.onChange((_state, changed) => refresh(changed.size === 1 && changed.has('progress')));
  // Staleness comes with time, not with an event: look again every minute.
  const timer = setInterval(refresh, 60_000);
  timer.unref?.();
  refresh();
  return {
    refresh,
    destroy: () => {
      clearInterval(timer);
      clearTimeout(textTimer);
      unsubscribe();
      tray.destroy();
    },
  };
}
