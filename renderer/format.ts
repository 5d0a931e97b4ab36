/**
 * Text for the window that only the window needs: which zone to show times in,
 * and the progress line. Times, durations and counts are worded by
 * shared/words.ts, like everywhere else. Pure functions, shown with textContent.
 */
import type { RunProgress } from '../shared/types.js';
import { elapsedTime, isKnownZone } from '../shared/words.js';

/** The IANA zone if the browser knows it, otherwise undefined (the local zone). */
export function knownZone(timezone: string | undefined): string | undefined {
  return timezone && isKnownZone(timezone) ? timezone : undefined;
}

/** `12 of 40 done · still running: db backup (3.2 s), api (1.1 s) and 3 more`. */
export function progressLine(progress: RunProgress, shown = 3): string {
  const head = `${progress.done} of ${progress.total} done`;
  if (progress.running.length === 0) return head;
  const names = progress.running.slice(0, shown).map((item) => `${item.resource} (${elapsedTime(item.elapsedMs)})`);
  const more = progress.running.length > shown ? ` and ${progress.running.length - shown} more` : '';
  return `${head} · still running: ${names.join(', ')}${more}`;
}
