/**
 * Reports built by hand for the email tests: a builder with sensible defaults,
 * a realistic mixed report, and hostile and very large ones.
 */
import { compareStatuses, countLevels } from '../../shared/levels.js';
import type { Level, Report, Status } from '../../shared/types.js';

/** The run these fixtures pretend happened: Thursday 26 November 2026, 07:00 in Berlin (06:00 UTC). */
export const RUN_STARTED = '2026-11-26T06:00:00.000Z';
export const RUN_FINISHED = '2026-11-26T06:00:42.000Z';

export function status(overrides: Partial<Status> & Pick<Status, 'resource'>): Status {
  return {
    type: 'http',
    metric: '',
    level: 'OK',
    result: 'status 200 in 120 ms',
    link: `https://monitor.example.com/${encodeURIComponent(overrides.resource)}`,
    since: '2026-11-01T06:00:00.000Z',
    ...overrides,
  };
}

export function report(statuses: Status[], overrides: Partial<Report> = {}): Report {
  const sorted = [...statuses].sort(compareStatuses);
  return {
    id: '20261126T060000Z-test',
    version: 1,
    startedAt: RUN_STARTED,
    finishedAt: RUN_FINISHED,
    durationMs: 42_000,
    trigger: 'scheduled',
    configPath: '/etc/backstop/backstop.yaml',
    timezone: 'Europe/Berlin',
    statuses: sorted,
    snoozed: [],
    counts: countLevels(sorted),
    health: { total: sorted.length, timedOut: [], crashed: [], deadlineHit: false, notes: [] },
    ...overrides,
  };
}

/** A believable morning: two errors, one warning, OK items, one snoozed item, a run note. */
export function mixedReport(): Report {
  const statuses = [
    status({ resource: 'web shop', metric: 'homepage', result: 'status 200 in 180 ms' }),
    status({ resource: 'db backup', type: 'file-age', metric: 'nightly dump', level: 'ERROR', result: 'newest file is 3 days old (error > 26h)', since: '2026-11-23T05:00:00.000Z' }),
    status({ resource: 'api.example.com', type: 'tls', metric: 'certificate', level: 'WARNING', result: 'cert expires in 6 days (warn < 21)', since: '2026-11-25T20:00:00.000Z' }),
    status({ resource: 'billing-api', metric: '', level: 'ERROR', result: 'status 503, expected 2xx', since: '2026-11-26T06:00:10.000Z' }),
    status({ resource: 'mail relay', type: 'tcp', result: 'port 587 answered in 12 ms' }),
    status({ resource: 'orders export', type: 'json-age', metric: 'feed', result: 'updated 2 hours ago (warn > 26h)' }),
  ];
  const snoozed = status({
    resource: 'legacy ftp',
    type: 'tcp',
    level: 'ERROR',
    result: 'connection refused by ftp.example.com:21',
    since: '2026-11-10T06:00:00.000Z',
    snooze: { resource: 'legacy ftp', until: '2026-12-01', reason: 'being decommissioned, ticket OPS-142', source: 'config' },
  });
  return report(statuses, {
    snoozed: [snoozed],
    health: { total: 7, timedOut: ['orders export'], crashed: [], deadlineHit: false, notes: ['previous scheduled run is missing from history (Wed 25 Nov)'] },
  });
}

/** Text that tries to escape its place in the HTML. */
export const HOSTILE = {
  script: '<script>alert("pwned")</script>',
  img: '<img src=x onerror="alert(1)">',
  quotes: `"'><b>bold</b>&amp;`,
  javascriptLink: 'javascript:alert(document.cookie)',
  dataLink: 'data:text/html,<script>alert(1)</script>',
  fileLink: 'file:///etc/passwd',
  attributeBreakout: 'https://example.com/" onmouseover="alert(1)',
};

export function hostileReport(): Report {
  return report([
    status({ resource: HOSTILE.script, metric: HOSTILE.img, level: 'ERROR', result: HOSTILE.script, link: HOSTILE.javascriptLink }),
    status({ resource: 'quotes', level: 'ERROR', result: HOSTILE.quotes, link: HOSTILE.dataLink }),
    status({ resource: 'file link', level: 'WARNING', result: HOSTILE.img, link: HOSTILE.fileLink }),
    status({ resource: 'breakout', level: 'WARNING', result: 'attribute breakout attempt', link: HOSTILE.attributeBreakout }),
    status({ resource: 'mail', level: 'WARNING', result: 'mailto link', link: 'mailto:ops@example.com' }),
  ]);
}

/** `count` statuses, `errors` and `warnings` of them not OK, with realistic names and results. */
export function largeReport(count: number, { errors, warnings, resultLength = 0 }: { errors: number; warnings: number; resultLength?: number }): Report {
  const statuses: Status[] = [];
  for (let index = 0; index < count; index++) {
    const level: Level = index < errors ? 'ERROR' : index < errors + warnings ? 'WARNING' : 'OK';
    const padding = resultLength ? ` ${'x'.repeat(resultLength)}` : '';
    statuses.push(
      status({
        resource: `service-${String(index).padStart(4, '0')}`,
        metric: index % 3 === 0 ? 'disk /var' : 'health',
        level,
        result: level === 'OK' ? `status 200 in ${100 + (index % 50)} ms${padding}` : `status 503, expected 2xx after 3 tries${padding}`,
        link: `https://grafana.example.com/d/services?var-name=service-${index}`,
      }),
    );
  }
  return report(statuses);
}

/** Long unbroken words, the classic cause of horizontal scrolling on phones. */
export function longWordsReport(): Report {
  const base = mixedReport();
  const long = status({
    resource: 'an-extremely-long-resource-name-without-any-spaces-at-all-for-testing-wrapping',
    metric: 'metric/with/a/very/long/path/that/does/not/break/anywhere/naturally',
    level: 'ERROR',
    result: `token ${'A1b2C3d4'.repeat(20)} rejected; see https://example.com/${'very-long-path-segment-'.repeat(8)}`,
    link: `https://example.com/${'x'.repeat(300)}`,
  });
  return report([...base.statuses, long], { snoozed: base.snoozed, health: base.health });
}
