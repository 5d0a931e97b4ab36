/**
 * Which column holds what. With a header the columns are found by name (in any
 * order, extra columns ignored); without one they are positional like the
 * original Java TriggerResource: 1 action, 2 due date, 3 warn days, 4 snooze-until.
 */
import { parseDate } from './dates.js';

export type Column = 'action' | 'due' | 'warn' | 'snooze' | 'link' | 'every';

export type ColumnMap = Partial<Record<Column, number>>;

/** Header names, compared case-insensitively with spaces collapsed. */
const COLUMN_NAMES: Record<string, Column> = {
  action: 'action',
  item: 'action',
  task: 'action',
  what: 'action',
  due: 'due',
  'due date': 'due',
  date: 'due',
  next: 'due',
  warn: 'warn',
  'warn days': 'warn',
  'warning days': 'warn',
  snooze: 'snooze',
  'snooze until': 'snooze',
  link: 'link',
  url: 'link',
  every: 'every',
  repeat: 'every',
  recurs: 'every',
};

const POSITIONAL: ColumnMap = { action: 0, due: 1, warn: 2, snooze: 3 };

export type HeaderSetting = 'auto' | boolean;

export interface Layout {
  /** True when the first row is a header, not a date to check. */
  hasHeader: boolean;
  columns: ColumnMap;
}

function columnNamed(cell: string): Column | undefined {
  return COLUMN_NAMES[cell.trim().toLowerCase().replace(/\s+/g, ' ')];
}

/**
 * `auto` takes the first row as a header when it names at least one known
 * column and holds no date (a first data row never names a column *and* lacks a date).
 * A header that does not name both the action and the due column falls back to
 * positions, so `header: true` (the original `skipHeaders`) works with any header text.
 */
export function findLayout(firstRow: readonly string[] | undefined, header: HeaderSetting): Layout {
  const cells = firstRow ?? [];
  const hasHeader =
    header === 'auto'
      ? cells.some((cell) => columnNamed(cell) !== undefined) && !cells.some((cell) => parseDate(cell, 'UTC') !== undefined)
      : header;
  if (!hasHeader) return { hasHeader, columns: POSITIONAL };

  const named: ColumnMap = {};
  cells.forEach((cell, index) => {
    const column = columnNamed(cell);
    if (column !== undefined && named[column] === undefined) named[column] = index;
  });
  const columns = named.action !== undefined && named.due !== undefined ? named : POSITIONAL;
  return { hasHeader, columns };
}
