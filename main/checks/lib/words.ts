/**
 * Plain words for what went wrong, so a report line reads as the reason and not as a
 * stack trace: `permission denied (EACCES)`, `got "n/a"`. Network failures have their
 * own wording in main/net/errors.ts.
 */

const FS_REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ELOOP: 'too many symbolic links (a link loop?)',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'input/output error (failing disk or network share?)',
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  EROFS: 'read-only file system',
  EEXIST: 'a file is in the way',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ETIMEDOUT: 'timed out (network share not responding?)',
  ESTALE: 'stale network file handle (remount the share)',
  EHOSTDOWN: 'host is down (network share not reachable)',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : errorCode(cause);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `permission denied (EACCES)`; unknown codes keep Node's message. */
export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  const reason = code === undefined ? undefined : FS_REASONS[code];
  return reason === undefined ? errorMessage(error) : `${reason} (${code})`;
}

/** A text on one line, cut with `…` after `max` characters: an alert's description, a sensor's name. */
export function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** The first characters of a text on one line, quoted: a hint of what came back, never a page of HTML. */
export function excerpt(text: string, max = 80): string {
  return JSON.stringify(oneLine(text, max));
}

/** What a JSON value was, for "expected X, got …": `"n/a"`, `null`, `true`, `an object`, `a list of 3`. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return excerpt(value, 40);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  return 'an object';
}
