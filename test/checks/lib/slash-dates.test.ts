/** Ambiguous slash dates, held to luxon (which wrote these words before) as the oracle. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ambiguousSlashDate } from '../../../main/checks/lib/slash-dates.js';

/** What the luxon version said for a text. */
function luxonReading(text: string) {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  if (first === second || first > 12 || second > 12) return undefined;
  const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const us = DateTime.utc(year, first, second);
  const europe = DateTime.utc(year, second, first);
  if (!us.isValid || !europe.isValid) return undefined;
  return { written: text.trim(), us: us.toFormat('MMMM d, yyyy'), europe: europe.toFormat('d MMMM yyyy'), iso: us.toISODate()! };
}

describe('ambiguousSlashDate', () => {
  it('reads "03/12/2026" both ways, and gives the ISO spelling as the fix', () => {
    expect(ambiguousSlashDate(' 03/12/2026 ')).toEqual({ written: '03/12/2026', us: 'March 12, 2026', europe: '3 December 2026', iso: '2026-03-12' });
  });

  it('says what luxon said for every month and day pair, two- and four-digit years', () => {
    for (let first = 0; first <= 13; first++) {
      for (let second = 0; second <= 13; second++) {
        for (const year of ['26', '99', '2026', '1999', '0999']) {
          for (const text of [`${first}/${second}/${year}`, `${String(first).padStart(2, '0')}/${second}/${year}`]) {
            expect(ambiguousSlashDate(text), text).toEqual(luxonReading(text));
          }
        }
      }
    }
  });
});
