/**
 * `home-assistant` against a loopback Home Assistant (./stand-in.ts): entities by id and
 * glob, unavailable and unknown states, levels for numbers, `maxAge` on `last_reported`
 * (and `last_updated` before 2024.4), expected states, each problem linked to the entity's
 * history, and the tool itself refusing the token or gone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import homeAssistant from '../../../main/checks/home-assistant/index.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import { createCa, createLeaf } from '../../servers/certs.js';
import type { TestHttpServer } from '../../servers/http.js';
import { closedPort } from '../../servers/smtp.js';
import { startHttpsServer, type LoopbackServer } from '../../servers/https.js';
import { homeAssistantHandler, startHomeAssistant, type HomeAssistantState, type StandInEntity } from './stand-in.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.long-lived';

const battery = (id: string, name: string, state: string, changedHoursAgo = 2): StandInEntity => ({
  entity_id: `sensor.${id}_battery`,
  state,
  attributes: { friendly_name: name, unit_of_measurement: '%', device_class: 'battery', state_class: 'measurement' },
  lastChanged: ago(changedHoursAgo),
  lastReported: ago(1),
});

const HOME: StandInEntity[] = [
  { entity_id: 'sun.sun', state: 'below_horizon', attributes: { friendly_name: 'Sun', elevation: -12.3 }, lastChanged: ago(5) },
  battery('front_door', 'Front Door Battery', '87'),
  battery('back_door', 'Back Door Battery', '8'),
  battery('window', 'Window Battery', '15'),
  battery('garage', 'Garage Battery', 'unavailable', 72),
  battery('attic', 'Attic Battery', 'unknown', 5),
  { entity_id: 'lock.front_door', state: 'locked', attributes: { friendly_name: 'Front Door' }, lastChanged: ago(30), lastReported: ago(0.2) },
  { entity_id: 'lock.back_door', state: 'unlocked', attributes: { friendly_name: 'Back Door' }, lastChanged: ago(50), lastReported: ago(0.2) },
  // Unchanged for days but still reporting: `last_reported` says it is alive.
  { entity_id: 'binary_sensor.kitchen_leak', state: 'off', attributes: { friendly_name: 'Kitchen Leak', device_class: 'moisture' }, lastChanged: ago(200), lastUpdated: ago(200), lastReported: ago(0.5) },
  // Silent since Friday: the sensor that stopped reporting.
  { entity_id: 'binary_sensor.cellar_leak', state: 'off', attributes: { device_class: 'moisture' }, lastChanged: ago(80), lastUpdated: ago(80), lastReported: ago(80) },
  { entity_id: 'sensor.outdoor_temperature', state: '-2.5', attributes: { friendly_name: 'Outdoor', unit_of_measurement: '°C' }, lastChanged: ago(0.1) },
];

let state: HomeAssistantState;
let server: TestHttpServer;

beforeAll(async () => {
  state = { token: TOKEN, entities: HOME };
  server = await startHomeAssistant(state);
});
afterAll(() => server.close());
beforeEach(() => {
  state.entities = HOME;
  state.version = 'current';
  delete state.override;
});

const base = () => server.url('/ha');
const run = (params: Record<string, unknown>) => runCheck(homeAssistant, { url: base(), token: TOKEN, ...params }, { now: () => NOW });
/** The history page of an entity, from an hour before its last change and at least a day back. */
const history = (entityId: string, start: Date) => `${base()}/history?entity_id=${entityId}&start_date=${encodeURIComponent(start.toISOString())}`;

