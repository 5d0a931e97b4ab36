/**
 * `trigger`: slow-clock deadlines kept in a spreadsheet (renewals, audits, the
 * dog's monthly pill). Each row is an action and its due date; past due is an
 * ERROR, due within its warning days a WARNING, and everything else one OK line.
 * Descends from the Java TriggerResource (`tsv` → `source`, `skipHeaders` → `header`).
 */
import * as z from 'zod';
import { httpUrl, localFileFields } from '../fields.js';
import { defineCheck } from '../types.js';
import type { CheckContext, CheckStatus } from '../types.js';
import { findLayout } from './columns.js';
import { todayIn } from '../lib/days.js';
import { evaluate } from './evaluate.js';
import { inspectSheetFile } from './inspect.js';
import { readSheet } from './sheets.js';
import { readLocalTable, readPublishedTable } from './table.js';
import type { TableOrProblem } from './table.js';

const sheet = z
  .strictObject({
    spreadsheetId: z.string().min(1).meta({ description: 'The id in the sheet\'s address: docs.google.com/spreadsheets/d/<spreadsheetId>/edit.' }),
    range: z.string().min(1).default('A:Z').meta({ description: 'A1 range to read, like "Renewals!A:F"; the default reads the first tab.' }),
    keyFile: z.string().min(1).register(localFileFields, { what: 'service-account key' }).optional().meta({ description: 'Service-account key (JSON), relative to the config file. Share the sheet with its client_email.' }),
    apiKey: z.string().min(1).optional().meta({ description: 'API key, for a sheet anyone with the link may view, e.g. "${SHEETS_API_KEY}".' }),
    rootUrl: httpUrl.optional().meta({ description: 'Address of the Sheets API, for a proxy; default https://sheets.googleapis.com/.' }),
  })
  .refine((value) => value.keyFile !== undefined || value.apiKey !== undefined, {
    error: '`sheet` needs `keyFile` (a service-account key) or `apiKey`',
  })
  .refine((value) => value.keyFile === undefined || value.apiKey === undefined, {
    error: '`sheet` takes `keyFile` or `apiKey`, not both: remove one',
  });

const schema = z
  .strictObject({
    source: z
      .string()
      .min(1)
      .register(localFileFields, { what: 'sheet', orUrl: true })
      .optional()
      .meta({ description: 'CSV/TSV file (relative to the config file) or a published CSV/TSV URL.', examples: ['renewals.csv', 'https://docs.google.com/spreadsheets/d/e/…/pub?output=tsv'] }),
    format: z.enum(['csv', 'tsv']).optional().meta({ description: 'Format of `source`; default from the extension, `output=tsv` in the URL, the content type, else a tab in the first line means TSV. A CSV whose first line has semicolons and no comma (Excel in much of Europe) is read with `;`.' }),
    sheet: sheet.optional().meta({ description: 'Read through the Google Sheets API instead of `source`.' }),
    header: z
      .union([z.literal('auto'), z.boolean()], { error: (issue) => `must be "auto", true or false (without quotes), got ${JSON.stringify(issue.input)}` })
      .default('auto')
      .meta({ description: '"auto": the first row is a header when it names known columns; true: always skip the first row; false: no header.' }),
  })
  .refine((value) => (value.source === undefined) !== (value.sheet === undefined), {
    error: 'give exactly one of `source` (a CSV/TSV file or URL) and `sheet` (Google Sheets API)',
  })
  .refine((value) => value.format === undefined || value.source !== undefined, {
    error: '`format` applies to `source` only: remove it or use `source`',
    path: ['format'],
  });

type TriggerParams = z.output<typeof schema>;

function readTable(params: TriggerParams, ctx: CheckContext): Promise<TableOrProblem> {
  if (params.sheet) return readSheet(ctx, params.sheet);
  const source = params.source ?? '';
  return /^https?:\/\//i.test(source) ? readPublishedTable(ctx, source, params.format) : readLocalTable(source, ctx.configDir, params.format);
}

export default defineCheck({
  kind: 'trigger',
  description: 'Deadlines from a spreadsheet: past due is an ERROR, due within its warning days a WARNING.',
  schema,
  pool: 'network',
  inspect: inspectSheetFile,
  async check(params, ctx) {
    const read = await readTable(params, ctx);
    if ('problem' in read) return { level: 'ERROR', result: read.problem, link: ctx.link.replaceAll('{{ROW}}', '1') };

    const { rows, firstRowNumber } = read.table;
    const layout = findLayout(rows[0], params.header);
    const numbered = rows.map((cells, index) => ({ number: firstRowNumber + index, cells }));
    const header: CheckStatus[] = layout.headerProblem ? [{ metric: 'header row', level: 'WARNING', result: layout.headerProblem, link: ctx.link.replaceAll('{{ROW}}', String(firstRowNumber)) }] : [];
    return [...header, ...evaluate({
      rows: layout.hasHeader ? numbered.slice(1) : numbered,
      columns: layout.columns,
      today: todayIn(ctx.now(), ctx.timezone),
      link: ctx.link,
    })];
  },
});
