/**
 * Response bodies: read without ever holding more than a limit (a check that hits a
 * 5 GB download by mistake must stay as small as one that hits /health), and told in
 * a few words when a report line quotes one: an HTML page by its `<title>`, a JSON
 * error by its message, anything else by its first characters. Never raw HTML.
 */
import type { Readable } from 'node:stream';
import { decodeHTML } from 'entities';
import { excerpt } from '../checks/lib/words.js';

export interface BodySample {
  /** The first bytes of the body (all of them up to `keepBytes`), decoded as UTF-8. */
  text: string;
  /** True when the body was longer than `maxBytes` and reading stopped early. */
  truncated: boolean;
}

/** Drops a body unread; undici reports the drop as an 'error' event, which is expected here. */
export function dropBody(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/** One decoder for every body: `decode` without `stream` starts afresh each time (and drops a BOM, as it should). */
const utf8 = new TextDecoder();

/**
 * Reads up to `maxBytes`, keeping the first `keepBytes` of them; stops and destroys
 * the stream (closing the connection) when the body is longer. A body read to its
 * end leaves the connection free for reuse. Rejects with the stream's error (an abort,
 * a connection cut mid-body).
 *
 * Read through the stream's events rather than `for await`: the async iterator costs
 * more than the rest of reading a small body, and a run reads thousands of them.
 */
export function readBody(body: Readable, maxBytes: number, keepBytes = maxBytes): Promise<BodySample> {
  return new Promise<BodySample>((resolve, reject) => {
    const limit = Math.min(keepBytes, maxBytes);
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let readBytes = 0;
    const stop = (outcome: { truncated: boolean } | { error: unknown }): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      // Stopping early (the limit, an error) must release the socket.
      if (!body.readableEnded) dropBody(body);
      if ('error' in outcome) reject(outcome.error);
      else resolve({ text: utf8.decode(kept.length === 1 ? kept[0] : Buffer.concat(kept, keptBytes)), truncated: outcome.truncated });
    };
    function onData(chunk: Buffer): void {
      const room = limit - keptBytes;
      if (room > 0) {
        const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
        kept.push(piece);
        keptBytes += piece.length;
      }
      readBytes += chunk.length;
      if (readBytes > maxBytes) stop({ truncated: true });
    }
    function onEnd(): void {
      stop({ truncated: false });
    }
    function onError(error: unknown): void {
      stop({ error });
    }
    // Closed without an end or an error: cut off (what `for await` calls a premature close).
    function onClose(): void {
      if (!body.readableEnded) stop({ error: body.errored ?? Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }) });
    }
    if (body.readableEnded) return resolve({ text: '', truncated: false });
    if (body.destroyed) return reject(body.errored ?? Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

const HTML_START = /^\s*<(!doctype\s+html|html|head|body)\b/i;

/** True when the body is an HTML page, by its content type or its first tag. */
export function isHtml(text: string, contentType?: string): boolean {
  return /\bhtml\b/i.test(contentType ?? '') || HTML_START.test(text);
}

function textOf(html: string): string {
  return decodeHTML(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * What an HTML page calls itself: its `<title>`, else its first `<h1>`, entities decoded
 * and on one line; undefined when it has neither.
 */
export function htmlTitle(html: string): string | undefined {
  for (const element of ['title', 'h1']) {
    const match = new RegExp(`<${element}\\b[^>]*>([\\s\\S]*?)</${element}\\s*>`, 'i').exec(html);
    const text = match ? textOf(match[1] ?? '') : '';
    if (text !== '') return text;
  }
  return undefined;
}

/** Where APIs put the sentence that explains an error: `{"message"}`, `{"error": "…"}`, `{"error": {"message"}}`, `{"detail"}`, `{"errors": [{"message"}]}`… */
function jsonMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  for (const field of ['message', 'error_description', 'detail', 'error', 'title', 'msg', 'errors']) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (Array.isArray(value)) {
      const first: unknown = value[0];
      if (typeof first === 'string') return first;
      const nested = jsonMessage(first);
      if (nested !== undefined) return nested;
    } else if (typeof value === 'object' && value !== null) {
      const nested = jsonMessage(value);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A body in a few quoted words for a report line, or undefined when it says nothing
 * the line does not already: an empty body, or an error page whose title is only the
 * status (`502 Bad Gateway`). `echo` lists those words (the status code and reason).
 */
export function describeBody(text: string, contentType?: string, echo: string[] = []): string | undefined {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return undefined;
  let words: string | undefined;
  if (isHtml(body, contentType)) {
    words = htmlTitle(body);
  } else {
    const json = /^[{[]/.test(body) ? parseJson(body) : undefined;
    words = jsonMessage(json) ?? body;
  }
  if (words === undefined) return undefined;
  let rest = words.toLowerCase();
  for (const word of echo) rest = rest.replaceAll(word.toLowerCase(), '');
  if (rest.replace(/[\s\-–—:.,()]/g, '') === '') return undefined;
  return excerpt(words);
}
