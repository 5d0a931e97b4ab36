/**
 * Turns validation failures into messages that read as the fix:
 * ``resource `db backup` (file-age): `maxAge` must be a duration like "26h", got "yesterday"``.
 */
import type { z } from 'zod';
import { plural } from '../../shared/words.js';
import { preview } from './format.js';

/** `headers.Authorization`, `to[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function joinPath(base: string, rest: string): string {
  if (!rest) return base;
  if (!base) return rest;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}

/** A short, quoted rendering of what was found. */
export function got(value: unknown): string {
  return value === undefined ? 'nothing' : preview(value);
}

/** The closest known name, for "did you mean". */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export interface FieldProblem {
  /** Path inside the object that was validated. */
  path: string;
  /** Starts with the field in backticks: ``\`url\` is required``. */
  message: string;
}

/**
 * One message per zod issue. `knownKeys` lists the fields the object accepts,
 * for "unknown field" suggestions.
 */
export function describeIssues(error: z.ZodError, knownKeys: readonly string[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    const field = path ? `\`${path}\`` : 'the value';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = path ? `${path}.${key}` : key;
        const hint = issue.path.length === 0 ? suggest(key, knownKeys) : undefined;
        problems.push({
          path: keyPath,
          message: hint
            ? `unknown field \`${keyPath}\`: did you mean \`${hint}\`?`
            : `unknown field \`${keyPath}\`${issue.path.length === 0 && knownKeys.length ? `: use one of ${knownKeys.map((k) => `\`${k}\``).join(', ')}` : ''}`,
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'invalid_type' && input === undefined) {
      problems.push({ path, message: `${field} is required` });
      continue;
    }
    if (issue.code === 'custom' && !path) {
      problems.push({ path, message: issue.message });
      continue;
    }
    if (issue.message.startsWith('must ') || issue.message.startsWith('is ')) {
      const suffix = issue.message.includes(', got ') || input === undefined ? '' : `, got ${got(input)}`;
      problems.push({ path, message: `${field} ${issue.message}${suffix}` });
      continue;
    }
    if (issue.code === 'custom') {
      problems.push({ path, message: `${field}: ${issue.message}` });
      continue;
    }
    problems.push({ path, message: `${field} ${plainWords(issue)}, got ${got(input)}` });
  }
  return problems;
}

function plainWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must not be empty`
        : issue.origin === 'array'
          ? `must have at least ${plural(Number(issue.minimum), 'item')}`
          : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_union':
      return 'is not in any accepted form';
    default:
      return issue.message.replace(/^Invalid input:?\s*/i, 'is invalid: ').replace(/: $/, '');
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object (key: value pairs)';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
