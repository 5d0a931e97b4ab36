/**
 * A loopback Home Assistant: `GET /api/states` with `Authorization: Bearer <token>`, as
 * home-assistant/developers.home-assistant `docs/api/rest.md` documents it (an array of
 * state objects; 401 without a valid token), each state as home-assistant/core
 * `homeassistant/core.py` `State._as_dict` writes it: `entity_id`, `state`, `attributes`,
 * `last_changed`, `last_reported`, `last_updated`, `context` — timestamps as Python's
 * isoformat with microseconds and offset. `version: 'before 2024.4'` leaves out
 * `last_reported`, which came in 2024.4 (developers.home-assistant
 * `blog/2024-03-20-state_reported_timestamp.md`). A refused token gets aiohttp's
 * `401: Unauthorized`.
 */
import type { RequestListener, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from '../../servers/http.js';

export interface StandInEntity {
  entity_id: string;
  state: string;
  attributes?: Record<string, unknown>;
  lastChanged: Date;
  /** Default: lastChanged. */
  lastUpdated?: Date;
  /** Default: lastUpdated. */
  lastReported?: Date;
}

export interface HomeAssistantState {
  token: string;
  entities: StandInEntity[];
  version?: 'current' | 'before 2024.4';
  /** Answer with this instead (a changed API, a proxy's page). */
  override?: { status: number; body: unknown };
}

/** `2026-11-25T11:00:00.123456+00:00`, as Python's datetime.isoformat writes a UTC moment. */
function isoformat(moment: Date): string {
  return moment.toISOString().replace(/\.(\d{3})Z$/, '.$1456+00:00');
}

export function stateObject(entity: StandInEntity, version: HomeAssistantState['version'] = 'current') {
  const lastUpdated = entity.lastUpdated ?? entity.lastChanged;
  return {
    entity_id: entity.entity_id,
    state: entity.state,
    attributes: entity.attributes ?? {},
    last_changed: isoformat(entity.lastChanged),
    ...(version === 'current' ? { last_reported: isoformat(entity.lastReported ?? lastUpdated) } : {}),
    last_updated: isoformat(lastUpdated),
    context: { id: '01JDAZ6R4W8J3M5N7P9Q1S3T5V', parent_id: null, user_id: null },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' }).end(text);
}

/** The request handler, for an HTTP or an HTTPS server. */
export function homeAssistantHandler(state: HomeAssistantState): RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.endsWith('/api/states')) {
      send(response, 404, '404: Not Found');
      return;
    }
    if (request.headers.authorization !== `Bearer ${state.token}`) {
      send(response, 401, '401: Unauthorized');
      return;
    }
    if (state.override !== undefined) {
      send(response, state.override.status, state.override.body);
      return;
    }
    send(response, 200, state.entities.map((entity) => stateObject(entity, state.version)));
  };
}

export function startHomeAssistant(state: HomeAssistantState): Promise<TestHttpServer> {
  const handle = homeAssistantHandler(state);
  return startHttpServer((_url, request, response) => handle(request, response));
}
