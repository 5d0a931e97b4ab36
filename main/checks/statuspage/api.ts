/**
 * What Backstop reads of a public Atlassian Statuspage, `GET <page>/api/v2/summary.json`, and
 * where it is documented: every Statuspage serves its own API reference at `<page>/api`
 * (e.g. https://confluence.status.atlassian.com/api, "Summary": "a status indicator, component
 * statuses, unresolved incidents, and any upcoming or in-progress scheduled maintenances"):
 *
 * - `page`: `{ id, name, url, updated_at }`.
 * - `components`: `{ id, name, status, position, updated_at, … }`, `status` one of `operational`,
 *   `degraded_performance`, `partial_outage`, `major_outage` (the API reference) and
 *   `under_maintenance` (support.atlassian.com/statuspage/docs/show-service-status-with-components).
 *   Pages with component groups also give `group` (true for a group) and `group_id` (the group a
 *   component is in), as live pages serve them.
 * - `incidents` (the unresolved ones): `{ id, name, status, impact, shortlink, created_at,
 *   incident_updates: [{ body, created_at, … }], … }`, `impact` one of none, minor, major,
 *   critical; live pages add `components`, the components it affects.
 * - `scheduled_maintenances`: the same fields as an incident; `status` scheduled, in_progress,
 *   verifying or completed.
 */
import * as z from 'zod';

const componentShape = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  updated_at: z.string().optional(),
  group: z.boolean().optional(),
  group_id: z.string().nullable().optional(),
});

const incidentShape = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  shortlink: z.string().nullable().optional(),
  created_at: z.string().optional(),
  incident_updates: z.array(z.object({ body: z.string().nullable().optional(), created_at: z.string().optional() })).optional(),
  components: z.array(z.object({ id: z.string() })).optional(),
});

export const summaryShape = z.object({
  page: z.object({ name: z.string() }),
  components: z.array(componentShape),
  incidents: z.array(incidentShape),
  scheduled_maintenances: z.array(z.object({ name: z.string(), status: z.string() })).optional(),
});

export type Component = z.output<typeof componentShape>;
export type Incident = z.output<typeof incidentShape>;