describe('home-assistant', () => {
  it('batteries by glob: low ones at their level, unavailable and unknown as ERROR, each linked to its history', async () => {
    expect(await run({ entities: ['sensor.*_battery'], warnBelow: 20, errorBelow: 10 })).toEqual([
      { level: 'OK', result: '1 of 5 entities OK' },
      { metric: 'sensor.attic_battery', level: 'ERROR', result: 'Attic Battery: unknown for 5 hours', link: history('sensor.attic_battery', ago(24)) },
      { metric: 'sensor.back_door_battery', level: 'ERROR', result: 'Back Door Battery: 8% (error < 10%)', link: history('sensor.back_door_battery', ago(24)) },
      { metric: 'sensor.garage_battery', level: 'ERROR', result: 'Garage Battery: unavailable for 3 days', link: history('sensor.garage_battery', ago(73)) },
      { metric: 'sensor.window_battery', level: 'WARNING', result: 'Window Battery: 15% (warn < 20%)', link: history('sensor.window_battery', ago(24)) },
    ]);
  });

  it('`maxAge` reads `last_reported`: a leak sensor unchanged for a week but reporting is fine, a silent one is not', async () => {
    expect(await run({ entities: ['binary_sensor.*_leak'], maxAge: '26h' })).toEqual([
      { level: 'OK', result: '1 of 2 entities OK' },
      { metric: 'binary_sensor.cellar_leak', level: 'ERROR', result: 'last reported 3 days ago (error > 26h)', link: history('binary_sensor.cellar_leak', ago(81)) },
    ]);
  });

  it('before 2024.4 (no `last_reported`), `maxAge` falls back to `last_updated`', async () => {
    state.version = 'before 2024.4';
    const rows = await run({ entities: ['binary_sensor.*_leak'], maxAge: '26h' });
    expect(rows.map((row) => [row.metric, row.result])).toEqual([
      [undefined, '0 of 2 entities OK'],
      ['binary_sensor.cellar_leak', 'last updated 3 days ago (error > 26h)'],
      ['binary_sensor.kitchen_leak', 'Kitchen Leak: last updated 8 days ago (error > 26h)'],
    ]);
  });

  it('`expectState`: a lock left open is an ERROR saying for how long', async () => {
    expect(await run({ entities: ['lock.front_door', 'lock.back_door'], expectState: 'locked', maxAge: '1h' })).toEqual([
      { level: 'OK', result: '1 of 2 entities OK' },
      { metric: 'lock.back_door', level: 'ERROR', result: 'Back Door: "unlocked" for 2 days, expected "locked"', link: history('lock.back_door', ago(51)) },
    ]);
  });

  it('several problems of one entity share its row, worst level first', async () => {
    state.entities = [{ ...battery('porch', 'Porch Battery', '15'), lastReported: ago(40) }];
    expect(await run({ entities: ['sensor.porch_battery'], warnBelow: 20, maxAge: '26h' })).toEqual([
      { level: 'OK', result: '0 of 1 entity OK' },
      expect.objectContaining({ level: 'ERROR', result: 'Porch Battery: 15% (warn < 20%); last reported 40 hours ago (error > 26h)' }),
    ]);
  });

  it('a state that is not a number, where levels are set, is an ERROR', async () => {
    const rows = await run({ entities: ['lock.front_door', 'sensor.outdoor_temperature'], errorBelow: -10, warnBelow: 0 });
    expect(rows.map(({ link: _link, ...row }) => row)).toEqual([
      { level: 'OK', result: '0 of 2 entities OK' },
      { metric: 'lock.front_door', level: 'ERROR', result: 'Front Door: "locked" is not a number' },
      { metric: 'sensor.outdoor_temperature', level: 'WARNING', result: 'Outdoor: -2.5°C (warn < 0°C)' },
    ]);
  });

  it('names every glob and id that matches nothing, as an ERROR of its own', async () => {
    expect(await run({ entities: ['lock.*', 'sensor.*_batery', 'lock.garage'] })).toEqual([
      { level: 'OK', result: '2 entities OK' },
      { metric: 'sensor.*_batery', level: 'ERROR', result: 'no entity matches sensor.*_batery (renamed, removed, or hidden from the token\'s user?)' },
      { metric: 'lock.garage', level: 'ERROR', result: 'no entity lock.garage (renamed, removed, or hidden from the token\'s user?)' },
    ]);
  });

  it('checks an entity named twice (by id and by glob) once, and reads ids in any case', async () => {
    expect(await run({ entities: ['Lock.Front_Door', 'lock.*', 'sun.su?'] })).toEqual([{ level: 'OK', result: '3 entities OK' }]);
  });

  it('an empty Home Assistant leaves every pattern unmatched', async () => {
    state.entities = [];
    expect(await run({ entities: ['lock.front_door', 'sensor.*'] })).toEqual([
      { level: 'OK', result: '0 entities OK' },
      expect.objectContaining({ metric: 'lock.front_door', level: 'ERROR' }),
      expect.objectContaining({ metric: 'sensor.*', level: 'ERROR' }),
    ]);
  });

  it('reads a home of 5,000 entities', async () => {
    state.entities = Array.from({ length: 5000 }, (_unused, index) => ({
      entity_id: `sensor.device_${String(index).padStart(4, '0')}_battery`,
      state: String(index % 100),
      attributes: { friendly_name: `Device ${index} Battery`, unit_of_measurement: '%', device_class: 'battery', icon: 'mdi:battery', manufacturer: 'Aqara', model: 'WSDCGQ11LM' },
      lastChanged: ago(3),
    }));
    const rows = await run({ entities: ['sensor.device_*_battery'], errorBelow: 5 });
    expect(rows[0]).toEqual({ level: 'OK', result: '4750 of 5000 entities OK' });
    expect(rows).toHaveLength(251);
    expect(rows[1]).toMatchObject({ metric: 'sensor.device_0000_battery', result: 'Device 0 Battery: 0% (error < 5%)' });
  });

  it('refuses an answer over `maxBodyBytes`', async () => {
    expect(await run({ entities: ['sun.sun'], maxBodyBytes: '1 KB' })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /ha/api/states, but the response is larger than 1 KB: is this the right URL?' },
    ]);
  });

  it('sends the token as a bearer token, and names `token` when Home Assistant refuses it', async () => {
    expect(await run({ entities: ['sun.sun'] })).toEqual([{ level: 'OK', result: '1 entity OK' }]);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(await run({ entities: ['sun.sun'], token: 'expired' })).toEqual([{ level: 'ERROR', result: 'status 401 Unauthorized on /ha/api/states: check `token`' }]);
  });

  it('is one ERROR when Home Assistant is down', async () => {
    const port = await closedPort();
    expect(await runCheck(homeAssistant, { url: `http://127.0.0.1:${port}`, token: TOKEN, entities: ['sun.sun'] })).toEqual([
      { level: 'ERROR', result: `connection refused (ECONNREFUSED 127.0.0.1:${port})` },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['a state that is not text', [{ entity_id: 'sun.sun', state: 'above_horizon', attributes: {}, last_changed: NOW.toISOString() }, { entity_id: 'sensor.x', state: 42, attributes: {}, last_changed: NOW.toISOString() }], 'status 200 OK on /ha/api/states, but `[1].state` is 42, expected text'],
    ['a missing entity id', [{ state: 'on', attributes: {}, last_changed: NOW.toISOString() }], 'status 200 OK on /ha/api/states, but `[0].entity_id` is missing, expected text'],
    ['an object instead of the list', { message: 'API running.' }, 'status 200 OK on /ha/api/states, but the response is an object, expected a list'],
    ['a login page', '<!DOCTYPE html><html><head><title>Home Assistant</title></head></html>', 'status 200 OK on /ha/api/states, but the response is not JSON: got an HTML page "Home Assistant"'],
  ])('is one ERROR naming the field for %s', async (_name, body, result) => {
    state.override = { status: 200, body };
    expect(await run({ entities: ['sun.sun'] })).toEqual([{ level: 'ERROR', result }]);
  });

  describe('over HTTPS with an internal CA', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'backstop-home-assistant-'));
    let https: LoopbackServer;

    beforeAll(async () => {
      const ca = createCa({ commonName: 'Home Lab CA' });
      writeFileSync(join(configDir, 'home-ca.pem'), ca.certPem);
      https = await startHttpsServer(createLeaf(ca), homeAssistantHandler({ token: TOKEN, entities: HOME }));
    });
    afterAll(() => https.close());

    it.each<[string, Record<string, unknown>, unknown]>([
      ['trusted through `ca`', { ca: 'home-ca.pem' }, { level: 'OK', result: '1 entity OK' }],
      ['refused without it', {}, { level: 'ERROR', result: 'TLS: unable to verify the first certificate (is the intermediate certificate missing?)' }],
      ['read with `insecure`', { insecure: true }, { level: 'OK', result: '1 entity OK' }],
    ])('%s', async (_name, params, row) => {
      expect(await runCheck(homeAssistant, { url: https.url, token: TOKEN, entities: ['sun.sun'], ...params }, { configDir, now: () => NOW })).toEqual([row]);
    });
  });
});

