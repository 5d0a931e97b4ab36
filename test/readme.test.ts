/**
 * The README is the reference, so what it promises is tested:
 * - every YAML or JSON block that is a config, a config fragment or a resource loads
 *   without errors or warnings, unless an HTML comment before it says it shows one
 *   (`<!-- example: shows a warning -->`, `<!-- example: shows an error -->`), or says it
 *   is not a config at all (`<!-- example: not a config -->`);
 * - every kind's timeout reads as the README says, in the table of "How a run works" and
 *   wherever a kind's section quotes it;
 * - the contents link every check kind and the command line reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { allChecks } from '../main/checks/registry.js';
import { EXIT } from '../main/cli/output.js';
import { duration } from '../main/checks/fields.js';
import { parseConfig, settingsSchemas } from '../main/engine/config.js';
import { packageRoot } from '../main/engine/paths.js';
import { timeoutResult } from '../main/engine/runner.js';

/** Every registered kind, loaded (the registry loads a kind on first use). */
const checks = await allChecks();

const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
const lines = readme.split('\n');

interface Fence {
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** What the HTML comment just before it says: `shows a warning`, `not a config`… */
  marker?: string;
}

function fences(): Fence[] {
  const found: Fence[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w*)\s*$/.exec(lines[index]!);
    if (!open) continue;
    const end = lines.findIndex((line, at) => at > index && /^```\s*$/.test(line));
    const before = lines.slice(0, index).reverse().find((line) => line.trim() !== '') ?? '';
    const marker = /^<!--\s*example:\s*(.+?)\s*-->$/.exec(before.trim())?.[1];
    found.push({ lang: open[1]!, body: lines.slice(index + 1, end).join('\n'), line: index + 1, ...(marker ? { marker } : {}) });
    index = end;
  }
  return found;
}

const SETTINGS = new Set(Object.keys(settingsSchemas));

/** The block as a whole config: a config as it is, settings with a resource added, a resource or list of them wrapped. */
function asConfig(value: unknown): Record<string, unknown> | undefined {
  const resource = (item: unknown) => Boolean(item) && typeof item === 'object' && !Array.isArray(item) && 'type' in (item as object) && 'name' in (item as object);
  if (Array.isArray(value)) return value.length > 0 && value.every(resource) ? { resources: value } : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if ('resources' in record || 'Resources' in record) return record;
  if (resource(record)) return { resources: [record] };
  // A settings fragment (an `email` section): valid on its own, with a resource so nothing else is flagged.
  if (Object.keys(record).every((key) => SETTINGS.has(key))) return { ...record, resources: [{ name: 'Proof of life', type: 'proof-of-life', link: 'https://example.com' }] };
  return undefined;
}

describe('README: every config example loads clean', () => {
  const examples = fences().filter((fence) => ['yaml', 'yml', 'json'].includes(fence.lang));

  it('finds the examples (one or more per check kind)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(checks.length);
  });

  for (const example of examples) {
    const label = `line ${example.line} (${example.lang}${example.marker ? `, ${example.marker}` : ''})`;
    it(label, async () => {
      if (example.marker === 'not a config') return;
      const value: unknown = example.lang === 'json' ? JSON.parse(example.body) : parseYaml(example.body);
      const config = asConfig(value);
      if (!config) throw new Error(`README ${label}: neither a config nor a resource: make it one, or mark it <!-- example: not a config -->`);
      // Every ${NAME} the example uses is set, as the text tells the reader to.
      const env = Object.fromEntries([...example.body.matchAll(/\$\{([A-Za-z_]\w*)\}/g)].map((match) => [match[1]!, 'set-in-the-environment']));
      const loaded = await parseConfig(JSON.stringify(config), `/etc/backstop/example-${example.line}.json`, env);
      const shown = loaded.issues.map((issue) => `${issue.severity} ${issue.path}: ${issue.message}`);
      const errors = shown.filter((issue) => issue.startsWith('error'));
      const warnings = shown.filter((issue) => issue.startsWith('warning'));
      if (example.marker === 'shows an error') expect(errors).not.toEqual([]);
      else if (example.marker === 'shows a warning') expect({ errors, warnings: warnings.length > 0 }).toEqual({ errors: [], warnings: true });
      else expect(shown).toEqual([]);
    });
  }
});

describe('README: timeouts read as promised, kind by kind', () => {
  const parseDuration = (text: string) => duration().parse(text);

  it('"How a run works" lists every kind, in registry order, with the behaviour\'s words', () => {
    const howARunWorks = readme.slice(readme.indexOf('\n## How a run works'), readme.indexOf('\n## Writing a config'));
    const rows = [...howARunWorks.matchAll(/^\s*\| `([a-z-]+)` \| `([^`]+)` \|$/gm)].map((match) => ({ kind: match[1]!, result: match[2]! }));
    expect(rows.map((row) => row.kind)).toEqual(checks.map((definition) => definition.kind));
    for (const row of rows) {
      const definition = checks.find((candidate) => candidate.kind === row.kind)!;
      const written = /(\d+(?:\.\d+)?(?:ms|s|m|h|d))/.exec(row.result)![1]!;
      expect(row.result).toBe(timeoutResult(definition, parseDuration(written)));
    }
  });

  for (const definition of checks) {
    it(`${definition.kind}: every timeout result its section quotes is what the runner writes`, () => {
      const start = readme.indexOf(`### \`${definition.kind}\``);
      expect(start).toBeGreaterThan(-1);
      const end = readme.slice(start + 4).search(/\n#{2,3} /);
      const section = readme.slice(start, end === -1 ? undefined : start + 4 + end);
      for (const [, quoted] of section.matchAll(/`([^`]*\b(?:within|stopped after) (\d+(?:\.\d+)?(?:ms|s|m|h|d))\b[^`]*)`/g)) {
        const written = /(?:within|stopped after) (\d+(?:\.\d+)?(?:ms|s|m|h|d))/.exec(quoted!)![1]!;
        expect(quoted).toBe(timeoutResult(definition, parseDuration(written)));
      }
    });
  }
});

describe('README: structure', () => {
  it('the contents link every check kind, in registry order, and the command line reference', () => {
    const contents = readme.slice(readme.indexOf('## Contents'), readme.indexOf('\n## ', readme.indexOf('## Contents') + 3));
    const linked = [...contents.matchAll(/\[`([a-z-]+)`\]\(#([a-z-]+)\)/g)].map((match) => match[1]);
    expect(linked).toEqual(checks.map((definition) => definition.kind));
    for (const [, , anchor] of contents.matchAll(/\[`([a-z-]+)`\]\(#([a-z-]+)\)/g)) expect(readme).toContain(`### \`${anchor}\``);
    expect(contents).toContain('](#the-command-line)');
    expect(readme).toContain('\n## The command line\n');
  });

  it('the exit codes table matches the CLI', () => {
    const table = [...readme.matchAll(/^\| `(\d)` \| ([A-Za-z ]+?) *[:(|]/gm)].map((match) => [Number(match[1]), match[2]!.trim()]);
    expect(table).toEqual([
      [EXIT.ok, 'all OK'],
      [EXIT.warnings, 'warnings'],
      [EXIT.errors, 'errors'],
      [EXIT.couldNotRun, 'could not run'],
    ]);
  });
});
