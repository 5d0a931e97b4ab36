/**
 * `prometheus` against a loopback Prometheus (./stand-in.ts): one row per series against the
 * levels, scalars, the values JSON cannot write (NaN, ±Inf), "no data", the error envelope,
 * and the tool itself refusing or gone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import prometheus, { readableNumber } from '../../../main/checks/prometheus/index.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import { createCa, createLeaf } from '../../servers/certs.js';
import type { TestHttpServer } from '../../servers/http.js';
import { closedPort } from '../../servers/smtp.js';
import { startHttpsServer, type LoopbackServer } from '../../servers/https.js';
import { apiError, scalar, series, startPrometheus, vector, type PrometheusState } from './stand-in.js';

const DISK = '100 * node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes';

const state: PrometheusState = {
  queries: {
    [DISK]: vector(
      series({ instance: 'web-1:9100', job: 'node', mountpoint: '/' }, '54.2'),
      series({ instance: 'web-1:9100', job: 'node', mountpoint: '/var' }, '8.312345678901234'),
      series({ instance: 'db-1:9100', job: 'node', mountpoint: '/' }, '17'),
    ),
    up: vector(series({ __name__: 'up', instance: 'web-1:9100', job: 'node' }, '1'), series({ __name__: 'up', instance: 'web-2:9100', job: 'node' }, '0')),
    'sum(up)': vector(series({}, '7')),
    'scalar(sum(up))': scalar('7'),
    'time()': scalar('1795600800.123'),
    'up{job="gone"}': vector(),
    'rate(errors[5m]) / rate(requests[5m])': vector(series({ service: 'idle' }, 'NaN'), series({ service: 'busy' }, '0.02')),
    'queue_depth': vector(series({ queue: 'mail' }, '+Inf'), series({ queue: 'jobs' }, '-Inf')),
    '"backstop"': { data: { resultType: 'string', result: [1795600800.123, 'backstop'] } },
    'up[5m]': { data: { resultType: 'matrix', result: [{ metric: { __name__: 'up' }, values: [[1795600500, '1'], [1795600800, '1']] }] } },
    'http_request_duration_seconds': vector({ metric: { __name__: 'http_request_duration_seconds', job: 'api' }, histogram: [1795600800, { count: '10', sum: '2.5', buckets: [] }] }),
    'partial': { data: { resultType: 'vector', result: [series({ instance: 'a' }, '1')] }, warnings: ['remote read from "archive" failed: connection refused'] },
    'a * on(job) b': apiError(422, 'execution', 'found duplicate series for the match group {job="node"} on the right hand-side of the operation'),
    'slow': apiError(503, 'timeout', 'query timed out in expression evaluation'),
    'error with 200': { status: 200, body: { status: 'error', errorType: 'bad_data', error: 'from a proxy that answers 200' } },
    'broken': { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { instance: 'a' }, value: [1795600800, 0.5] }] } } },
    'sideways': { status: 200, body: { status: 'success', data: { resultType: 'table', result: [] } } },
    'gateway': { status: 502, body: '<html><head><title>502 Bad Gateway</title></head></html>' },
  },
};

let server: TestHttpServer;

beforeAll(async () => {
  server = await startPrometheus(state);
});
afterAll(() => server.close());

const run = (params: Record<string, unknown>) => runCheck(prometheus, { url: server.url('/prom'), ...params });

describe('prometheus', () => {
  it.each<[string, Record<string, unknown>, unknown[]]>([
    [
      'free disk per mount: one row per series, named by its labels, the value rounded for reading',
      { query: DISK, unit: '%', warnBelow: 20, errorBelow: 10 },
      [
        { metric: '{instance="web-1:9100", job="node", mountpoint="/"}', level: 'OK', result: '54.2%' },
        { metric: '{instance="web-1:9100", job="node", mountpoint="/var"}', level: 'ERROR', result: '8.312% (error < 10%)' },
        { metric: '{instance="db-1:9100", job="node", mountpoint="/"}', level: 'WARNING', result: '17% (warn < 20%)' },
      ],
    ],
    [
      'a `nameTemplate`, with the labels that tell two series of one instance apart',
      { query: DISK, nameTemplate: '{{instance}}', label: 'Free', unit: '%', errorBelow: 10 },
      [
        { metric: 'web-1:9100 {mountpoint="/"}', level: 'OK', result: 'Free 54.2%' },
        { metric: 'web-1:9100 {mountpoint="/var"}', level: 'ERROR', result: 'Free 8.312% (error < 10%)' },
        { metric: 'db-1:9100', level: 'OK', result: 'Free 17%' },
      ],
    ],
    [
      'targets that are down, named as PromQL writes them',
      { query: 'up', errorBelow: 1 },
      [
        { metric: 'up{instance="web-1:9100", job="node"}', level: 'OK', result: '1' },
        { metric: 'up{instance="web-2:9100", job="node"}', level: 'ERROR', result: '0 (error < 1)' },
      ],
    ],
    ['one series without labels is the resource\'s own line', { query: 'sum(up)', warnBelow: 8 }, [{ level: 'WARNING', result: '7 (warn < 8)' }]],
    ['a scalar', { query: 'scalar(sum(up))', warnBelow: 8 }, [{ level: 'WARNING', result: '7 (warn < 8)' }]],
    ['a scalar with decimals', { query: 'time()', warnAbove: 2e9 }, [{ level: 'OK', result: '1795600800.12' }]],
    [
      'NaN is "no value", at `noDataLevel`',
      { query: 'rate(errors[5m]) / rate(requests[5m])', nameTemplate: '{{service}}', warnAbove: 0.01, noDataLevel: 'OK' },
      [
        { metric: 'idle', level: 'OK', result: 'NaN: no value to compare (a division of 0 by 0?)' },
        { metric: 'busy', level: 'WARNING', result: '0.02 (warn > 0.01)' },
      ],
    ],
    [
      '+Inf and -Inf compare as the infinities they are',
      { query: 'queue_depth', nameTemplate: '{{queue}}', errorAbove: 1000, warnBelow: 0 },
      [
        { metric: 'mail', level: 'ERROR', result: '+Inf (error > 1000)' },
        { metric: 'jobs', level: 'WARNING', result: '-Inf (warn < 0)' },
      ],
    ],
    [
      'no data is an ERROR: the exporter is usually gone',
      { query: 'up{job="gone"}', errorBelow: 1 },
      [{ level: 'ERROR', result: 'no data: the query returned no series (is the exporter down, or a label misspelled?)' }],
    ],
    ['no data at `noDataLevel` WARNING', { query: 'up{job="gone"}', errorBelow: 1, noDataLevel: 'WARNING' }, [{ level: 'WARNING', result: 'no data: the query returned no series (is the exporter down, or a label misspelled?)' }]],
    ['no data at `noDataLevel` OK (a query that lists only problems)', { query: 'up{job="gone"}', errorBelow: 1, noDataLevel: 'OK' }, [{ level: 'OK', result: 'no data: the query returned no series' }]],
    ['a string result', { query: '"backstop"', errorBelow: 1 }, [{ level: 'ERROR', result: 'the query returns a string ("backstop"), not a number' }]],
    [
      'a range vector',
      { query: 'up[5m]', errorBelow: 1 },
      [{ level: 'ERROR', result: 'the query returns a range vector (matrix), not one value per series: drop the [range], or wrap it like max_over_time(…[5m])' }],
    ],
    [
      'a native histogram',
      { query: 'http_request_duration_seconds', errorAbove: 1 },
      [{ metric: 'http_request_duration_seconds{job="api"}', level: 'ERROR', result: 'a native histogram, not a number: ask for one, like histogram_quantile(0.9, …) or histogram_count(…)' }],
    ],
    [
      'warnings that come with the data (it may be partial)',
      { query: 'partial', errorBelow: 1 },
      [
        { metric: '{instance="a"}', level: 'OK', result: '1' },
        { metric: 'Prometheus warnings', level: 'WARNING', result: 'remote read from "archive" failed: connection refused' },
      ],
    ],
  ])('%s', async (_name, params, expected) => {
    expect(await run(params)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['a parse error (400 bad_data)', 'up{', 'query failed (status 400, bad_data): invalid parameter "query": 1:1: parse error: unexpected character: \'u\''],
    ['a query that cannot run (422 execution)', 'a * on(job) b', 'query failed (status 422, execution): found duplicate series for the match group {job="node"} on the right hand-side of the operation'],
    ['a timeout (503)', 'slow', 'query failed (status 503, timeout): query timed out in expression evaluation'],
    ['the error envelope with a 200', 'error with 200', 'query failed (status 200, bad_data): from a proxy that answers 200'],
    ['a proxy\'s error page, which is no envelope', 'gateway', 'status 502 Bad Gateway on /prom/api/v1/query, expected 2xx'],
    ['a sample that is a number, not a string', 'broken', 'status 200 OK on /prom/api/v1/query, but `data.result[0].value[1]` is 0.5, expected text'],
    ['a result type it does not know', 'sideways', 'status 200 OK on /prom/api/v1/query, but `data.resultType` is "table", expected "vector" or "scalar" or "string" or "matrix"'],
  ])('is one ERROR with the reason for %s', async (_name, query, result) => {
    expect(await run({ query, errorBelow: 1 })).toEqual([{ level: 'ERROR', result }]);
  });

  it('sends the query URL-encoded, as written', async () => {
    await run({ query: DISK, errorBelow: 10 });
    expect(server.requests.at(-1)?.url.searchParams.get('query')).toBe(DISK);
    expect(server.requests.at(-1)?.path).toMatch(/^\/prom\/api\/v1\/query\?query=100\+\*\+node_filesystem_avail_bytes%7Bfstype%21%3D%22tmpfs%22%7D/);
  });

  describe('credentials', () => {
    afterAll(() => {
      delete state.authorization;
    });

    it.each<[string, Record<string, unknown>, string | undefined]>([
      ['a bearer token in `headers` is sent', { headers: { Authorization: 'Bearer right' } }, undefined],
      ['a wrong one names `headers.Authorization`', { headers: { Authorization: 'Bearer wrong' } }, 'status 401 Unauthorized on /prom/api/v1/query: check `headers.Authorization`'],
      ['none at all names `headers`', {}, 'status 401 Unauthorized on /prom/api/v1/query: check `headers`'],
    ])('%s', async (_name, params, error) => {
      state.authorization = 'Bearer right';
      const rows = await run({ query: 'up', errorBelow: 1, ...params });
      if (error === undefined) expect(rows).toHaveLength(2);
      else expect(rows).toEqual([{ level: 'ERROR', result: error }]);
    });

    it('a wrong password in the URL names `url`', async () => {
      state.authorization = `Basic ${Buffer.from('backstop:right').toString('base64')}`;
      const url = server.url('/prom').replace('http://', 'http://backstop:wrong@');
      expect(await runCheck(prometheus, { url, query: 'up', errorBelow: 1 })).toEqual([{ level: 'ERROR', result: 'status 401 Unauthorized on /prom/api/v1/query: check `url`' }]);
    });
  });

  it('is one ERROR when Prometheus is down', async () => {
    const port = await closedPort();
    expect(await runCheck(prometheus, { url: `http://127.0.0.1:${port}`, query: 'up', errorBelow: 1 })).toEqual([
      { level: 'ERROR', result: `connection refused (ECONNREFUSED 127.0.0.1:${port})` },
    ]);
  });

  describe('over HTTPS with an internal CA', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'backstop-prometheus-'));
    let https: LoopbackServer;

    beforeAll(async () => {
      const ca = createCa({ commonName: 'Monitoring CA' });
      writeFileSync(join(configDir, 'monitoring-ca.pem'), ca.certPem);
      https = await startHttpsServer(createLeaf(ca), (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1795600800, '42'] } }));
      });
    });
    afterAll(() => https.close());

    it.each<[string, Record<string, unknown>, unknown]>([
      ['trusted through `ca`', { ca: 'monitoring-ca.pem' }, { level: 'OK', result: '42' }],
      ['refused without it', {}, { level: 'ERROR', result: 'TLS: unable to verify the first certificate (is the intermediate certificate missing?)' }],
      ['read with `insecure`', { insecure: true }, { level: 'OK', result: '42' }],
    ])('%s', async (_name, params, row) => {
      expect(await runCheck(prometheus, { url: https.url, query: 'x', warnBelow: 1, ...params }, { configDir })).toEqual([row]);
    });
  });
});

describe('prometheus config', () => {
  it('links a resource without `link` to the query\'s graph over a day, and does not ask for one', async () => {
    const config = await parseConfig(
      JSON.stringify({ resources: [{ name: 'Disks', type: 'prometheus', url: 'https://prom.example.com/prometheus', query: 'up == 0', errorBelow: 1 }] }),
      '/etc/backstop/backstop.json',
      {},
    );
    expect(config.issues).toEqual([]);
    expect(config.resources[0]?.link).toBe('https://prom.example.com/prometheus/graph?g0.expr=up+%3D%3D+0&g0.tab=0&g0.range_input=1d');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no threshold', {}, [': set at least one of `errorBelow`, `warnBelow`, `warnAbove`, `errorAbove`: without a threshold nothing can fail']],
    ['an empty query', { query: '  ', errorBelow: 1 }, ['query: must be a PromQL query like "up", got ""']],
    ['a `noDataLevel` that is not a level', { errorBelow: 1, noDataLevel: 'ignore' }, ['noDataLevel: must be ERROR, WARNING or OK, got "ignore"']],
    ['bands in the wrong order', { warnBelow: 5, errorBelow: 10 }, ['errorBelow: must not be more than `warnBelow` (5): the warning comes first on the way down, got 10']],
  ])('refuses %s at load', (_name, params, messages) => {
    const parsed = prometheus.schema.safeParse({ url: 'https://prom.example.com', query: 'up', ...params });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(messages);
  });
});

describe('readableNumber', () => {
  it.each([
    [42, '42'],
    [-3, '-3'],
    [0.9312345, '0.9312'],
    [8.312345678901234, '8.312'],
    [123456.789, '123456.79'],
    [0.000123456, '0.0001235'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('%d reads as %s', (value, text) => {
    expect(readableNumber(value)).toBe(text);
  });
});
