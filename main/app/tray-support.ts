/**
 * Whether a tray icon can be seen at all. GNOME shows none unless the
 * AppIndicator extension is on (electron/electron#27527, #21819): Electron's
 * icon then goes nowhere and the status would be invisible. There the results
 * window stands in for the tray (see window.ts); `--no-tray` asks for that anywhere.
 */
import { execFile } from 'node:child_process';

/** The D-Bus name a StatusNotifier host (the AppIndicator extension, KDE, …) owns. */
export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';
export const NO_TRAY_FLAG = '--no-tray';

export type TraySupport = { tray: true } | { tray: false; reason: string };

export interface TraySupportInput {
  platform: NodeJS.Platform;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** True or false when the session bus answered; undefined when it could not be asked. */
  nameHasOwner(name: string): Promise<boolean | undefined>;
}

export async function traySupport(input: TraySupportInput): Promise<TraySupport> {
  if (input.argv.includes(NO_TRAY_FLAG)) return { tray: false, reason: `started with ${NO_TRAY_FLAG}` };
  if (input.platform !== 'linux') return { tray: true };
  // Other desktops (KDE, Xfce, Cinnamon, MATE, …) have a tray of their own, or an XEmbed one Electron falls back to.
  const desktops = (input.env.XDG_CURRENT_DESKTOP ?? '').toUpperCase().split(':');
  if (!desktops.includes('GNOME')) return { tray: true };
  const watched = await input.nameHasOwner(STATUS_NOTIFIER_WATCHER);
  if (watched === false) return { tray: false, reason: 'GNOME shows no tray icons without the AppIndicator extension' };
  return { tray: true };
}

/**
 * Asks the session bus whether `name` has an owner, with `gdbus` or else
 * `dbus-send` (one of them is on every GNOME system). Undefined when neither answers.
 */
export async function sessionBusNameHasOwner(name: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean | undefined> {
  const ask = (command: string, args: string[]) =>
    new Promise<string | undefined>((resolve) => {
      execFile(command, args, { env, timeout: 3_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
    });
  const bus = ['org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner'] as const;
  const gdbus = await ask('gdbus', ['call', '--session', '--dest', bus[0], '--object-path', bus[1], '--method', bus[2], name]);
  if (gdbus !== undefined) return parseNameHasOwner(gdbus);
  const dbusSend = await ask('dbus-send', ['--session', '--print-reply', `--dest=${bus[0]}`, bus[1], bus[2], `string:${name}`]);
  return dbusSend === undefined ? undefined : parseNameHasOwner(dbusSend);
}

/** `(true,)` from gdbus, `boolean true` from dbus-send. */
export function parseNameHasOwner(output: string): boolean | undefined {
  if (/\btrue\b/.test(output)) return true;
  if (/\bfalse\b/.test(output)) return false;
  return undefined;
}
