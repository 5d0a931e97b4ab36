/**
 * `ca` and `insecure` on the kinds that GET a URL (json-age, json-value, last-modified):
 * a sensor hub with an internal-CA or self-signed certificate, on real HTTPS servers on
 * 127.0.0.1 with certificates made here. Same names, defaults and words as the `http` kind.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonAge from '../../../main/checks/json-age/index.js';
import jsonValue from '../../../main/checks/json-value/index.js';
import lastModified from '../../../main/checks/last-modified/index.js';
import type { CheckDefinition, CheckStatus } from '../../../main/checks/types.js';
import { runCheck } from '../../helpers/context.js';
import { createCa, createLeaf } from '../../servers/certs.js';
import { startHttpsServer, type LoopbackServer } from '../../servers/https.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3600_000;
const configDir = mkdtempSync(join(tmpdir(), 'backstop-url-tls-'));
let internal: LoopbackServer;
let selfSigned: LoopbackServer;

/** A sensor hub: its status JSON, served with a Last-Modified header. */
function hub(_request: unknown, response: ServerResponse): void {
  const updated = new Date(NOW.getTime() - HOUR);
  response.writeHead(200, { 'content-type': 'application/json', 'last-modified': updated.toUTCString() });
  response.end(JSON.stringify({ last_seen: updated.toISOString(), battery_pct: 87 }));
}

beforeAll(async () => {
  const ca = createCa({ commonName: 'Home Lab CA' });
  writeFileSync(join(configDir, 'internal-ca.pem'), ca.certPem);
  writeFileSync(join(configDir, 'key-not-cert.pem'), ca.keyPem);
  internal = await startHttpsServer(createLeaf(ca), hub);
  selfSigned = await startHttpsServer(createLeaf(null), hub);
});

afterAll(async () => {
  await Promise.all([internal.close(), selfSigned.close()]);
});

const kinds: { kind: string; definition: CheckDefinition; params: Record<string, unknown>; ok: CheckStatus }[] = [
  { kind: 'json-age', definition: jsonAge, params: { path: 'last_seen', errorAfter: '26h' }, ok: { level: 'OK', result: 'updated 60 minutes ago' } },
  { kind: 'json-value', definition: jsonValue, params: { path: 'battery_pct', unit: '%', errorBelow: 10 }, ok: { level: 'OK', result: '87%' } },
  { kind: 'last-modified', definition: lastModified, params: { errorAfter: '26h' }, ok: { level: 'OK', result: 'modified 60 minutes ago' } },
];

const scenarios: { name: string; server: () => LoopbackServer; options: Record<string, unknown>; expected: (kind: (typeof kinds)[number]) => CheckStatus }[] = [
  {
    name: 'an internal CA is trusted through `ca`',
    server: () => internal,
    options: { ca: 'internal-ca.pem' },
    expected: ({ ok }) => ok,
  },
  {
    name: 'without `ca`, an internal CA is not trusted',
    server: () => internal,
    options: {},
    expected: () => ({ level: 'ERROR', result: 'TLS: unable to verify the first certificate (is the intermediate certificate missing?)' }),
  },
  {
    name: 'a self-signed certificate is refused, in the words the http kind uses',
    server: () => selfSigned,
    options: {},
    expected: () => ({ level: 'ERROR', result: 'TLS: self-signed certificate' }),
  },
  {
    name: '`insecure` skips verification',
    server: () => selfSigned,
    options: { insecure: true },
    expected: ({ ok }) => ok,
  },
  {
    name: 'a missing `ca` file is worded as the fix',
    server: () => internal,
    options: { ca: 'certs/missing.pem' },
    expected: () => ({
      level: 'ERROR',
      result: `cannot read \`ca\` file ${join(configDir, 'certs/missing.pem')}: no such file: check the path (relative paths start at the config file's folder)`,
    }),
  },
  {
    name: 'a folder given as `ca` says to name the file',
    server: () => internal,
    options: { ca: '.' },
    expected: () => ({ level: 'ERROR', result: `cannot read \`ca\` file ${configDir}: it is a folder: name the PEM file inside it` }),
  },
  {
    name: 'a `ca` file without a certificate says what it should hold',
    server: () => internal,
    options: { ca: 'key-not-cert.pem' },
    expected: () => ({
      level: 'ERROR',
      result: `\`ca\` file ${join(configDir, 'key-not-cert.pem')} holds no certificate: expected PEM text starting "-----BEGIN CERTIFICATE-----"`,
    }),
  },
];

describe.each(kinds)('$kind over HTTPS', (kind) => {
  it.each(scenarios)('$name', async ({ server, options, expected }) => {
    const params = { url: `${server().url}/status.json`, ...kind.params, ...options };
    expect(await runCheck(kind.definition, params, { now: () => NOW, configDir })).toEqual([expected(kind)]);
  });

  it('has the http kind\'s defaults: verify, public CAs only', () => {
    expect(kind.definition.schema.parse({ url: 'https://hub.local/', ...kind.params })).toMatchObject({ insecure: false });
    expect(kind.definition.schema.parse({ url: 'https://hub.local/', ...kind.params })).not.toHaveProperty('ca');
  });

  it.each([
    ['`insecure` that is not a boolean', { insecure: 'yes' }, 'insecure: must be true or false'],
    ['an empty `ca`', { ca: '' }, 'ca: must be the path of a PEM file like "certs/internal-ca.pem", got ""'],
  ])('refuses %s at load', (_name, options, message) => {
    const result = kind.definition.schema.safeParse({ url: 'https://hub.local/', ...kind.params, ...options });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([message]);
  });
});
