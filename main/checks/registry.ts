/**
 * Every check kind, one line each, in the order the README documents them: its
 * `type` name and its folder, loaded the first time a config uses it. A run reads
 * only the kinds its config names (each kind, with its schema and its libraries, is
 * a chunk of its own in the bundle). A test holds each name to its folder and to the
 * `kind` of the definition there.
 */
import type { CheckDefinition } from './types.js';

type Load = () => Promise<{ default: CheckDefinition }>;

const kinds: Record<string, Load> = {
  'proof-of-life': () => import('./proof-of-life/index.js'),
  http: () => import('./http/index.js'),
  process: () => import('./process/index.js'),
  trigger: () => import('./trigger/index.js'),
  'file-age': () => import('./file-age/index.js'),
  'json-age': () => import('./json-age/index.js'),
  'last-modified': () => import('./last-modified/index.js'),
  'json-value': () => import('./json-value/index.js'),
  tls: () => import('./tls/index.js'),
  domain: () => import('./domain/index.js'),
  tcp: () => import('./tcp/index.js'),
  healthchecks: () => import('./healthchecks/index.js'),
  'uptime-kuma': () => import('./uptime-kuma/index.js'),
  gatus: () => import('./gatus/index.js'),
  statuspage: () => import('./statuspage/index.js'),
  alertmanager: () => import('./alertmanager/index.js'),
  prometheus: () => import('./prometheus/index.js'),
  'home-assistant': () => import('./home-assistant/index.js'),
  module: () => import('./module/index.js'),
};

/** Definitions loaded so far: a config of 10,000 resources asks 20,000 times, and an `import()` is not free. */
const loaded = new Map<string, CheckDefinition>();

/** The kind's definition, loaded on first use; undefined for a name that is no kind. */
export async function findCheck(kind: string): Promise<CheckDefinition | undefined> {
  const known = loaded.get(kind);
  if (known) return known;
  const load = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  if (!load) return undefined;
  const definition = (await load()).default;
  loaded.set(kind, definition);
  return definition;
}

/** The kind's definition if `findCheck` has loaded it already; undefined otherwise (or for a name that is no kind). */
export function loadedCheck(kind: string): CheckDefinition | undefined {
  return loaded.get(kind);
}

/** Every kind's name, in registry order, without loading any. */
export function checkKinds(): string[] {
  return Object.keys(kinds);
}

/** Every kind's definition, in registry order (the JSON Schema, the tests). */
export function allChecks(): Promise<CheckDefinition[]> {
  return Promise.all(checkKinds().map(async (kind) => (await findCheck(kind))!));
}
