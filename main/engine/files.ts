/**
 * Writes that cannot be half done. Every file Backstop writes (runs, summaries,
 * state, unsent emails, the demo) goes to a temporary file beside its target,
 * is written in full, flushed to the disk, checked for length, and only then
 * renamed over the target: a reader sees the old file or the new one, never a
 * truncated one, even when the disk fills up or the process is killed mid-write.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from '../checks/lib/words.js';

/** A file that could not be written; `reason` is worded plainly: `disk full (ENOSPC)`. */
/**
 * `mkdir -p`, one level at a time. Node 20's `mkdir(path, { recursive: true })` never returns
 * for a path under /proc (`--data-dir /proc/nope` spun a run at 50-70 % CPU, deaf to SIGTERM);
 * made level by level, such a path fails at once with ENOENT, like any folder that cannot be made.
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    const found = await stat(at).then(
      (stats) => stats,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (found) {
      if (!found.isDirectory()) await mkdir(path); // throws EEXIST or ENOTDIR, naming the path
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error; // another process made it meanwhile
    });
  }
}

export class FileWriteError extends Error {
  override name = 'FileWriteError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${file}: ${reason}`, options);
  }
}

const TEMP_SUFFIX = '.backstop-tmp';
/** `<name>.<pid>-<8 hex>.backstop-tmp`: whose it was, so a later run can tell a live writer's from a dead one's. */
const TEMP_FILE = /^.+\.(\d+)-[0-9a-f]{8}\.backstop-tmp$/;
/** A write takes milliseconds: a temporary file this old is left over whatever its process is doing. */
const ABANDONED_AFTER_MS = 60 * 60_000;

export interface WriteOptions {
  /** Permission bits of a new file (default 0o666, less the umask). */
  mode?: number;
}

/**
 * Writes `data` to `file` all or nothing. On failure the temporary file is removed,
 * the target is left as it was, and a `FileWriteError` says why in plain words.
 */
export async function writeFileFully(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = join(dirname(file), `${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    await handle.writeFile(bytes);
    await handle.sync();
    // A short write must never be published under the final name.
    const written = (await handle.stat()).size;
    if (written !== bytes.byteLength) {
      throw new FileWriteError(file, `only ${written} of ${bytes.byteLength} bytes reached the disk (disk full?)`);
    }
    await handle.close();
    handle = undefined;
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    if (error instanceof FileWriteError) throw error;
    throw new FileWriteError(file, describeFsError(error), { cause: error });
  }
  await syncFolder(dirname(file));
}

/** Makes the rename itself durable; not possible on every platform (Windows), where it is skipped. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is only someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed process left in `folder`: those whose process
 * is gone, or that are over an hour old. A live writer's file is left alone. Returns
 * the paths removed; a folder that does not exist has none.
 */
export async function removeLeftoverTempFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_FILE.exec(name);
    if (!match) continue;
    const path = join(folder, name);
    const pid = Number(match[1]);
    const age = await stat(path).then((info) => Date.now() - info.mtimeMs, () => undefined);
    if (age === undefined) continue;
    if (age < ABANDONED_AFTER_MS && isRunning(pid)) continue;
    await rm(path, { force: true }).then(() => removed.push(path), () => undefined);
  }
  return removed;
}
