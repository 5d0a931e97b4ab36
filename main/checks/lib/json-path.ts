/**
 * Reading values out of a JSON document by a JSONPath like `$.last_seen` or
 * `data.items[*].battery_pct` (the leading `$` is optional).
 *
 * A path with a wildcard (`*`, `..`, a filter or a slice) names a list of things — sensors,
 * batteries, tanks — and yields one reading per element. The path is split at its last
 * wildcard: the part up to it selects the elements, the rest is read inside each element.
 * So an element that lacks the field still yields a reading (a missing one), instead of
 * silently dropping out of the report: a sensor that stopped sending is what we look for.
 */
import { JSONPath } from 'jsonpath-plus';
import * as z from 'zod';

export interface CompiledPath {
  /** As written in the config, for messages. */
  text: string;
  /** Whether messages write paths with a leading `$` (as the user did). */
  dollar: boolean;
  /** JSONPath selecting the elements, or undefined for a path without a wildcard. */
  elements?: string;
  /** Plain keys and indexes read inside each element (or from the root without a wildcard). */
  rest: string[];
  /** The elements come from `..name`: every match has the same key, so its parent names it. */
  recursive?: boolean;
}

export interface Reading {
  /** The element's name (from `nameField`, its key, or its index like `[2]`); undefined without a wildcard. */
  name?: string;
  /** Where the value was read, concrete: `data.items[2].battery_pct`. */
  path: string;
  /** The value found, undefined when nothing is there. */
  value: unknown;
}

function withDollar(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('$')) return trimmed;
  return trimmed.startsWith('[') ? `$${trimmed}` : `$.${trimmed}`;
}

function isWildcard(component: string): boolean {
  return component === '*' || component === '..' || component.startsWith('?(') || component.startsWith('(') || /^-?\d*:-?\d*(:-?\d*)?$/.test(component) || /^-?\d+(,-?\d+)+$/.test(component);
}

/** Components back to a JSONPath (jsonpath-plus's own toPathString quotes filters, which breaks them). */
function toPathText(components: string[]): string {
  let text = '$';
  for (const component of components) {
    if (component === '..') text += '..';
    else if (isWildcard(component)) text += `[${component}]`;
    else text += `['${component}']`;
  }
  return text;
}

/** Splits a path into the wildcard part and the plain rest; throws with the fix when it cannot be read. */
export function compileJsonPath(text: string): CompiledPath {
  if (text.trim() === '') throw new Error('must be a JSONPath like "$.last_seen" or "data.items[*].battery_pct", got ""');
  // jsonpath-plus reads "data.items[" as "data.items" without a word: an unclosed bracket would pass validation and fail every run.
  const unquoted = text.replace(/'[^']*'|"[^"]*"/g, '');
  if ((unquoted.match(/\[/g) ?? []).length !== (unquoted.match(/]/g) ?? []).length) {
    throw new Error(`must be a JSONPath with every \`[\` closed by \`]\`, like "data.items[*].battery_pct", got ${JSON.stringify(text)}`);
  }
  const components = JSONPath.toPathArray(withDollar(text)).slice(1);
  if (components.some((component) => component === '')) {
    throw new Error(`must be a JSONPath like "$.last_seen" or "data.items[*].battery_pct", got ${JSON.stringify(text)}`);
  }
  const dollar = text.trim().startsWith('$');
  let last = -1;
  components.forEach((component, index) => {
    if (isWildcard(component)) last = index;
  });
  if (last === -1) return { text, dollar, rest: components };
  // `..` selects by the name after it: `$..battery` means every `battery`, wherever it is.
  const recursive = components[last] === '..' && last + 1 < components.length;
  if (recursive) last += 1;
  const elements = toPathText(components.slice(0, last + 1));
  return { text, dollar, elements, rest: components.slice(last + 1), recursive };
}

/** A config field holding a JSONPath, checked at load (kept as written: compile it in the check). */
export function jsonPathField(example: string, options: { wildcards: boolean } = { wildcards: true }) {
  return z
    .string({ error: `must be a JSONPath like "${example}"` })
    .meta({ description: `A JSONPath like "${example}" (the leading "$" is optional).`, examples: [example] })
    .superRefine((text, ctx) => {
      try {
        const compiled = compileJsonPath(text);
        if (!options.wildcards && compiled.elements !== undefined) {
          ctx.addIssue({ code: 'custom', message: `must be a plain path inside each element like "${example}", without wildcards, got ${JSON.stringify(text)}` });
        }
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    });
}

function formatPath(dollar: boolean, components: (string | number)[]): string {
  let text = dollar ? '$' : '';
  for (const component of components) {
    if (typeof component === 'number') text += `[${component}]`;
    else if (/^[A-Za-z_][\w]*$/.test(component)) text += text === '' ? component : `.${component}`;
    else text += `[${JSON.stringify(component)}]`;
  }
  return text;
}

/** Follows plain keys and indexes; returns the concrete components walked (numbers for list indexes). */
function walk(start: unknown, keys: string[]): { value: unknown; walked: (string | number)[] } {
  let value = start;
  const walked: (string | number)[] = [];
  for (const key of keys) {
    if (Array.isArray(value) && /^\d+$/.test(key)) {
      walked.push(Number(key));
      value = value[Number(key)];
    } else {
      walked.push(key);
      value = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)
        ? (value as Record<string, unknown>)[key]
        : undefined;
    }
  }
  return { value, walked };
}

function parsePointer(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const keys = pointer.slice(1).split('/').map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  return walk(root, keys).walked;
}

interface JsonPathMatch {
  value: unknown;
  pointer: string;
}

/**
 * The readings a path selects in a document: one without a wildcard; one per element
 * with one (none when no element matches). `nameField` is read inside each element.
 */
export function readJsonPath(document: unknown, path: CompiledPath, nameField?: CompiledPath): Reading[] {
  if (path.elements === undefined) {
    const { value, walked } = walk(document, path.rest);
    return [{ path: formatPath(path.dollar, walked), value }];
  }
  const matches = JSONPath({ path: path.elements, json: document as object, resultType: 'all', wrap: true }) as JsonPathMatch[] | undefined;
  const names = new Map<string, number>();
  return (matches ?? []).map((match) => {
    const at = parsePointer(match.pointer, document);
    const { value, walked } = walk(match.value, path.rest);
    const key = at.at(-1);
    const fallback = path.recursive ? formatPath(false, at.slice(0, -1)) || '$' : typeof key === 'number' ? `[${key}]` : (key ?? '$');
    const named = nameField === undefined ? undefined : walk(match.value, nameField.rest).value;
    let name = typeof named === 'string' && named.trim() !== '' ? named : typeof named === 'number' ? String(named) : fallback;
    // Two sensors with the same name would share a history line; keep them apart.
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen > 0) name = `${name} ${fallback}`;
    return { name, path: formatPath(path.dollar, [...at, ...walked]), value };
  });
}
