/**
 * Turns validation failures into messages that read as the fix:
 * ``resource `db backup` (file-age): `maxAge` must be a duration like "26h", got "yesterday"``.
 */
import type * as z from 'zod';
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
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Edits between two words, a swap of neighbours counting as one (`hots` → `host`): optimal string alignment. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

export interface FieldProblem {
  /** Path inside the object that was validated. */
  path: string;
  /** Names the field in backticks: ``\`url\` is required``, ``unknown field \`sheet.rnage\`: did you mean \`sheet.range\`?``. */
  message: string;
}

export interface DescribeOptions {
  /** The schema that was validated: unknown keys at any depth get "did you mean" from the fields it accepts there. */
  schema?: z.ZodType;
  /** Where the validated value sits (`email`): messages name fields by their full path. */
  base?: string;
  /** More accepted names at the top level (a resource's common fields beside its kind's). */
  extraKeys?: readonly string[];
}

/** One message per zod issue, each naming its field and worded as the fix. */
export function describeIssues(error: z.ZodError, options: DescribeOptions = {}): FieldProblem[] {
  const { schema, base = '', extraKeys = [] } = options;
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    const full = joinPath(base, path);
    const field = full ? `\`${full}\`` : 'the value';
    if (issue.code === 'unrecognized_keys') {
      const accepted = [...(schema ? (fieldsAt(schema, issue.path) ?? []) : []), ...(issue.path.length === 0 ? extraKeys : [])];
      for (const key of issue.keys) {
        const keyPath = joinPath(full, key);
        const hint = suggest(key, accepted);
        const list = accepted.map((name) => `\`${name}\``).join(', ');
        problems.push({
          path: joinPath(path, key),
          message: hint
            ? `unknown field \`${keyPath}\`: did you mean \`${joinPath(full, hint)}\`?`
            : `unknown field \`${keyPath}\`${list ? `: ${full ? `\`${full}\` takes` : 'use one of'} ${list}` : ''}`,
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'invalid_type' && input === undefined) {
      problems.push({ path, message: `${field} is required` });
      continue;
    }
    if (issue.code === 'custom' && !full) {
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

/**
 * The field names an object schema accepts at `path` inside `schema`, looking through
 * optional, default, pipe, union, array and record layers; undefined where there is no object.
 */
export function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  const inner = unwrapped(schema);
  if (inner) return fieldsAt(inner, path);
  const def = defOf(schema);
  const [key, ...rest] = path;
  switch (def.type) {
    case 'object':
      if (key === undefined) return Object.keys(def.shape ?? {});
      if (typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)) return fieldsAt(def.shape[key]!, rest);
      return def.catchall ? fieldsAt(def.catchall, rest) : undefined;
    case 'union':
      for (const option of def.options ?? []) {
        const found = fieldsAt(option, path);
        if (found) return found;
      }
      return undefined;
    case 'intersection':
      return (def.left && fieldsAt(def.left, path)) ?? (def.right && fieldsAt(def.right, path));
    case 'array':
      return typeof key === 'number' && def.element ? fieldsAt(def.element, rest) : undefined;
    case 'record':
      return key !== undefined && def.valueType ? fieldsAt(def.valueType, rest) : undefined;
    case 'lazy':
      return def.getter ? fieldsAt(def.getter(), path) : undefined;
    default:
      return undefined;
  }
}

/** The parts of zod's schema definitions that Backstop's walkers (did-you-mean, validate's file checks) look through. */
export interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

export function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** What a wrapper (optional, default, nullable, readonly, catch, the input side of a pipe) wraps; undefined for anything else. */
export function unwrapped(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType;
    case 'pipe':
      return def.in;
    default:
      return undefined;
  }
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
