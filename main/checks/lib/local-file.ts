/**
 * Local files a check reads (a trigger sheet, a key file, a `ca` file, a module's
 * source) get the same size cap as a URL's body: `/dev/zero` or a 2 GB log named by
 * mistake stops at the cap with a clear sentence instead of filling memory.
 */
import { open } from 'node:fs/promises';
import { DEFAULT_MAX_BODY_BYTES } from '../../net/limits.js';
import { formatBytes } from '../../../shared/words.js';

/** Thrown for a file over the cap; its message is worded for "cannot read FILE: …". */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`it is larger than ${formatBytes(maxBytes)}: is this the right file?`);
  }
}

const CHUNK_BYTES = 256 * 1024;

/**
 * The text of `path` (UTF-8), read up to `maxBytes` (default the URL kinds' 5 MB).
 * Throws Node's own error for a file that cannot be read, and `FileTooLargeError`
 * past the cap: devices and pipes report no size, so the bytes are counted as they come.
 */
export async function readLocalText(path: string, maxBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes - size + 1));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxBytes) throw new FileTooLargeError(maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}
