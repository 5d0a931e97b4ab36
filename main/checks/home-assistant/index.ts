/**
 * `home-assistant`: the entities that matter in a smart home — door locks, leak and smoke
 * sensors, batteries — are available, recent and within their levels. One row per entity
 * with a problem, linked to its history in Home Assistant, and one OK line with the count.
 * A sensor that stopped reporting is the lock that failed open over the weekend: `maxAge`.
 */
import * as z from 'zod';
import { worstLevel } from '../../../shared/levels.js';
import type { Level } from '../../../shared/types.js';
import { forHowLong, plural } from '../../../shared/words.js';
import { duration } from '../fields.js';
import { ageStatus } from '../lib/age.js';
import { checkLevelBands, hasLevelThresholds, judgeValue, levelThresholdFields, toNumber } from '../lib/levels.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { byteSize } from '../lib/size.js';
import { toolFields, toolPage } from '../lib/tool.js';
import { oneLine } from '../lib/words.js';
import { defineCheck, type CheckStatus } from '../types.js';
import { fetchStates, lastHeard, type EntityState } from './api.js';
import { entitiesField, isGlob, selectEntities } from './entities.js';

/** `/api/states` lists every entity with its attributes: a large home is megabytes. */
const DEFAULT_MAX_BODY_BYTES = 20_000_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Home Assistant's own words for an entity it cannot read (core's STATE_UNAVAILABLE, STATE_UNKNOWN). */
const NOT_READING = new Set(['unavailable', 'unknown']);

const stateList = z
  .union([z.string(), z.array(z.string())], { error: 'must be a state like "locked", or a list like ["home", "not_home"]' })
  .transform((value) => (Array.isArray(value) ? value : [value]));

const schema = z
  .strictObject({
    ...toolFields('Home Assistant', 'http://homeassistant.local:8123'),
    token: z
      .string({ error: 'must be a long-lived access token, from the environment: "${HA_TOKEN}"' })
      .min(1, { error: 'must be a long-lived access token, from the environment: "${HA_TOKEN}", got ""' })
      .meta({ description: 'A long-lived access token (your profile in Home Assistant, Security tab), from the environment: "${HA_TOKEN}".' }),
    entities: entitiesField,
    maxAge: duration('26h').optional().meta({ description: 'ERROR when an entity has not reported for longer than this (`last_reported`, else `last_updated`).' }),
    expectState: stateList.optional().meta({ description: 'The state each entity should be in, like "locked" or ["home", "not_home"]: any other is an ERROR.' }),
    ...levelThresholdFields,
    maxBodyBytes: byteSize('20 MB').default(DEFAULT_MAX_BODY_BYTES).meta({ description: 'The most of /api/states to read; a larger answer is an ERROR.' }),
  })
  .superRefine(checkLevelBands, whenFieldsParsed(Object.keys(levelThresholdFields)));

type Params = z.output<typeof schema>;

interface Finding {
  level: Level;
  words: string;
}

function friendlyName(entity: EntityState): string | undefined {
  const name = entity.attributes.friendly_name;
  return typeof name === 'string' && name.trim() !== '' ? oneLine(name, 80) : undefined;
}

function unitOf(entity: EntityState): string | undefined {
  const unit = entity.attributes.unit_of_measurement;
  return typeof unit === 'string' ? unit : undefined;
}

/** What is wrong with one entity; none when it is well. */
function findings(entity: EntityState, params: Params, now: number): Finding[] {
  const sinceChange = forHowLong(now - Date.parse(entity.last_changed));
  if (NOT_READING.has(entity.state)) return [{ level: 'ERROR', words: `${entity.state} ${sinceChange}` }];
  const found: Finding[] = [];
  if (params.expectState !== undefined && !params.expectState.includes(entity.state)) {
    const expected = params.expectState.map((state) => JSON.stringify(state)).join(' or ');
    found.push({ level: 'ERROR', words: `${JSON.stringify(entity.state)} ${sinceChange}, expected ${expected}` });
  }
  if (hasLevelThresholds(params)) {
    const value = toNumber(entity.state);
    if (value === undefined) found.push({ level: 'ERROR', words: `${JSON.stringify(oneLine(entity.state, 40))} is not a number` });
    else {
      const judged = judgeValue(value, { ...params, unit: unitOf(entity) }, entity.state.trim());
      if (judged.level !== 'OK') found.push({ level: judged.level, words: judged.result });
    }
  }
  if (params.maxAge !== undefined) {
    const heard = lastHeard(entity);
    const age = ageStatus(heard.verb, now - heard.at, { errorAfter: params.maxAge });
    if (age.level !== 'OK') found.push({ level: age.level, words: age.result });
  }
  return found;
}

/**
 * The entity's history in Home Assistant's UI (`/history?entity_id=…&start_date=…`, read by
 * home-assistant/frontend `src/panels/history/ha-panel-history.ts`), from an hour before its
 * last change, as the frontend's own developer tools link it, and at least a day back.
 */
function historyPage(base: string, entity: EntityState, now: number): string {
  const start = Math.min(Date.parse(entity.last_changed) - HOUR_MS, now - DAY_MS);
  return toolPage(base, 'history', { entity_id: entity.entity_id, start_date: new Date(start).toISOString() });
}

function entityRow(entity: EntityState, found: Finding[], params: Params, now: number): CheckStatus {
  const name = friendlyName(entity);
  const result = found.map((finding) => finding.words).join('; ');
  return {
    metric: entity.entity_id,
    level: worstLevel(found.map((finding) => finding.level)),
    result: name === undefined ? result : `${name}: ${result}`,
    link: historyPage(params.url, entity, now),
  };
}

function unmatchedRow(pattern: string): CheckStatus {
  return {
    metric: pattern,
    level: 'ERROR',
    result: isGlob(pattern)
      ? `no entity matches ${pattern} (renamed, removed, or hidden from the token's user?)`
      : `no entity ${pattern} (renamed, removed, or hidden from the token's user?)`,
  };
}

export default defineCheck({
  kind: 'home-assistant',
  description: 'Home Assistant entities (ids and globs) are available, recent (`maxAge`) and within their levels; one row per entity with a problem.',
  schema,
  pool: 'network',
  defaultLink: (params) => toolPage(params.url, ''),
  async check(params, ctx) {
    const answer = await fetchStates(ctx, { url: params.url, token: params.token, ca: params.ca, insecure: params.insecure, maxBodyBytes: params.maxBodyBytes });
    if (!answer.ok) return { level: 'ERROR', result: answer.error };
    const now = ctx.now().getTime();
    const { entities, unmatched } = selectEntities(answer.json, params.entities);
    const problems = entities.flatMap((entity) => {
      const found = findings(entity, params, now);
      return found.length === 0 ? [] : [entityRow(entity, found, params, now)];
    });
    const healthy = entities.length - problems.length;
    const summary = problems.length === 0 ? `${plural(entities.length, 'entity', 'entities')} OK` : `${healthy} of ${plural(entities.length, 'entity', 'entities')} OK`;
    return [{ level: 'OK', result: summary }, ...unmatched.map(unmatchedRow), ...problems];
  },
});
