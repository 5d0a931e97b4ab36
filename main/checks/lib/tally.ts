/**
 * The OK line of a kind that reads a monitoring tool: what the tool checks, counted by
 * state, `42 checks up, 1 down, 3 paused (Old backup, Sync)`. Problems get rows of their
 * own; this line says what was looked at, and names what is set aside (paused, in
 * maintenance) so a forgotten pause is seen every morning.
 */
import { plural } from '../../../shared/words.js';

export interface TallyPart {
  count: number;
  /** What the counted ones are: `up`, `down`, `in maintenance`. */
  state: string;
  /** Name them after the count (the set-aside ones a reader should see): `3 paused (A, B, C)`. */
  names?: readonly string[];
}

/** Names shown after a count; the rest are counted (`A, B, C, D, E and 2 more`). */
const NAMES_SHOWN = 5;

function namesOf(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

/**
 * `42 checks up, 1 down, 3 paused (A, B, C)`: parts with a zero count are left out, and the
 * noun goes with the first part shown (`3 checks paused`). `no checks` when every count is zero.
 */
export function tallyLine(noun: string, parts: readonly TallyPart[]): string {
  const shown = parts.filter((part) => part.count > 0);
  if (shown.length === 0) return `no ${noun}s`;
  return shown
    .map((part, index) => {
      const count = index === 0 ? plural(part.count, noun) : String(part.count);
      const names = part.names && part.names.length > 0 ? ` (${namesOf(part.names)})` : '';
      return `${count} ${part.state}${names}`;
    })
    .join(', ');
}
