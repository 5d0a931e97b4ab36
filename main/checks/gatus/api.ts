/**
 * What Backstop reads of Gatus' API, and where each part is defined in Gatus' source
 * (github.com/TwiN/gatus):
 *
 * - `GET /api/v1/endpoints/statuses` (api/api.go, README "API") answers every endpoint at once,
 *   a list of `endpoint.Status` (config/endpoint/status.go): `name` and `group` (both omitted when
 *   empty), `key`, and `results`.
 * - `page` and `pageSize` page each endpoint's *results*, not the list of endpoints: page 1 holds
 *   the newest `pageSize` results, oldest first (api/util.go, `getStartAndEndIndex` in
 *   storage/store/memory/util.go, the `LIMIT`/`OFFSET` of storage/store/sql/sql.go; Gatus' own
 *   api/endpoint_status_test.go "pagination-first-result"). So `?page=1&pageSize=1` is the
 *   latest result of every endpoint in one small answer, however long the history.
 * - A result (config/endpoint/result.go): `success`, `timestamp`, `errors` (omitted when none),
 *   and `conditionResults`, each `{ condition, success }` (config/endpoint/condition_result.go),
 *   where a failed condition shows the value it got: `[STATUS] (500) == 200`
 *   (`prettify` in config/endpoint/condition.go). An endpoint not checked yet has `results: []`,
 *   or `null` from the SQL store (a nil slice).
 * - With `security.basic`, the API answers 401 `Unauthorized` without the login
 *   (security/config.go `ApplySecurityMiddleware`).
 * - An endpoint's page is `/endpoints/<key>` (api/api.go, the SPA routes).
 */
import * as z from 'zod';

const resultShape = z.object({
  success: z.boolean(),
  timestamp: z.string(),
  errors: z.array(z.string()).optional(),
  conditionResults: z.array(z.object({ condition: z.string(), success: z.boolean() })).optional(),
});

export const statusesShape = z.array(
  z.object({
    name: z.string().optional(),
    group: z.string().optional(),
    key: z.string(),
    results: z.array(resultShape).nullable(),
  }),
);

export type EndpointStatus = z.output<typeof statusesShape>[number];
export type EndpointResult = z.output<typeof resultShape>;
