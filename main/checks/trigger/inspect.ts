/**
 * `backstop validate` for a trigger whose sheet is a local file: the header is recognised,
 * and no date can be read two ways (`03/12/2026` is March 12 in the US, 3 December in Europe).
 * A URL or the Sheets API is not fetched: validate never touches the network.
 */
import { ambiguousSlashDate, describeAmbiguousDate } from '../lib/slash-dates.js';
import type { InspectContext, InspectFinding } from '../types.js';
import { findLayout, type HeaderSetting } from './columns.js';
import { readLocalTable, type TableFormat } from './table.js';

/** Ambiguous dates named one by one up to this many; then counted. */
const LISTED = 3;

export async function inspectSheetFile(
  params: { source?: string | undefined; format?: TableFormat | undefined; header: HeaderSetting },
  ctx: InspectContext,
): Promise<InspectFinding[]> {
  if (params.source === undefined || /^https?:\/\//i.test(params.source)) return [];
  const read = await readLocalTable(params.source, ctx.configDir, params.format);
  // A file that cannot be read is reported by the check for missing files; nothing more to say here.
  if ('problem' in read) return [];
  const { rows, firstRowNumber } = read.table;
  const layout = findLayout(rows[0], params.header);
  const findings: InspectFinding[] = [];
  if (layout.headerProblem) findings.push({ severity: 'warning', field: 'source', message: `${params.source}: ${layout.headerProblem}` });

  const ambiguous: string[] = [];
  rows.forEach((cells, index) => {
    if (layout.hasHeader && index === 0) return;
    for (const column of ['due', 'snooze'] as const) {
      const position = layout.columns[column];
      const date = position === undefined ? undefined : ambiguousSlashDate(cells[position] ?? '');
      if (date) ambiguous.push(`row ${firstRowNumber + index}: ${describeAmbiguousDate(date)}`);
    }
  });
  if (ambiguous.length > 0) {
    const more = ambiguous.length > LISTED ? `; and ${ambiguous.length - LISTED} more` : '';
    findings.push({
      severity: 'warning',
      field: 'source',
      message: `${params.source}: ${ambiguous.length === 1 ? 'a date reads' : `${ambiguous.length} dates read`} differently in the US and Europe: ${ambiguous.slice(0, LISTED).join('; ')}${more}`,
    });
  }
  return findings;
}
