/**
 * What Backstop reads of Healthchecks' Management API v3, and where each part is defined in
 * Healthchecks' source (github.com/healthchecks/healthchecks):
 *
 * - `GET /api/v3/checks/` with `X-Api-Key` answers `{ "checks": [...] }` (hc/api/views.py
 *   `get_checks`); each check is `Check.to_dict` in hc/api/models.py: `name`, `slug`, `status`
 *   (`new`, `up`, `grace`, `down`, `paused`: templates/docs/api.md), `last_ping` (ISO 8601 or
 *   null), `grace` and, for simple checks, `timeout` in seconds, or `schedule` and `tz` for cron
 *   and OnCalendar checks. A read-write key gets `uuid`; a read-only key gets `unique_key`
 *   instead (`readonly` in `to_dict`). A refused key is 401 `{"error": "wrong api key"}`
 *   (hc/api/decorators.py).
 * - `GET /api/v3/checks/<uuid or unique_key>/flips/` answers `{ "flips": [{ timestamp, up }, …] }`,
 *   newest first (views.py `flips`, models.py `Flip.to_dict`, hc/api/tests/test_get_flips.py);
 *   templates/docs/api.md shows a bare list in its example, so that is read too. Pausing a check records a flip
 *   (views.py `pause`, since Healthchecks 2.3), so the newest flip of a paused check is when it
 *   was paused. Flips are kept for the current month and the two before (api.md).
 * - A check's page is `/checks/<uuid>/details/`; `/cloaked/<unique_key>/` redirects to it
 *   (hc/front/urls.py `hc-details` and `hc-uncloak`), which is how read-only keys link.
 */
import * as z from 'zod';
import { joinUrl } from '../../net/index.js';

const checkShape = z
  .object({
    name: z.string(),
    slug: z.string().optional(),
    status: z.string(),
    started: z.boolean().optional(),
    last_ping: z.string().nullable(),
    grace: z.number(),
    timeout: z.number().optional(),
    schedule: z.string().optional(),
    tz: z.string().optional(),
    uuid: z.string().optional(),
    unique_key: z.string().optional(),
  })
  .refine((check) => check.uuid !== undefined || check.unique_key !== undefined, {
    path: ['uuid'],
    error: 'expected `uuid` (or `unique_key`, with a read-only key)',
  });

export const checksShape = z.object({ checks: z.array(checkShape) });

const flipList = z.array(z.object({ timestamp: z.string(), up: z.number() }));

/** The flips, as Healthchecks serves them (`{ flips: [...] }`) or as its docs' example shows them (a list). */
export const flipsShape = z.union([z.object({ flips: flipList }).transform(({ flips }) => flips), flipList]);

export type HealthcheckCheck = z.output<typeof checkShape>;

/** The check's id for the API: its `uuid`, or `unique_key` for a read-only key. */
export function checkId(check: HealthcheckCheck): string {
  return check.uuid ?? check.unique_key ?? '';
}

/** The check's page in Healthchecks. */
export function checkPage(base: string, check: HealthcheckCheck): string {
  return check.uuid !== undefined
    ? joinUrl(base, `checks/${encodeURIComponent(check.uuid)}/details/`)
    : joinUrl(base, `cloaked/${encodeURIComponent(check.unique_key ?? '')}/`);
}
