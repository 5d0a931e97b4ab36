/**
 * The window's own origin, `app://backstop`: the renderer and the shared code
 * it imports, served read-only from dist/ (inside app.asar when packaged).
 * Loading from a standard, secure custom scheme instead of `file://` lets the
 * package turn off the fuse that gives `file://` pages extra privileges, and
 * gives the CSP and the IPC sender check one exact origin to trust.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ElectronApi } from './electron-api.js';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://backstop`;
/** The results page: the one URL the window loads, and the only sender IPC answers. */
export const RENDERER_URL = `${APP_ORIGIN}/renderer/index.html`;

/**
 * Sent as a header with every page, on top of the page's own meta tag: only
 * this origin's scripts and styles, nothing fetched, nothing framed.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Before `ready`: `app:` is standard (relative URLs, an origin) and secure (like https). */
export function registerAppScheme(protocol: ElectronApi['protocol']): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** The folders the origin serves: `app://backstop/<name>/…` from `folders[name]`. */
export type ServedFolders = Readonly<Record<string, string>>;

export function servedFolders(distDir: string): ServedFolders {
  return { renderer: join(distDir, 'renderer'), shared: join(distDir, 'shared') };
}

/**
 * The file a URL names, or undefined when it is not ours: another scheme or
 * host, a folder we do not serve, or any segment that could step outside one
 * (`..`, `.`, empty, a slash or backslash or NUL once decoded, a drive letter).
 */
export function resolveAppFile(url: string, folders: ServedFolders): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return undefined;
  const segments: string[] = [];
  for (const raw of parsed.pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return undefined;
    segments.push(segment);
  }
  const [folder, ...rest] = segments;
  if (folder === undefined || rest.length === 0 || !Object.hasOwn(folders, folder)) return undefined;
  return join(folders[folder]!, ...rest);
}

/** Answers one request to the origin: GET only, files only, never a listing. */
export async function serveAppRequest(request: Request, folders: ServedFolders, read: (path: string) => Promise<Buffer> = readFile): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  const file = resolveAppFile(request.url, folders);
  if (!file) return new Response(null, { status: 404 });
  let body: Buffer;
  try {
    body = await read(file);
  } catch {
    return new Response(null, { status: 404 });
  }
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** After `ready`: serve the origin on the default session (the window's). */
export function setupAppProtocol(protocol: ElectronApi['protocol'], distDir: string): void {
  const folders = servedFolders(distDir);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, folders));
}
