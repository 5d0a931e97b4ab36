/**
 * A config that cannot be parsed says where (file, line, column, the line with a caret);
 * a pathological one (huge, aliased into a bomb, nested thousands deep, `__proto__` keys)
 * becomes an ERROR row for its resource or one clear line naming the file, never a crash.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, loadConfig, parseConfig, type BrokenResource } from '../../main/engine/config.js';

const parse = (text: string, path = '/cfg/backstop.yaml') => parseConfig(text, path, {});
const failure = async (text: string, path = '/cfg/backstop.yaml'): Promise<string> => {
  try {
    await parse(text, path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigFileError');
};

describe('parse errors say where, with the offending line and a caret', () => {
  const scenarios: { name: string; path: string; text: string; message: string }[] = [
    {
      name: 'YAML: a list item out of line',
      path: '/cfg/backstop.yaml',
      text: 'resources:\n  - name: a\n   type: b\n',
      message: 'cannot parse config /cfg/backstop.yaml, line 3, column 1: Sequence item without - indicator\n  3 |    type: b\n    | ^',
    },
    {
      name: 'YAML: a tab used to indent',
      path: '/cfg/backstop.yaml',
      text: 'resources:\n\t- name: a\n',
      message: 'cannot parse config /cfg/backstop.yaml, line 2, column 1: a tab used to indent: YAML indents with spaces only\n  2 |  - name: a\n    | ^',
    },
    {
      name: 'YAML: an unclosed quote',
      path: '/cfg/backstop.yaml',
      text: 'resources: [ { name: "unclosed',
      message: 'cannot parse config /cfg/backstop.yaml, line 1, column 31: Missing closing "quote\n  1 | resources: [ { name: "unclosed\n    |                               ^',
    },
    {
      name: 'YAML: two documents',
      path: '/cfg/backstop.yaml',
      text: 'resources: []\n---\nresources: []\n',
      message:
        'cannot parse config /cfg/backstop.yaml, line 2, column 1: a second YAML document (a line `---`): a config is one document, remove the `---` or split the file\n  2 | ---\n    | ^',
    },
    {
      name: 'JSON: a trailing comma says so',
      path: '/cfg/backstop.json',
      text: '{\n  "resources": [\n    { "name": "A", "type": "proof-of-life" },\n  ]\n}\n',
      message:
        'cannot parse config /cfg/backstop.json, line 3, column 45: trailing comma: JSON allows no comma after the last item; remove it\n  3 |     { "name": "A", "type": "proof-of-life" },\n    |                                             ^',
    },
    {
      name: 'JSON: a missing comma',
      path: '/cfg/backstop.json',
      text: '{\n  "timezone": "UTC"\n  "resources": []\n}\n',
      message:
        'cannot parse config /cfg/backstop.json, line 3, column 3: expected `,` between two items (is a comma missing at the end of the line before?)\n  3 |   "resources": []\n    |   ^',
    },
    {
      name: 'JSON: single quotes',
      path: '/cfg/backstop.json',
      text: "{ 'resources': [] }",
      message: 'cannot parse config /cfg/backstop.json, line 1, column 3: JSON needs double quotes ("…"), not single quotes\n  1 | { \'resources\': [] }\n    |   ^',
    },
    {
      name: 'JSON: a comment',
      path: '/cfg/backstop.json',
      text: '{\n  // the list\n  "resources": []\n}',
      message: 'cannot parse config /cfg/backstop.json, line 2, column 3: JSON allows no comments: remove it, or write the config in YAML, which does\n  2 |   // the list\n    |   ^',
    },
    {
      name: 'JSON: cut short',
      path: '/cfg/backstop.json',
      text: '{ "resources": [',
      message: 'cannot parse config /cfg/backstop.json, line 1, column 17: expected `]` to close the list\n  1 | { "resources": [\n    |                 ^',
    },
  ];
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      expect(await failure(scenario.text, scenario.path)).toBe(scenario.message);
    });
  }

  it('carries the line and column for tools (validate --json)', async () => {
    try {
      await parse('{\n  "resources": [1,],\n}', '/cfg/b.json');
    } catch (error) {
      expect((error as ConfigFileError).where).toEqual({ path: '/cfg/b.json', line: 2, column: 18 });
    }
  });

  it('an empty JSON file is an empty config, like an empty YAML file', async () => {
    expect((await parse('', '/cfg/backstop.json')).resources).toEqual([]);
    expect((await parse('\uFEFF{"resources": []}', '/cfg/backstop.json')).resources).toEqual([]);
    expect((await parse('')).resources).toEqual([]);
  });
});

describe('pathological configs: one ERROR row or one clear line, never a crash', () => {
  const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('a resource nested 100,000 levels deep (JSON) is an ERROR row for that resource; the rest load', async () => {
    const text = `{"resources": [{"name": "Deep", "type": "module", "path": "x.mjs", "params": {"a": ${deepJson(100_000)}}}, {"name": "Fine", "type": "proof-of-life", "link": "https://x"}]}`;
    const config = await parse(text, '/cfg/backstop.json');
    expect(config.resources[1]).toMatchObject({ ok: true, name: 'Fine' });
    expect(config.resources[0]).toMatchObject({ ok: false, name: 'Deep' });
    expect((config.resources[0] as BrokenResource).problems).toEqual([
      expect.stringMatching(/^resource `Deep`: nested more than 64 levels deep \(at `params\.a(\[0\])+…`\): no check reads anything that deep; is this the right content\?$/),
    ]);
  });

  it('a setting nested 100,000 levels deep is an error and falls back to its default', async () => {
    const config = await parse(`{"history": {"keep": ${deepJson(100_000)}}, "resources": []}`, '/cfg/backstop.json');
    expect(config.settings.historyKeep).toBe(400);
    expect(config.issues[0]).toMatchObject({ severity: 'error', path: 'history', message: expect.stringMatching(/^`history` is nested more than 64 levels deep \(at `history\.keep\[0\]/) });
  });

  it('YAML nested 100,000 levels deep is one clear line naming the file', async () => {
    const message = await failure(`resources: ${deepJson(100_000)}\n`);
    expect(message).toMatch(/^cannot parse config \/cfg\/backstop\.yaml, line 1, column \d+: nested too deeply to read \(a config is a few levels deep\): is this the right file\?\n/);
    expect(message).not.toMatch(/Maximum call stack/i);
  });

  it('YAML block mappings nested thousands deep too', async () => {
    const text = Array.from({ length: 5000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n');
    expect(await failure(text)).toMatch(/nested too deeply to read/);
  });

  it('a YAML alias bomb ("billion laughs") is one clear line', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const previous = String.fromCharCode(97 + index);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    expect(await failure(`${levels.join('\n')}\nresources: []\n`)).toBe(
      'cannot parse config /cfg/backstop.yaml: its aliases (*name) expand into each other more than 100 times, the shape of a "billion laughs" attack: write the values out',
    );
  });

  it('a YAML alias that contains itself is an ERROR row, not an endless walk', async () => {
    const config = await parse('resources:\n  - &loop { name: Loop, type: module, path: x.mjs, params: { self: *loop } }\n  - { name: Fine, type: proof-of-life, link: "https://x" }\n');
    expect(config.resources.map((resource) => [resource.name, resource.ok])).toEqual([
      ['Loop', false],
      ['Fine', true],
    ]);
  });

  it('`__proto__` and `constructor` keys are unknown fields, and pollute nothing', async () => {
    const config = await parse('constructor: 1\nresources:\n  - { name: P, type: proof-of-life, link: "https://x", __proto__: { message: hijacked } }\n');
    expect(config.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)).toEqual([
      'unknown setting `constructor`: use one of `timezone`, `schedule`, `concurrency`, `defaults`, `runDeadline`, `staleAfter`, `history`, `email`, `resources`',
      'resource `P` (proof-of-life): unknown field `__proto__`: a proof-of-life resource takes `name`, `link`, `timeout`, `tags`, `stateId`, `snoozeUntil`, `snoozeReason`, `message`',
    ]);
    expect(({} as Record<string, unknown>).message).toBeUndefined();
    const json = await parseConfig('{"resources": [{"name": "P", "type": "proof-of-life", "link": "https://x", "__proto__": {"message": "hijacked"}}]}', '/cfg/b.json', {});
    expect(json.resources[0]).toMatchObject({ ok: false, problems: [expect.stringContaining('unknown field `__proto__`')] });
  });

  it('a file larger than 10 MB, or an endless device, is one clear line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstop-huge-'));
    const huge = join(dir, 'backstop.yaml');
    writeFileSync(huge, `# ${'x'.repeat(11 * 1024 * 1024)}\nresources: []\n`);
    await expect(loadConfig(huge)).rejects.toThrow(`cannot use config ${huge}: it is larger than 10 MB, and a config is a few KB: is this the right file?`);
    await expect(loadConfig('/dev/zero')).rejects.toThrow('cannot use config /dev/zero: it is larger than 10 MB');
    await expect(loadConfig(dir)).rejects.toThrow(`cannot read config ${dir}: it is a folder`);
  });
});
