/**
 * A loopback Alertmanager: `GET /api/v2/alerts` and `GET /api/v2/silences` with the
 * response shapes of prometheus/alertmanager `api/v2/openapi.yaml` (`gettableAlerts`:
 * `labels`, `annotations`, `generatorURL`, `fingerprint`, `receivers`, `startsAt`,
 * `updatedAt`, `endsAt`, `status` {`state`, `silencedBy`, `inhibitedBy`, `mutedBy`};
 * `gettableSilences`: `id`, `status.state`, `updatedAt`, `matchers`, `startsAt`, `endsAt`,
 * `createdBy`, `comment`), and the alert filters as `alertFilter` in `api/v2/api.go` applies
 * them: `active=false` drops active alerts, `silenced=false` drops silenced ones,
 * `inhibited=false` inhibited ones; `filter` keeps alerts whose labels match every matcher
 * (only `name="value"` here); `receiver` is a regex over the alert's receivers. Booleans
 * default to true, as in the spec.
 */
import type { ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from '../../servers/http.js';

export interface StandInAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  generatorURL?: string;
  startsAt: string;
  receiver?: string;
  silencedBy?: string[];
  inhibitedBy?: string[];
  /** Muted by a time interval: suppressed without a silence or an inhibition. */
  muted?: boolean;
}

export interface StandInSilence {
  id: string;
  state: 'active' | 'pending' | 'expired';
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface AlertmanagerState {
  alerts: StandInAlert[];
  silences: StandInSilence[];
  /** When set, requests without this Authorization header get a 401. */
  authorization?: string;
  /** Answer one endpoint with this instead (a broken proxy, a changed API). */
  override?: Partial<Record<'alerts' | 'silences', { status: number; body: unknown }>>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' }).end(text);
}

function flag(url: URL, name: string): boolean {
  return url.searchParams.get(name) !== 'false';
}

/** `gettableAlert`, as `AlertToOpenAPIAlert` (api/v2/compat.go) writes it. */
function gettable(alert: StandInAlert, index: number) {
  const silencedBy = alert.silencedBy ?? [];
  const inhibitedBy = alert.inhibitedBy ?? [];
  const suppressed = silencedBy.length > 0 || inhibitedBy.length > 0 || alert.muted === true;
  return {
    labels: alert.labels,
    annotations: alert.annotations ?? {},
    ...(alert.generatorURL === undefined ? {} : { generatorURL: alert.generatorURL }),
    fingerprint: index.toString(16).padStart(16, '0'),
    receivers: [{ name: alert.receiver ?? 'team-infra' }],
    startsAt: alert.startsAt,
    updatedAt: alert.startsAt,
    endsAt: '2099-01-01T00:00:00.000Z',
    status: { state: suppressed ? 'suppressed' : 'active', silencedBy, inhibitedBy, mutedBy: alert.muted ? ['weekends'] : [] },
  };
}

function matches(labels: Record<string, string>, filters: string[]): boolean {
  return filters.every((filter) => {
    const [, name, value] = /^(\w+)="(.*)"$/.exec(filter) ?? [];
    return name !== undefined && labels[name] === value;
  });
}

export function startAlertmanager(state: AlertmanagerState): Promise<TestHttpServer> {
  return startHttpServer((url, request, response) => {
    if (state.authorization !== undefined && request.headers.authorization !== state.authorization) {
      send(response, 401, 'Unauthorized\n');
      return;
    }
    const endpoint = url.pathname.endsWith('/api/v2/alerts') ? 'alerts' : url.pathname.endsWith('/api/v2/silences') ? 'silences' : undefined;
    if (endpoint === undefined) {
      send(response, 404, '404 page not found\n');
      return;
    }
    const override = state.override?.[endpoint];
    if (override !== undefined) {
      send(response, override.status, override.body);
      return;
    }
    const filters = url.searchParams.getAll('filter');
    if (endpoint === 'silences') {
      const silences = state.silences
        .filter((silence) => flag(url, 'expired') || silence.state !== 'expired')
        .map(({ state: silenceState, ...silence }) => ({ ...silence, status: { state: silenceState }, updatedAt: silence.startsAt }));
      send(response, 200, silences);
      return;
    }
    const receiver = url.searchParams.get('receiver');
    const alerts = state.alerts
      .map(gettable)
      .filter((alert) => flag(url, 'active') || alert.status.state !== 'active')
      .filter((alert) => flag(url, 'silenced') || alert.status.silencedBy.length === 0)
      .filter((alert) => flag(url, 'inhibited') || alert.status.inhibitedBy.length === 0)
      .filter((alert) => matches(alert.labels, filters))
      .filter((alert) => receiver === null || alert.receivers.some(({ name }) => new RegExp(`^(?:${receiver})$`).test(name)));
    send(response, 200, alerts);
  });
}
