/**
 * `${NAME}` in any string of a resource is replaced from the environment, so
 * secrets stay out of the config file. `${NAME:-fallback}` gives a default;
 * `$${NAME}` is a literal `${NAME}`.
 */

export interface Substitution<T> {
  value: T;
  /** Variables that were not set, with where they were used (`headers.Authorization`). */
  missing: { name: string; path: string }[];
}

const PATTERN = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The names a text refers to as `${NAME}` or `${NAME:-fallback}` (not `$${NAME}`, which is literal). */
export function referencedVariables(text: string): string[] {
  return [...text.matchAll(PATTERN)].filter((match) => !match[1]).map((match) => match[2]!);
}

export function substituteEnv<T>(value: T, env: Readonly<Record<string, string | undefined>>, path = ''): Substitution<T> {
  // Most resources name no variable: then the value is its own substitution, and nothing is copied.
  if (!mentionsVariable(value)) return { value, missing: [] };
  const missing: Substitution<T>['missing'] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') {
      // Most strings name no variable; every match starts with `${`.
      if (!node.includes('${')) return node;
      return node.replace(PATTERN, (whole, escaped: string, name: string, fallback: string | undefined) => {
        if (escaped) return whole.slice(1);
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        missing.push({ name, path: at });
        return whole;
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${at}[${index}]`));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, at ? `${at}.${key}` : key)]));
    }
    return node;
  };
  return { value: walk(value, path) as T, missing };
}

/** True when some string in `value` holds `${` (every `${NAME}` and `$${NAME}` does). */
function mentionsVariable(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(mentionsVariable);
  if (value && typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key) && mentionsVariable((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
