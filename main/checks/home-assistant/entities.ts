/**
 * Which entities a resource means: entity ids (`lock.front_door`) and globs
 * (`sensor.*_battery`), matched against Home Assistant's states. What matches nothing is
 * reported by name: a renamed sensor must not leave its check passing on an empty list.
 */
import * as z from 'zod';
import type { EntityState } from './api.js';

/** `domain.object_id`, lowercase letters, digits and `_`, with `*` and `?` in a glob. */
const ENTITY_PATTERN = /^[a-z0-9_*?]+\.[a-z0-9_*?]+$/;

export const entitiesField = z
  .array(
    z
      .string({ error: 'must be an entity id like "lock.front_door" or a glob like "sensor.*_battery"' })
      .transform((text, ctx) => {
        // Home Assistant's entity ids are lowercase; it finds `Lock.Front_Door` too.
        const pattern = text.trim().toLowerCase();
        if (!ENTITY_PATTERN.test(pattern)) {
          ctx.issues.push({ code: 'custom', input: text, message: `must be an entity id like "lock.front_door" or a glob like "sensor.*_battery", got ${JSON.stringify(text)}` });
          return z.NEVER;
        }
        return pattern;
      }),
    { error: 'must be a list of entity ids and globs like ["lock.front_door", "sensor.*_battery"]' },
  )
  .min(1, { error: 'must name at least one entity, like ["lock.front_door", "sensor.*_battery"]' })
  .meta({ description: 'Entity ids and globs (`*` any characters, `?` one): ["lock.front_door", "sensor.*_battery"].' });

/** True for a pattern with `*` or `?`. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function globRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

export interface Selection {
  /** The entities matched, each once, in the order the patterns name them. */
  entities: EntityState[];
  /** The patterns that matched nothing. */
  unmatched: string[];
}

export function selectEntities(states: readonly EntityState[], patterns: readonly string[]): Selection {
  const byId = new Map(states.map((state) => [state.entity_id.toLowerCase(), state]));
  const chosen = new Map<string, EntityState>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    let found: EntityState[];
    if (isGlob(pattern)) {
      const matcher = globRegExp(pattern);
      found = states.filter((state) => matcher.test(state.entity_id.toLowerCase())).sort((a, b) => a.entity_id.localeCompare(b.entity_id));
    } else {
      const state = byId.get(pattern);
      found = state === undefined ? [] : [state];
    }
    if (found.length === 0) unmatched.push(pattern);
    for (const state of found) chosen.set(state.entity_id, state);
  }
  return { entities: [...chosen.values()], unmatched };
}
