/**
 * Home Assistant's REST API, `GET /api/states` with `Authorization: Bearer <long-lived
 * token>`, as home-assistant/developers.home-assistant `docs/api/rest.md` documents it: an
 * array of state objects with `entity_id`, `state`, `last_changed` and `attributes`
 * (`last_updated` in the single-state example). `last_reported` came in 2024.4
 * (developers.home-assistant `blog/2024-03-20-state_reported_timestamp.md`): home-assistant/core
 * `homeassistant/core.py`, `State._as_dict`, writes `entity_id`, `state`, `attributes`,
 * `last_changed`, `last_reported`, `last_updated` and `context`; older versions lack it.
 * `unavailable` and `unknown` are core's STATE_UNAVAILABLE and STATE_UNKNOWN
 * (`homeassistant/const.py`); `friendly_name` and `unit_of_measurement` are attributes.
 */
import * as z from 'zod';
import { getJson, joinUrl, type JsonOutcome } from '../../net/index.js';
import type { CheckContext } from '../types.js';

/** ISO 8601 with microseconds and an offset, as Python writes it. */
const moment = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { error: 'expected a date and time' });

const state = z.object({
  entity_id: z.string(),
  state: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  last_changed: moment,
  last_updated: moment.optional(),
  last_reported: moment.optional(),
});

export const statesShape = z.array(state);
export type EntityState = z.output<typeof state>;

export interface StatesRequest {
  url: string;
  token: string;
  ca?: string;
  insecure: boolean;
  maxBodyBytes: number;
}

export function fetchStates(ctx: CheckContext, request: StatesRequest): Promise<JsonOutcome<EntityState[]>> {
  return getJson(ctx, joinUrl(request.url, 'api/states'), {
    headers: { Authorization: `Bearer ${request.token}` },
    credential: 'token',
    ca: request.ca,
    insecure: request.insecure,
    maxBodyBytes: request.maxBodyBytes,
    shape: statesShape,
  });
}

/** When the entity last said anything: `last_reported` (2024.4 on), else `last_updated`, else `last_changed`. */
export function lastHeard(entity: EntityState): { at: number; verb: string } {
  if (entity.last_reported !== undefined) return { at: Date.parse(entity.last_reported), verb: 'last reported' };
  if (entity.last_updated !== undefined) return { at: Date.parse(entity.last_updated), verb: 'last updated' };
  return { at: Date.parse(entity.last_changed), verb: 'last changed' };
}