describe('home-assistant config', () => {
  it('links a resource without `link` to Home Assistant, and does not ask for one', async () => {
    const config = await parseConfig(
      JSON.stringify({ resources: [{ name: 'Home', type: 'home-assistant', url: 'http://homeassistant.local:8123', token: '${HA_TOKEN}', entities: ['lock.*'] }] }),
      '/etc/backstop/backstop.json',
      { HA_TOKEN: TOKEN },
    );
    expect(config.issues).toEqual([]);
    expect(config.resources[0]?.link).toBe('http://homeassistant.local:8123/');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a friendly name instead of an entity id', { entities: ['Front Door'] }, ['entities.0: must be an entity id like "lock.front_door" or a glob like "sensor.*_battery", got "Front Door"']],
    ['no entities', { entities: [] }, ['entities: must name at least one entity, like ["lock.front_door", "sensor.*_battery"]']],
    ['an empty token', { token: '' }, ['token: must be a long-lived access token, from the environment: "${HA_TOKEN}", got ""']],
    ['a `maxAge` without a unit', { maxAge: '26' }, ['maxAge: must be a duration like "26h", got "26"']],
    ['bands in the wrong order', { warnAbove: 40, errorAbove: 30 }, ['warnAbove: must not be more than `errorAbove` (30): the warning comes first on the way up, got 40']],
  ])('refuses %s at load', (_name, params, messages) => {
    const parsed = homeAssistant.schema.safeParse({ url: 'http://ha.local:8123', token: TOKEN, entities: ['lock.front_door'], ...params });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(messages);
  });

  it('needs no threshold: availability alone is worth checking', () => {
    expect(homeAssistant.schema.safeParse({ url: 'http://ha.local:8123', token: TOKEN, entities: ['lock.front_door'] }).success).toBe(true);
  });
});
