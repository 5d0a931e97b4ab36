/**
 * Reads the sheet through the Google Sheets v4 API (`spreadsheets.values.get`),
 * authenticated by a service-account key file or an API key. The client is
 * imported on first use: it is large and most configs never read a sheet this way.
 *
 * The client brings its own HTTP stack (gaxios on node-fetch), but gaxios takes a
 * fetch function (`fetchImplementation`), so every request goes through the network
 * layer instead: the API call, and with a key file the token exchange too (the JWT
 * client hands its transporter, built with these options, to gtoken). Like every other
 * request, it does not go through an HTTPS_PROXY (gaxios's own stack did); `rootUrl`
 * names a proxy for the API.
 */
import { resolve } from 'node:path';
import { describeRequestError, describeStopped, fetchFor, type NetContext } from '../../net/index.js';
import { readLocalText } from '../lib/local-file.js';
import type { TableOrProblem } from './table.js';

export interface SheetSource {
  spreadsheetId: string;
  range: string;
  keyFile?: string | undefined;
  apiKey?: string | undefined;
  rootUrl?: string | undefined;
}

const READONLY_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';
const DEFAULT_ROOT_URL = 'https://sheets.googleapis.com/';

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

/** The key file's identity and private key, or the reason it cannot be used. */
export async function readServiceAccountKey(path: string): Promise<ServiceAccountKey | { problem: string }> {
  let text: string;
  try {
    text = await readLocalText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot read key file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(text) as Partial<ServiceAccountKey>;
  } catch {
    return { problem: `key file ${path} is not JSON: download a service-account key (JSON) from the Google Cloud console` };
  }
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    return { problem: `key file ${path} has no \`client_email\` and \`private_key\`: it must be a service-account key (JSON)` };
  }
  return { client_email: key.client_email, private_key: key.private_key, ...(key.private_key_id && { private_key_id: key.private_key_id }) };
}

/** Row number of the range's top row: `Sheet1!A5:F` starts at 5, `A:F` and `Sheet1` at 1. */
export function firstRowOf(range: string): number {
  const cells = range.includes('!') ? range.slice(range.lastIndexOf('!') + 1) : range;
  const match = /^[A-Za-z]*(\d+)/.exec(cells);
  return match ? Number(match[1]) : 1;
}

/**
 * "403 The caller does not have permission" from a Gaxios error that carries Google's answer;
 * a request that got no answer in the network layer's words, naming the host only (the URL holds the key).
 */
function describeApiError(error: unknown, ctx: NetContext, apiUrl: URL): string {
  const failure = error as { status?: number; code?: number | string; response?: { status?: number; data?: { error?: { message?: string } } }; message?: string };
  const status = failure.response?.status ?? failure.status ?? (typeof failure.code === 'number' ? failure.code : undefined);
  if (status === undefined) return ctx.signal.aborted ? describeStopped(ctx.signal, ctx.timeoutMs) : describeRequestError(error, apiUrl);
  return `${status} ${failure.response?.data?.error?.message ?? failure.message ?? String(error)}`;
}

export async function readSheet(ctx: NetContext & { configDir: string }, sheet: SheetSource): Promise<TableOrProblem> {
  const google = await import('@googleapis/sheets');
  const fetchImplementation = fetchFor(ctx);
  let auth: InstanceType<typeof google.auth.JWT> | string;
  if (sheet.keyFile !== undefined) {
    const key = await readServiceAccountKey(resolve(ctx.configDir, sheet.keyFile));
    if ('problem' in key) return key;
    auth = new google.auth.JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes: [READONLY_SCOPE],
      transporterOptions: { fetchImplementation },
    });
  } else {
    auth = sheet.apiKey ?? '';
  }
  const rootUrl = sheet.rootUrl ?? DEFAULT_ROOT_URL;
  const client = google.sheets({ version: 'v4', auth, rootUrl });
  try {
    const response = await client.spreadsheets.values.get({ spreadsheetId: sheet.spreadsheetId, range: sheet.range }, { signal: ctx.signal, fetchImplementation });
    const values = response.data.values ?? [];
    const rows = values.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
    // The answer's range is where the values really start (the API reports it even when leading cells are empty).
    return { table: { rows, firstRowNumber: firstRowOf(response.data.range ?? sheet.range) } };
  } catch (error) {
    return { problem: `Sheets API: ${describeApiError(error, ctx, new URL(rootUrl))}` };
  }
}
