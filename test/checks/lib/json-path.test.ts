import { describe, expect, it } from 'vitest';
import { compileJsonPath, jsonPathField, readJsonPath } from '../../../main/checks/lib/json-path.js';

const stick = {
  device: 'temp-stick',
  last_seen: '2026-11-25T11:00:00Z',
  data: {
    items: [
      { name: 'kitchen', battery_pct: 87 },
      { name: 'garage', battery_pct: '42.5' },
      { name: 'attic' },
    ],
  },
  rooms: { kitchen: { temp: 21.5 }, 'wine cellar': { temp: 11 } },
};

describe('readJsonPath', () => {
  it.each([
    ['a plain path with $', '$.last_seen', undefined, [{ path: '$.last_seen', value: '2026-11-25T11:00:00Z' }]],
    ['a plain path without $', 'data.items[1].battery_pct', undefined, [{ path: 'data.items[1].battery_pct', value: '42.5' }]],
    ['a missing field is a reading of nothing', '$.nope.deeper', undefined, [{ path: '$.nope.deeper', value: undefined }]],
    ['the root', '$', undefined, [{ path: '$', value: stick }]],
    ['a wildcard names elements by index', 'data.items[*].battery_pct', undefined, [
      { name: '[0]', path: 'data.items[0].battery_pct', value: 87 },
      { name: '[1]', path: 'data.items[1].battery_pct', value: '42.5' },
      { name: '[2]', path: 'data.items[2].battery_pct', value: undefined },
    ]],
    ['nameField names them', '$.data.items[*].battery_pct', 'name', [
      { name: 'kitchen', path: '$.data.items[0].battery_pct', value: 87 },
      { name: 'garage', path: '$.data.items[1].battery_pct', value: '42.5' },
      { name: 'attic', path: '$.data.items[2].battery_pct', value: undefined },
    ]],
    ['object members are named by their key', 'rooms.*.temp', undefined, [
      { name: 'kitchen', path: 'rooms.kitchen.temp', value: 21.5 },
      { name: 'wine cellar', path: 'rooms["wine cellar"].temp', value: 11 },
    ]],
    ['a filter selects elements', '$.data.items[?(@.name != "kitchen")].battery_pct', 'name', [
      { name: 'garage', path: '$.data.items[1].battery_pct', value: '42.5' },
      { name: 'attic', path: '$.data.items[2].battery_pct', value: undefined },
    ]],
    ['recursive descent selects by the name after it', '$..temp', undefined, [
      { name: 'rooms.kitchen', path: '$.rooms.kitchen.temp', value: 21.5 },
      { name: 'rooms["wine cellar"]', path: '$.rooms["wine cellar"].temp', value: 11 },
    ]],
    ['a missing nameField falls back to the index', 'data.items[*].battery_pct', 'label', [
      { name: '[0]', path: 'data.items[0].battery_pct', value: 87 },
      { name: '[1]', path: 'data.items[1].battery_pct', value: '42.5' },
      { name: '[2]', path: 'data.items[2].battery_pct', value: undefined },
    ]],
    ['a wildcard over nothing yields nothing', '$.absent[*].x', undefined, []],
  ])('%s', (_name, path, nameField, expected) => {
    const readings = readJsonPath(stick, compileJsonPath(path), nameField === undefined ? undefined : compileJsonPath(nameField));
    expect(readings).toEqual(expected);
  });

  it('keeps two elements with the same name apart', () => {
    const document = [{ name: 'probe', v: 1 }, { name: 'probe', v: 2 }];
    expect(readJsonPath(document, compileJsonPath('[*].v'), compileJsonPath('name'))).toEqual([
      { name: 'probe', path: '[0].v', value: 1 },
      { name: 'probe [1]', path: '[1].v', value: 2 },
    ]);
  });
});

describe('jsonPathField', () => {
  it.each([
    ['an empty path', jsonPathField('$.last_seen'), '', 'must be a JSONPath like "$.last_seen" or "data.items[*].battery_pct", got ""'],
    ['a wildcard where a plain field is needed', jsonPathField('name', { wildcards: false }), 'tags[*]', 'must be a plain path inside each element like "name", without wildcards, got "tags[*]"'],
    ['not a string', jsonPathField('$.last_seen'), 42, 'must be a JSONPath like "$.last_seen"'],
    ['an unclosed bracket', jsonPathField('$.last_seen'), 'data.items[', 'must be a JSONPath with every `[` closed by `]`, like "data.items[*].battery_pct", got "data.items["'],
    ['a stray closing bracket', jsonPathField('$.last_seen'), 'data.items*].v', 'must be a JSONPath with every `[` closed by `]`, like "data.items[*].battery_pct", got "data.items*].v"'],
  ])('refuses %s', (_name, field, input, message) => {
    expect(field.safeParse(input).error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('accepts paths with and without $', () => {
    expect(jsonPathField('$.x').parse('data.items[*].x')).toBe('data.items[*].x');
    expect(jsonPathField('$.x').parse('$.x')).toBe('$.x');
    expect(jsonPathField('$.x').parse("$['a [b'].c")).toBe("$['a [b'].c");
  });
});
