/**
 * Strict config: a mistyped key anywhere is an error naming the key it was meant to be.
 * The rule is held for every registered kind by walking its schema, so a kind added
 * tomorrow with a loose nested object fails here, not silently in someone's config.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { allChecks } from '../../main/checks/registry.js';
import { parseConfig, type BrokenResource } from '../../main/engine/config.js';
import { defOf, unwrapped } from '../../main/engine/config-issues.js';

/** Every registered kind, loaded (the registry loads a kind on first use). */
const checks = await allChecks();

/** Every object inside a schema: its path (array items as `[0]`, record values as `.key`) and its fields. */
function objectsIn(schema: z.ZodType, path: (string | number)[] = []): { path: (string | number)[]; fields: string[]; strict: boolean }[] {
  const inner = unwrapped(schema);
  if (inner) return objectsIn(inner, path);
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const own = { path, fields: Object.keys(def.shape!), strict: def.catchall !== undefined && defOf(def.catchall).type === 'never' };
      return [own, ...Object.entries(def.shape!).flatMap(([key, field]) => objectsIn(field, [...path, key]))];
    }
    case 'union':
      return def.options!.flatMap((option) => objectsIn(option, path));
    case 'array':
      return objectsIn(def.element!, [...path, 0]);
    case 'record':
      return objectsIn(def.valueType!, [...path, 'key']);
    default:
      return [];
  }
}

/** `{ a: { b: value } }` for the path `['a', 'b']`; arrays for numeric steps. */
function nest(path: (string | number)[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, step) => (typeof step === 'number' ? [inner] : { [step]: inner }), value);
}

const dotted = (path: (string | number)[]) => path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').replace(/^\./, '');

describe('every kind is strict, at every depth, with "did you mean"', () => {
  for (const definition of checks) {
    const objects = objectsIn(definition.schema);

    it(`${definition.kind}: every object in its schema is a strictObject`, () => {
      expect(objects.length).toBeGreaterThan(0);
      expect(objects.filter((object) => !object.strict).map((object) => dotted(object.path) || '(the kind itself)')).toEqual([]);
    });

    for (const object of objects.filter((candidate) => candidate.fields.length > 0)) {
      const field = object.fields[0]!;
      const typo = `${field}x`;
      const where = dotted(object.path);
      it(`${definition.kind}: a typo for \`${where ? `${where}.` : ''}${field}\` is an error suggesting it`, async () => {
        const resource = { name: 'R', type: definition.kind, link: 'https://x', ...(nest(object.path, { [typo]: 'value' }) as object) };
        const config = await parseConfig(JSON.stringify({ resources: [resource] }), '/cfg/backstop.json', {});
        const problems = (config.resources[0] as BrokenResource).problems ?? [];
        const full = (name: string) => (where ? `${where}.${name}` : name);
        expect(problems).toContain(`resource \`R\` (${definition.kind}): unknown field \`${full(typo)}\`: did you mean \`${full(field)}\`?`);
      });
    }
  }
});

describe('settings are strict too, with "did you mean" at any depth', () => {
  const scenarios = [
    { text: 'email: { smtp: { host: h }, from: a@b.co, to: a@b.co, heartbeatURL: "https://hc-ping.com/x" }', path: 'email.heartbeatURL', message: 'unknown field `email.heartbeatURL`: did you mean `email.heartbeatUrl`?' },
    { text: 'email: { smtp: { hots: h }, from: a@b.co, to: a@b.co }', path: 'email.smtp.hots', message: 'unknown field `email.smtp.hots`: did you mean `email.smtp.host`?' },
    { text: 'defaults: { timout: 2m }', path: 'defaults.timout', message: 'unknown field `defaults.timout`: did you mean `defaults.timeout`?' },
    { text: 'history: { kepp: 10 }', path: 'history.kepp', message: 'unknown field `history.kepp`: did you mean `history.keep`?' },
    { text: 'concurrency: { netwrk: 10 }', path: 'concurrency.netwrk', message: 'unknown field `concurrency.netwrk`: did you mean `concurrency.network`?' },
    { text: 'history: { zzz: 10 }', path: 'history.zzz', message: 'unknown field `history.zzz`: `history` takes `keep`' },
  ];
  for (const scenario of scenarios) {
    it(scenario.path, async () => {
      const config = await parseConfig(`${scenario.text}\nresources: []\n`, '/cfg/backstop.yaml', {});
      expect(config.issues).toContainEqual({ severity: 'error', path: scenario.path, message: scenario.message });
    });
  }

  it('a mistyped email key switches nothing off silently: the email is not used, and says why', async () => {
    const config = await parseConfig('email: { smtp: { host: h }, from: a@b.co, to: a@b.co, heartbeatURL: "https://hc-ping.com/x" }\nresources: []\n', '/cfg/backstop.yaml', {});
    expect(config.settings.email).toBeUndefined();
    expect(config.settings.emailProblem).toContain('did you mean `email.heartbeatUrl`?');
  });
});
