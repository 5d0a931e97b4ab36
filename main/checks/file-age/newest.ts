/**
 * Finding the newest file a path or glob names, with every way that can fail said plainly:
 * a backup folder that is gone or unreadable must not look like "no backups yet".
 */
import { opendir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeFsError } from '../lib/words.js';

export interface NewestFile {
  /** How the report names it: the file name, or its path under the glob's folder. */
  name: string;
  path: string;
  stats: Stats;
}

export type NewestOutcome = { ok: true; file: NewestFile } | { ok: false; error: string };

/** `~/x` → home folder; relative → against the config's folder. */
export function resolvePath(path: string, configDir: string): string {
  const expanded = path === '~' || path.startsWith('~/') || path.startsWith('~\\') ? join(homedir(), path.slice(1)) : path;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(configDir, expanded);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Splits `/backups/db/*.tar.gz` into the folder to search (`/backups/db`) and the pattern
 * inside it (`*.tar.gz`). A segment that only looks like a glob but names an existing
 * folder, like `Backups (NAS)`, is taken literally: folder names like that are common.
 */
export async function splitGlob(absolutePath: string): Promise<{ base: string; pattern?: string }> {
  // tinyglobby (and picomatch under it) loads with the first file-age check: other runs never parse it.
  const { isDynamicPattern } = await import('tinyglobby');
  const segments = absolutePath.split(sep === '\\' ? /[\\/]/ : '/');
  let first = 0;
  for (; first < segments.length; first += 1) {
    const segment = segments[first] ?? '';
    if (!isDynamicPattern(segment)) continue;
    const literal = segments.slice(0, first + 1).join(sep);
    if (first === segments.length - 1 || !(await isFolder(literal))) break;
  }
  if (first === segments.length) return { base: absolutePath };
  const base = segments.slice(0, first).join(sep) || sep;
  return { base, pattern: segments.slice(first).join('/') };
}

async function statFile(path: string): Promise<{ ok: true; stats: Stats } | { ok: false; error: string }> {
  try {
    return { ok: true, stats: await stat(path) };
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  }
}

async function newestOfGlob(base: string, pattern: string, shown: string, signal: AbortSignal): Promise<NewestOutcome> {
  // tinyglobby skips folders it cannot read without a word; read the base ourselves so
  // a missing or unreadable backup folder is reported as such, not as "no match".
  try {
    // Opening is enough to learn it is missing or unreadable; listing a huge folder twice is not.
    await (await opendir(base)).close();
  } catch (error) {
    return { ok: false, error: `no file matches ${shown}: cannot read folder ${base}: ${describeFsError(error)}` };
  }
  const { glob } = await import('tinyglobby');
  const matches = await glob(pattern, { cwd: base, absolute: true, onlyFiles: true, expandDirectories: false, signal });
  let newest: NewestFile | undefined;
  let lastError: string | undefined;
  for (const path of matches) {
    if (signal.aborted) break;
    const result = await statFile(path);
    if (!result.ok) {
      // Matched then vanished (rotation in progress) or unreadable: skip it, say so only if nothing else is left.
      lastError = `${path}: ${result.error}`;
      continue;
    }
    if (newest === undefined || result.stats.mtimeMs > newest.stats.mtimeMs) {
      newest = { name: relative(base, path), path, stats: result.stats };
    }
  }
  if (newest !== undefined) return { ok: true, file: newest };
  return { ok: false, error: lastError === undefined ? `no file matches ${shown}` : `no readable file matches ${shown}: ${lastError}` };
}

/** The newest file that `path` (a file or a glob, as written in the config) names. Never throws for a missing or unreadable target. */
export async function findNewest(path: string, configDir: string, signal: AbortSignal): Promise<NewestOutcome> {
  const absolute = resolvePath(path, configDir);
  // A file that exists under exactly this name is that file, even if its name looks like a glob.
  const literal = await statFile(absolute);
  if (!literal.ok) {
    const { base, pattern } = await splitGlob(absolute);
    if (pattern !== undefined) return newestOfGlob(base, pattern, path, signal);
    return { ok: false, error: `cannot read ${absolute}: ${literal.error}` };
  }
  if (literal.stats.isDirectory()) {
    return { ok: false, error: `${absolute} is a folder: use a glob for the files in it, like "${join(path, '*')}"` };
  }
  return { ok: true, file: { name: basename(absolute), path: absolute, stats: literal.stats } };
}
