/**
 * A stand-in for Healthchecks' Management API v3 on 127.0.0.1, answering as Healthchecks'
 * source does (github.com/healthchecks/healthchecks):
 * - `GET /api/v3/checks/` → `{ "checks": [...] }` (hc/api/views.py `get_checks`), each check in
 *   the fields and order of `Check.to_dict` (hc/api/models.py) and the examples of
 *   templates/docs/api.md: with a read-write key `uuid`, `ping_url`, `update_url`… ; with a
 *   read-only key those are left out and `unique_key` (sha1 of the first 16 hex digits of the
 *   uuid, models.py `unique_key`) is added.
 * - `GET /api/v3/checks/<uuid>/flips/` and `…/<unique_key>/flips/` → `[{ timestamp, up }]`, newest
 *   first (views.py `flips`, models.py `Flip.to_dict`).
 * - A missing or wrong key → 401 `{"error": "missing api key"}` / `{"error": "wrong api key"}`
 *   (hc/api/decorators.py).
 * All under an optional path prefix, as a Healthchecks with SITE_ROOT `https://host/hc` serves it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './http.js';

export interface StandInCheck {
  name: string;
  uuid: string;
  status: 'new' | 'up' | 'grace' | 'down' | 'paused' | string;
  /** ISO 8601 like Healthchecks writes it (`2026-11-25T12:00:00+00:00`), or null. */
  last_ping: string | null;
  /** Seconds. */
  grace: number;
  /** Seconds, for a simple check; or `schedule` and `tz` for a cron check. */
  timeout?: number;
  schedule?: string;
  tz?: string;
  slug?: string;
  started?: boolean;
  /** This check's status changes, in any order (the API answers newest first). */
  flips?: { timestamp: string; up: number }[];
}

export interface HealthchecksFixture {
  checks: StandInCheck[];
  readWriteKey?: string;
  readOnlyKey?: string;
  /** SITE_ROOT's path, like `/hc`. */
  prefix?: string;
  /** Answer flips requests with this status instead (a Healthchecks having trouble). */
  flipsStatus?: number;
}

/** Healthchecks' `unique_key`: sha1 of the first 16 hex digits of the uuid. */
export function uniqueKey(uuid: string): string {
  return createHash('sha1').update(uuid.replace(/-/g, '').slice(0, 16)).digest('hex');
}

/** A moment as Healthchecks' `isostring` writes it: no milliseconds, `+00:00`. */
export function isoString(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function toDict(check: StandInCheck, readonly: boolean, siteRoot: string): Record<string, unknown> {
  const result: Record<string, unknown> = {
    name: check.name,
    slug: check.slug ?? check.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    tags: '',
    desc: '',
    grace: check.grace,
    n_pings: check.last_ping === null ? 0 : 7,
    status: check.status,
    started: check.started ?? false,
    last_ping: check.last_ping,
    next_ping: null,
    manual_resume: false,
    methods: '',
    subject: '',
    subject_fail: '',
    start_kw: '',
    success_kw: '',
    failure_kw: '',
    filter_subject: false,
    filter_body: false,
    filter_http_body: false,
    filter_default_fail: false,
    badge_url: `${siteRoot}/b/2/7d3ab93d-836e-4505-bbda-fcbd5e07adf9.svg`,
  };
  if (readonly) {
    result.unique_key = uniqueKey(check.uuid);
  } else {
    const updateUrl = `${siteRoot}/api/v3/checks/${check.uuid}`;
    Object.assign(result, {
      uuid: check.uuid,
      ping_url: `https://hc-ping.com/${check.uuid}`,
      update_url: updateUrl,
      pause_url: `${updateUrl}/pause`,
      resume_url: `${updateUrl}/resume`,
      channels: '1bdea468-03bf-47b8-ab27-29a9dd0e4b94',
    });
  }
  if (check.schedule !== undefined) Object.assign(result, { schedule: check.schedule, tz: check.tz ?? 'UTC' });
  else result.timeout = check.timeout ?? 86_400;
  return result;
}

/** The request handler, for an HTTP or an HTTPS server. */
export function healthchecksHandler(fixture: HealthchecksFixture): (request: IncomingMessage, response: ServerResponse) => void {
  const { readWriteKey = 'rw-key', readOnlyKey = 'ro-key', prefix = '' } = fixture;
  return (request, response) => {
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const siteRoot = `http://${request.headers.host ?? '127.0.0.1'}${prefix}`;
    if (!url.pathname.startsWith(`${prefix}/api/v3/`)) return json(404, { error: 'not found' });
    const key = request.headers['x-api-key'];
    if (key === undefined || key === '') return json(401, { error: 'missing api key' });
    if (key !== readWriteKey && key !== readOnlyKey) return json(401, { error: 'wrong api key' });
    const readonly = key === readOnlyKey;
    const path = url.pathname.slice(prefix.length);
    if (path === '/api/v3/checks/') return json(200, { checks: fixture.checks.map((check) => toDict(check, readonly, siteRoot)) });
    const flips = /^\/api\/v3\/checks\/([^/]+)\/flips\/$/.exec(path);
    if (flips) {
      const id = decodeURIComponent(flips[1]!);
      const check = fixture.checks.find((candidate) => candidate.uuid === id || uniqueKey(candidate.uuid) === id);
      if (!check) return json(404, { error: 'not found' });
      if (fixture.flipsStatus !== undefined) return json(fixture.flipsStatus, { error: 'could not load flips' });
      const newestFirst = [...(check.flips ?? [])].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
      return json(200, newestFirst);
    }
    return json(404, { error: 'not found' });
  };
}

export function startHealthchecks(fixture: HealthchecksFixture): Promise<TestHttpServer> {
  const handle = healthchecksHandler(fixture);
  return startHttpServer((_url, request, response) => handle(request, response));
}
