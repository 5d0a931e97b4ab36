/**
 * Configs are read by js-yaml when they are plain (readPlainYaml) and by `yaml` otherwise.
 * The two readings must agree on every config the fast path accepts, or a config would mean
 * one thing at 10 resources and another at 10,000: over every YAML block of the README, the
 * demo, hand-picked corner cases, and thousands of generated configs (`FUZZ=60000 FUZZ_SEED=7
 * npx vitest run test/engine/config-yaml-fast.test.ts` tries more, and others).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlainYaml, readYamlDocument } from '../../main/engine/config-parse.js';
import { packageRoot } from '../../main/engine/paths.js';
import { seededRandom } from '../helpers/random.js';

/** Both readings of `text`: `fast` is undefined where the fast path declines. */
async function both(text: string): Promise<{ fast: unknown; slow: unknown }> {
  const fast = await readPlainYaml(text);
  let slow: unknown;
  try {
    slow = await readYamlDocument(text);
  } catch (error) {
    slow = `error: ${(error as Error).message}`;
  }
  return { fast, slow };
}

function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\s*\n([\s\S]*?)^```\s*$/gm)].map((match) => match[1]!);
}

// Scalars as people write them in configs, including the forms the two parsers could read apart.
const SCALARS = [
  'plain text', 'https://example.com/a?b=1&c=2#frag', '"double \\"quoted\\" \\t\\u00e9 \\x41"', "'single ''quoted'''", '1.10', '0x1F', '007', '0o17', '1e3',
  '-12', '+12', '.5', '1_000', '.inf', '-.Inf', '.NaN', 'true', 'True', 'FALSE', 'yes', 'no', 'on', 'null', '~', '2026-11-20', '12:30:00', '1:20',
  'a: b', '"a: b"', 'Tom & Jerry', 'C# and F#', 'a #comment', "''", '""', '5s', '30 days', '0 4 * * *', '"*/5 * * * *"', '[a, b, "c, d"]', '{a: 1, b: [x, y]}',
  '[]', '{}', '', '-', 'é ü ✓', '"line\\nbreak"', '@home', '`tick`', '%percent', '?question', '=equals',
];
const BLOCKS = ['|\n      literal line\n      second\n', '>\n      folded line\n      joined\n\n      para\n', '|-\n      strip\n', '>+\n      keep\n\n', '|2\n        indented\n'];

function generatedConfig(next: () => number): string {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const lines = [...(next() < 0.2 ? ['---'] : []), '# generated', `timezone: ${pick(['Europe/Berlin', '"UTC"', "'America/New_York'"])}`, 'resources:'];
  const count = 1 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) {
    lines.push(`  - name: ${pick(SCALARS)}`, `    type: ${pick(['http', 'process', 'trigger'])}`);
    if (next() < 0.3) lines.push(`    result: ${pick(BLOCKS)}`.trimEnd());
    if (next() < 0.5) lines.push(`    command: [${pick(SCALARS)}, ${pick(SCALARS)}]`);
    if (next() < 0.5) lines.push('    env:', `      A: ${pick(SCALARS)}`, `      B: ${pick(SCALARS)}`);
    if (next() < 0.5) lines.push(`    link: ${pick(SCALARS)}   # a comment`);
    if (next() < 0.3) lines.push(`    params: {x: ${pick(SCALARS)}, y: ${pick(SCALARS)}}`);
    if (next() < 0.2) lines.push('    tags:', `      - ${pick(SCALARS)}`, `      - ${pick(SCALARS)}`);
    if (next() < 0.2) lines.push('    params:', '      nested:', `        k: ${pick(SCALARS)}`, '      list:', `        - ${pick(SCALARS)}`, `        - {a: ${pick(SCALARS)}}`, '        - k: v', `          j: ${pick(SCALARS)}`);
    if (next() < 0.2) lines.push('    flow: {', `      a: ${pick(SCALARS)},`, `      b: ${pick(SCALARS)}`, '    }');
    if (next() < 0.2) lines.push(`    "quoted key": ${pick(SCALARS)}`, `    'other key': ${pick(SCALARS)}`);
    if (next() < 0.2) lines.push('', '  # between resources', '');
  }
  return `${lines.join('\n')}\n`;
}

describe('the fast YAML reading', () => {
  it('agrees with the full reading on every YAML block of the README and the demo config, and takes most of them', async () => {
    const texts = [...yamlBlocks(readFileSync(join(packageRoot(), 'README.md'), 'utf8')), readFileSync(join(packageRoot(), 'demo', 'backstop.yaml'), 'utf8')];
    let fast = 0;
    for (const text of texts) {
      const reading = await both(text);
      if (reading.fast === undefined) continue;
      fast++;
      expect(reading.fast, text).toEqual(reading.slow);
    }
    expect(texts.length).toBeGreaterThan(20);
    expect(fast).toBeGreaterThan(texts.length / 2);
  });

  it('agrees with the full reading on 3,000 generated configs of every scalar form', async () => {
    const next = seededRandom(Number(process.env.FUZZ_SEED ?? 2026));
    let fast = 0;
    for (let i = 0; i < Number(process.env.FUZZ ?? 3000); i++) {
      const text = generatedConfig(next);
      const reading = await both(text);
      if (reading.fast === undefined) continue;
      fast++;
      expect(reading.fast, text).toEqual(reading.slow);
    }
    expect(fast).toBeGreaterThan(200);
  });

  it.each([
    ['an anchor and alias', 'defaults: &d {timeout: 5s}\nresources:\n  - {name: a, type: http, url: "https://x", link: "https://x", <<: *d}\n'],
    ['a merge key', 'base: {a: 1}\nother:\n  <<: {b: 2}\n'],
    ['a tag', 'value: !!str 12\n'],
    ['a binary number', 'value: 0b101\n'],
    ['a number written +.5', 'value: +.5\n'],
    ['a number in a command', 'resources:\n  - {name: a, type: process, command: [check, -w, 1.50]}\n'],
    ['true in an env', 'resources:\n  - {name: a, type: process, command: x, env: {DEBUG: true}}\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a tab as indentation', 'resources:\n\t- a\n'],
    ['an empty file', ''],
    ['a list at the top', '- a\n- b\n'],
  ])('declines %s, which the full reading handles', async (_name, text) => {
    expect(await readPlainYaml(text)).toBeUndefined();
  });

  it('reads a dated value as text, not as a timestamp, like the full reading', async () => {
    const text = 'resources:\n  - name: a\n    type: proof-of-life\n    link: https://example.com\n    snooze: {until: 2026-12-31, reason: holidays}\n';
    const reading = await both(text);
    expect(reading.fast).toEqual(reading.slow);
    expect((reading.fast as { resources: { snooze: { until: unknown } }[] }).resources[0]!.snooze.until).toBe('2026-12-31');
  });
});
