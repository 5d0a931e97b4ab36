import { describe, expect, it } from 'vitest';
import { ConfigFileError, loadConfig, parseConfig, type BrokenResource } from '../../main/engine/config.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { javaFixture } from '../helpers/java-fixture.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const yaml = (text: string, env: Record<string, string> = {}) => parseConfig(text, '/cfg/backstop.yaml', env);
const problemsOf = (config: Awaited<ReturnType<typeof yaml>>, name: string) =>
  (config.resources.find((resource) => resource.name === name) as BrokenResource | undefined)?.problems;

describe('config validation: every error at once, worded as the fix', () => {
  const scenarios: { name: string; resource: string; problems: string[] }[] = [
    {
      name: 'missing required field',
      resource: '{ name: Shop, type: http, link: "https://x" }',
      problems: ['resource `Shop` (http): `url` is required'],
    },
    {
      name: 'bad duration shows what it got',
      resource: '{ name: Shop, type: http, url: "https://shop.example", timeout: "yesterday" }',
      problems: ['resource `Shop` (http): `timeout` must be a duration like "30s", got "yesterday"'],
    },
    {
      name: 'a bare number is not a duration',
      resource: '{ name: Shop, type: http, url: "https://shop.example", timeout: 10 }',
      problems: ['resource `Shop` (http): `timeout` must be a duration like "30s", got 10'],
    },
    {
      name: 'typo in a field name suggests the fix',
      resource: '{ name: Shop, type: http, urll: "https://shop.example" }',
      problems: ['resource `Shop` (http): unknown field `urll`: did you mean `url`?', 'resource `Shop` (http): `url` is required'],
    },
    {
      name: 'unknown type suggests the closest kind',
      resource: '{ name: Shop, type: htp, url: "https://shop.example" }',
      problems: [expect.stringMatching(/^resource `Shop` \(htp\): unknown type "htp": did you mean `http`\? use one of proof-of-life, http, process/) as unknown as string],
    },
    {
      name: 'missing type',
      resource: '{ name: Shop }',
      problems: [expect.stringMatching(/^resource `Shop`: `type` is required: use one of proof-of-life/) as unknown as string],
    },
    {
      name: 'missing environment variable is an error for that resource only',
      resource: '{ name: Api, type: http, url: "https://api.example", headers: { Authorization: "Bearer ${API_TOKEN}" } }',
      problems: ['resource `Api` (http): environment variable `API_TOKEN` is not set (used in `headers.Authorization`): set it, or write the value in the file'],
    },
    {
      name: 'snooze needs a reason',
      resource: '{ name: Shop, type: proof-of-life, snoozeUntil: "2026-12-01" }',
      problems: ['resource `Shop` (proof-of-life): `snoozeReason` is required with `snoozeUntil`: say why it is snoozed, so nothing hides without a reason'],
    },
    {
      name: 'snooze date must be a date',
      resource: '{ name: Shop, type: proof-of-life, snoozeUntil: "soon", snoozeReason: x }',
      problems: ['resource `Shop` (proof-of-life): `snoozeUntil` must be a date like "2026-12-31", got "soon"'],
    },
  ];
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const config = await yaml(`resources:\n  - ${scenario.resource}\n  - { name: Fine, type: proof-of-life, link: "https://x" }`);
      const name = /name: (\w+)/.exec(scenario.resource)![1]!;
      expect(problemsOf(config, name)).toEqual(scenario.problems);
      expect(config.resources.find((resource) => resource.name === 'Fine')?.ok).toBe(true);
      expect(config.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)).toEqual(scenario.problems);
    });
  }

  it('substitutes ${NAME}, ${NAME:-default} and keeps $${NAME} literal', async () => {
    const config = await yaml('resources:\n  - { name: Api, type: http, url: "https://${HOST}/x", headers: { A: "${MISSING:-fallback}", B: "$${HOST}" } }', { HOST: 'api.example' });
    const resource = config.resources[0]!;
    expect(resource.ok).toBe(true);
    expect(resource.ok && resource.params).toMatchObject({ url: 'https://api.example/x', headers: { A: 'fallback', B: '${HOST}' } });
  });

  it('reports bad settings with their path and falls back to defaults', async () => {
    const config = await yaml('timezone: Mars/Olympus\nschedule: "every day"\nconcurency: 5\nresources: []');
    expect(config.settings.schedule).toBe('0 4 * * *');
    expect(config.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['concurency', 'unknown setting `concurency`: did you mean `concurrency`?'],
      ['timezone', '`timezone` must be an IANA time zone like "Europe/London", got "Mars/Olympus"'],
      ['schedule', expect.stringMatching(/^`schedule` must be a cron expression like "0 4 \* \* \*" \(minute hour day month weekday\), got "every day"/)],
      ['resources', '`resources` is empty: nothing would be checked: add the things to check'],
    ]);
  });

  it('warns about what makes a backstop weak: no link, duplicate names', async () => {
    const config = await yaml('resources:\n  - { name: A, type: proof-of-life }\n  - { name: A, type: proof-of-life, link: "https://x" }');
    expect(config.issues.map((issue) => `${issue.severity} ${issue.path}: ${issue.message}`)).toEqual([
      'warning resources[0].link: resource `A` (proof-of-life): no `link`: add where to investigate, so every item is actionable',
      'warning resources[1].name: resource `A`: the name is also used by resources[0]: give each resource its own name, or their history and snoozes mix',
    ]);
  });

  it('reads the defaults, concurrency and deadline', async () => {
    const config = await yaml('concurrency: { network: 50, process: 2 }\ndefaults: { timeout: 30s }\nrunDeadline: 5m\nresources:\n  - { name: A, type: proof-of-life, link: "https://x" }\n  - { name: B, type: proof-of-life, link: "https://x", timeout: 1s }');
    expect(config.settings).toMatchObject({ concurrency: { network: 50, process: 2 }, defaultTimeoutMs: 30_000, runDeadlineMs: 300_000 });
    expect(config.resources.map((resource) => resource.timeoutMs)).toEqual([30_000, 1000]);
  });

  it('stops only for an unreadable or unparseable file, with one clear line', async () => {
    await expect(yaml('resources: [ { name: "unclosed')).rejects.toThrow(ConfigFileError);
    await expect(parseConfig('{ "resources": [', '/cfg/x.json', {})).rejects.toThrow(/^cannot parse config \/cfg\/x.json, line 1, column 17: /);
    await expect(yaml('- just\n- a list')).rejects.toThrow(/the top level must be an object with `resources`, got a list/);
    await expect(loadConfig('/nonexistent/backstop.yaml')).rejects.toThrow('cannot read config /nonexistent/backstop.yaml: no such file');
  });

  it('reads JSON too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstop-config-'));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ resources: [{ name: 'A', type: 'proof-of-life', link: 'https://x' }] }));
    const config = await loadConfig(join(dir, 'b.json'));
    expect(config.resources[0]).toMatchObject({ ok: true, name: 'A' });
    expect(config.dir).toBe(dir);
  });
});

