/**
 * Reads the sheet as rows of text cells from a local CSV/TSV file or a published
 * CSV/TSV URL (Google Sheets' "Publish to web"). A source that cannot be read is
 * a `problem` to report, not a throw: the reason belongs on the report line.
 */
import { extname, resolve } from 'node:path';
import { describeStatus, headerValue, isSuccess, request, shownUrl, type NetContext } from '../../net/index.js';
import { readLocalText } from '../lib/local-file.js';

export type TableFormat = 'csv' | 'tsv';

export interface Table {
  rows: string[][];
  /** Sheet row number of `rows[0]` (1 unless a Sheets range starts lower). */
  firstRowNumber: number;
}

export type TableOrProblem = { table: Table } | { problem: string };

/**
 * Excel in much of Europe saves "CSV" with semicolons, because the comma is the decimal mark
 * there. A first line with semicolons and no comma is such a file: read every line that way,
 * or each row would be one cell and read "the due date is missing".
 */
export function csvDelimiter(text: string): ',' | ';' {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}


function formatFromName(name: string): TableFormat | undefined {
  const extension = extname(name).toLowerCase();
  if (extension === '.tsv' || extension === '.tab') return 'tsv';
  if (extension === '.csv') return 'csv';
  return undefined;
}

/** `output=tsv` (Publish to web) or `format=tsv` (export links), then the path's extension. */
function formatFromUrl(url: URL): TableFormat | undefined {
  const named = url.searchParams.get('output') ?? url.searchParams.get('format');
  if (named === 'tsv' || named === 'csv') return named;
  return formatFromName(url.pathname);
}

function formatFromContentType(contentType: string | null): TableFormat | undefined {
  if (!contentType) return undefined;
  if (/tab-separated-values/i.test(contentType)) return 'tsv';
  if (/\bcsv\b/i.test(contentType)) return 'csv';
  return undefined;
}

/** A first line with a tab in it is TSV (a CSV cell rarely holds a tab). */
function sniffFormat(text: string): TableFormat {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

/**
 * A sheet without a double quote anywhere has nothing for a CSV parser to do: its lines are
 * its rows and its delimiters its cells. Read the way csv-parse reads it with the options
 * below (the byte order mark dropped, the first line break found used for every line, a
 * blank line an empty record, no record after a final line break), at a fraction of the
 * cost: csv-parse builds an error object with a stack for every row shorter or longer than
 * the header even when told to accept it, and most sheets have such rows.
 */
export function splitPlain(text: string, delimiter: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const at = body.search(/[\r\n]/);
  const lineBreak = at < 0 || body[at] === '\n' ? '\n' : body[at + 1] === '\n' ? '\r\n' : '\r';
  const lines = body.split(lineBreak);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split(delimiter));
}

async function parseTable(text: string, format: TableFormat): Promise<TableOrProblem> {
  const delimiter = format === 'tsv' ? '\t' : csvDelimiter(text);
  if (!text.includes('"')) return { table: { rows: splitPlain(text, delimiter), firstRowNumber: 1 } };
  // csv-parse loads with the first sheet that quotes: a run without one never parses it.
  const { parse } = await import('csv-parse/sync');
  // Rows of another length than the header each build an error object that is then dropped
  // (relax_column_count): without stack traces that costs a third as much.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Blank lines stay in as empty records so record N is sheet row N+1; quotes are
    // relaxed because Google's TSV never quotes (`2" pipe` is a cell, not a quoted field).
    const rows = parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    return { table: { rows, firstRowNumber: 1 } };
  } catch (error) {
    return { problem: `cannot parse as ${format.toUpperCase()}: ${(error as Error).message}` };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function describeFileError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file';
  if (error.code === 'EACCES') return 'permission denied';
  if (error.code === 'EISDIR') return 'it is a folder, expected a CSV or TSV file';
  return error.message;
}

export async function readLocalTable(source: string, configDir: string, format: TableFormat | undefined): Promise<TableOrProblem> {
  const path = resolve(configDir, source);
  let text: string;
  try {
    text = await readLocalText(path);
  } catch (error) {
    return { problem: `cannot read ${path}: ${describeFileError(error as NodeJS.ErrnoException)}` };
  }
  return parseTable(text, format ?? formatFromName(path) ?? sniffFormat(text));
}

/** Published sheets are kilobytes; a larger answer is the wrong URL (or a whole export), not a sheet to parse. */
export const MAX_TABLE_BYTES = 5_000_000;

export async function readPublishedTable(ctx: NetContext, written: string, format: TableFormat | undefined, maxBytes = MAX_TABLE_BYTES): Promise<TableOrProblem> {
  // The shared request of the URL kinds: redirects, `user:pass@` as Basic authorization, a size cap, and their wording for failures.
  const response = await request(ctx, written, {
    headers: { accept: 'text/csv, text/tab-separated-values, text/plain;q=0.9, */*;q=0.1' },
    maxBodyBytes: maxBytes,
  });
  if (!response.ok) return { problem: `cannot fetch ${shownUrl(written)}: ${response.error}` };
  if (!isSuccess(response.status)) return { problem: describeStatus(response) };
  const contentType = headerValue(response.headers, 'content-type') ?? null;
  if (contentType && /text\/html/i.test(contentType)) {
    return { problem: `${shownUrl(written)} returned an HTML page, not CSV/TSV: publish the sheet as .tsv or .csv (File › Share › Publish to web) and use that link` };
  }
  const text = response.body;
  return parseTable(text, format ?? formatFromUrl(new URL(written)) ?? formatFromContentType(contentType) ?? sniffFormat(text));
}
