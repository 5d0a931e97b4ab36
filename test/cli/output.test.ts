/**
 * `csvLines` writes plain rows itself and leaves quoting to csv-stringify: over thousands of
 * generated rows of one-line fields, its output must be the CSV writer's, byte for byte.
 */
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLines } from '../../main/cli/output.js';
import { seededRandom } from '../helpers/random.js';

// One-line fields (oneLine has removed every line break): commas and quotes only sometimes.
const PIECES = ['OK', 'ERROR', 'Nightly backup', '', ' ', 'status 503', 'ünïcödé ✓', '1,5', 'say "hi"', ',', '"', "it's", '\t', ';', '#x', '=1+2'];

describe('csvLines', () => {
  it('writes every generated table exactly as csv-stringify does', async () => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 7));
    let plain = 0;
    for (let round = 0; round < 2000; round++) {
      const quoting = random() < 0.5;
      const pieces = quoting ? PIECES : PIECES.filter((piece) => !piece.includes(',') && !piece.includes('"'));
      const field = () => Array.from({ length: Math.floor(random() * 3) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const rows = Array.from({ length: Math.floor(random() * 5) }, () => [field(), field(), field(), field()]);
      const expected = stringify(rows, { record_delimiter: 'unix' });
      expect(await csvLines(rows), JSON.stringify(rows)).toBe(expected);
      if (!quoting) plain++;
    }
    expect(plain).toBeGreaterThan(500);
  });

  it('leaves a table with a line break in a field to the CSV writer whole', async () => {
    const rows = [['OK', 'a', '', 'one'], ['ERROR', 'b', '', 'two\nlines, quoted'], ['OK', 'c', '', 'x,y']];
    expect(await csvLines(rows)).toBe(stringify(rows, { record_delimiter: 'unix' }));
  });

  it('quotes a field holding a comma or a quote, and only such a field', async () => {
    expect(await csvLines([['ERROR', 'Tank', 'pump', 'stuck, 3 tries'], ['OK', 'Google', '', '142 ms response']])).toBe('ERROR,Tank,pump,"stuck, 3 tries"\nOK,Google,,142 ms response\n');
    expect(await csvLines([['OK', 'say "hi"', '', '']])).toBe('OK,"say ""hi""",,\n');
  });
});