describe('the original Java config format', () => {
  it('maps every supported Class and reports the others as an ERROR row', async () => {
    const config = await loadConfig(await javaFixture(8080));
    expect(config.format).toBe('java');
    expect(config.settings).toMatchObject({ timezone: 'America/Los_Angeles', defaultTimeoutMs: 30_000 });
    const byName = Object.fromEntries(config.resources.map((resource) => [resource.name, resource]));
    expect(byName['Proof of Life']).toMatchObject({ ok: true, type: 'proof-of-life' });
    expect(byName.Google).toMatchObject({ ok: true, type: 'http', link: 'https://status.example.com', params: { bodyContains: '<html' } });
    expect(byName.Poster).toMatchObject({ ok: true, type: 'http', timeoutMs: 5000, params: { method: 'POST', body: '{"ping":1}', headers: { Accept: 'application/json', 'Content-Type': 'application/json' } } });
    expect(byName.Script).toMatchObject({ ok: true, type: 'process', stateId: 'script-state', timeoutMs: 10_000, params: { shell: 'bash', env: { GREETING: 'hi' } } });
    // No `${NAME}` substitution in the original format: shell variables reach the shell untouched.
    expect(byName.Script?.ok && (byName.Script.params as { command: string }).command).toContain('${COUNT:-none}');
    expect(byName.Deadlines).toMatchObject({ ok: true, type: 'trigger', link: 'https://sheet.example.com/edit#range=A{{ROW}}', params: { source: 'triggers.tsv', header: true } });
    expect(byName.Tempest).toMatchObject({ ok: false, link: 'https://tempest.example.com' });
    expect((byName.Tempest as BrokenResource).problems[0]).toMatch(/^resource `Tempest`: Class `com.shutdownhook.backstop.TempestResource` is not supported: use one of/);
    expect(config.issues.filter((issue) => issue.severity === 'warning').map((issue) => issue.path)).toEqual(['Sender', 'SubjectTemplate', 'Resources[0].link', 'Resources[4].link'].filter((path) => path !== 'Resources[4].link'));
  });
});
