/**
 * Reads a response body without ever holding more than a limit: a check that
 * hits a 5 GB download by mistake must stay as small as one that hits /health.
 */
import type { Readable } from 'node:stream';

export interface BodySample {
  /** The first bytes of the body (all of them up to `keepBytes`), decoded as UTF-8. */
  text: string;
  /** True when the body was longer than the limit and reading stopped early. */
  truncated: boolean;
}

/**
 * Reads up to `maxBytes`, keeping the first `keepBytes` of them; stops and
 * destroys the stream (closing the connection) when the body is longer.
 * A body read to its end leaves the connection free for reuse.
 */
export async function readBody(body: Readable, maxBytes: number, keepBytes: number): Promise<BodySample> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let readBytes = 0;
  let truncated = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = Math.min(keepBytes, maxBytes) - keptBytes;
      if (room > 0) {
        const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
        kept.push(piece);
        keptBytes += piece.length;
      }
      readBytes += chunk.length;
      if (readBytes > maxBytes) {
        truncated = true;
        break;
      }
    }
  } finally {
    // Leaving the loop early (limit, abort, error) must release the socket.
    if (!body.readableEnded) body.destroy();
  }
  return { text: new TextDecoder().decode(Buffer.concat(kept)), truncated };
}

/** The body as one short line for a result: whitespace collapsed, cut with `…`. */
export function excerpt(text: string, maxChars = 150): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > maxChars ? `${line.slice(0, maxChars)}…` : line;
}
