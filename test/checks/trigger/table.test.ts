/**
 * The trigger sheet's reader: a sheet without quotes is split directly, one with quotes goes
 * through csv-parse. Both must read every text the same way, or the fast path would change
 * what a sheet means.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { splitPlain } from '../../../main/checks/trigger/table.js';
import { seededRandom } from '../../helpers/random.js';

const csvParse = (text: string, delimiter: string) =>
  parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];

describe('splitPlain', () => {
  it('reads every quote-free text as csv-parse does: BOM, \\n, \\r\\n and \\r line breaks, blank lines, ragged rows, no final line break', () => {
    const pieces = ['a', 'task 7', ' ', '\t', ',', ';', '\n', '\r', '\r\n', '', '2026-11-20', '\uFEFF', 'é'];
    const next = seededRandom(13);
    const differences: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = Math.floor(next() * 14);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(next() * pieces.length)];
      for (const delimiter of ['\t', ',', ';']) {
        if (JSON.stringify(splitPlain(text, delimiter)) !== JSON.stringify(csvParse(text, delimiter))) differences.push(`${JSON.stringify(text)} by ${JSON.stringify(delimiter)}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('keeps a blank line as an empty record, so record N stays sheet row N + 1', () => {
    expect(splitPlain('Action\tDue\n\ntask\t2026-11-20\n', '\t')).toEqual([['Action', 'Due'], [''], ['task', '2026-11-20']]);
    expect(splitPlain('\uFEFFAction,Due\r\ntask,2026-11-20', ',')).toEqual([['Action', 'Due'], ['task', '2026-11-20']]);
  });
});
