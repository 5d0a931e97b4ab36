/**
 * The app's log file, `backstop.log` in the platform's log folder
 * (`app.getPath('logs')`): what a tray app has instead of a terminal. Written
 * synchronously, a line at a time, so the line before a crash is there; kept
 * small by moving a full file aside to `backstop.old.log`.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const LOG_FILE = 'backstop.log';
const MAX_BYTES = 1_000_000;

export interface AppLog {
  /** Absolute path of the log file, for messages that send the user there. */
  readonly file: string;
  write(message: string): void;
}

export function openLog(dir: string, now: () => Date = () => new Date()): AppLog {
  const file = join(dir, LOG_FILE);
  let ready = false;
  return {
    file,
    write(message) {
      // Also on stderr: `npm start` and a terminal launch show it as it happens.
      console.error(`backstop: ${message}`);
      try {
        if (!ready) {
          mkdirSync(dir, { recursive: true });
          ready = true;
        }
        if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) renameSync(file, join(dir, 'backstop.old.log'));
        appendFileSync(file, `${now().toISOString()} ${message}\n`);
      } catch {
        // A log that cannot be written must not take the app down with it; stderr has the line.
      }
    },
  };
}
