/**
 * Reads the sheet as rows of text cells from a local CSV/TSV file or a published
 * CSV/TSV URL (Google Sheets' "Publish to web"). A source that cannot be read is
 * a `problem` to report, not a throw: the reason belongs on the report line.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { splitCredentials, withAuthorization } from '../lib/url-credentials.js';

export type TableFormat = 'csv' | 'tsv';

export interface Table {
  rows: string[][];
  /** Sheet row number of `rows[0]` (1 unless a Sheets range starts lower). */
  firstRowNumber: number;
}

export type TableOrProblem = { table: Table } | { problem: string };

export function parseDelimited(text: string, format: TableFormat): string[][] {
  // Blank lines stay in as empty records so record N is sheet row N+1; quotes are
  // relaxed because Google's TSV never quotes (`2" pipe` is a cell, not a quoted field).
  return parse(text, {
    delimiter: format === 'tsv' ? '\t' : ',',
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
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

function parseTable(text: string, format: TableFormat): TableOrProblem {
  try {
    return { table: { rows: parseDelimited(text, format), firstRowNumber: 1 } };
  } catch (error) {
    return { problem: `cannot parse as ${format.toUpperCase()}: ${(error as Error).message}` };
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
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { problem: `cannot read ${path}: ${describeFileError(error as NodeJS.ErrnoException)}` };
  }
  return parseTable(text, format ?? formatFromName(path) ?? sniffFormat(text));
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export async function readPublishedTable(written: string, format: TableFormat | undefined, signal: AbortSignal): Promise<TableOrProblem> {
  // fetch refuses `user:pass@` in a URL: send it as Basic authorization, and never show the password.
  const target = splitCredentials(written);
  const source = target.shown;
  const url = new URL(target.url);
  let response;
  try {
    // undici loads on first use: a sheet read from a local file never pays for it.
    const { fetch } = await import('undici');
    const headers = withAuthorization({ accept: 'text/csv, text/tab-separated-values, text/plain;q=0.9, */*;q=0.1' }, target.authorization);
    response = await fetch(url, { signal, redirect: 'follow', headers });
  } catch (error) {
    return { problem: `cannot fetch ${source}: ${describeFetchError(error)}` };
  }
  const text = await response.text();
  if (!response.ok) return { problem: `HTTP ${response.status} ${response.statusText} from ${source}`.replace(/ {2,}/g, ' ') };
  const contentType = response.headers.get('content-type');
  if (contentType && /text\/html/i.test(contentType)) {
    return { problem: `${source} returned an HTML page, not CSV/TSV: publish the sheet as .tsv or .csv (File › Share › Publish to web) and use that link` };
  }
  return parseTable(text, format ?? formatFromUrl(url) ?? formatFromContentType(contentType) ?? sniffFormat(text));
}
