/**
 * Label sets, as Prometheus and Alertmanager give them: rows named from them with a
 * template (`{{instance}}`), links built from them, and label sets written the way
 * PromQL writes them (`up{instance="web-1:9100", job="node"}`), for the kinds that read
 * those tools.
 */
import * as z from 'zod';

export type Labels = Readonly<Record<string, string>>;

/** `{{instance}}`, `{{ alertname }}`: a label name between double braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Anything in double braces, to refuse what is not a placeholder. */
const BRACES = /\{\{(.*?)\}\}/g;

/** Why a template cannot be used, worded as the fix; undefined when it can. */
function templateProblem(template: string, example: string): string | undefined {
  for (const [whole, inside] of template.matchAll(BRACES)) {
    if (new RegExp(`^${PLACEHOLDER.source}$`).test(whole)) continue;
    // Prometheus rule templates write `{{ $labels.instance }}`: the name alone is meant.
    const label = /^\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(inside ?? '')?.[1];
    return label !== undefined
      ? `write a label as {{${label}}}, not ${whole}`
      : `must use label placeholders like "${example}": ${whole} is not a label name`;
  }
  if (template.replace(BRACES, '').includes('{{')) return `has a \`{{\` without its \`}}\`: write label placeholders like "${example}"`;
  return undefined;
}

/** A config field holding a template with `{{label}}` placeholders, checked at load. */
export function labelTemplateField(example: string, description: string) {
  return z
    .string({ error: `must be text with label placeholders like "${example}"` })
    .min(1, { error: `must be text with label placeholders like "${example}", got ""` })
    .superRefine((template, ctx) => {
      const problem = templateProblem(template, example);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${problem}, got ${JSON.stringify(template)}` });
    })
    .meta({ description, examples: [example] });
}

/** The template with each `{{name}}` replaced by `lookup(name)` (nothing when it has no value). */
export function fillTemplate(template: string, lookup: (name: string) => string | undefined, encode: (value: string) => string = (value) => value): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => encode(lookup(name) ?? ''));
}

/**
 * A link from a template: values are URL-encoded, except a placeholder that starts the
 * template, which is the address itself (`{{runbook_url}}`, `{{generatorURL}}`).
 */
export function fillLinkTemplate(template: string, lookup: (name: string) => string | undefined): string {
  const leading = new RegExp(`^${PLACEHOLDER.source}`).exec(template);
  const head = leading ? (lookup(leading[1]!) ?? '') : '';
  const rest = leading ? template.slice(leading[0].length) : template;
  return head + fillTemplate(rest, lookup, encodeURIComponent);
}

/** `{instance="web-1:9100", job="node"}`, keys sorted, values quoted as PromQL quotes them. */
export function labelMatchers(labels: Labels): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${pairs.join(', ')}}`;
}

/** A series as PromQL writes it: `up{instance="web-1:9100", job="node"}`; `{}` for no labels. */
export function seriesText(labels: Labels): string {
  const { __name__: metricName, ...rest } = labels;
  if (metricName !== undefined && Object.keys(rest).length === 0) return metricName;
  return `${metricName ?? ''}${labelMatchers(rest)}`;
}

/**
 * Names made unique: rows that would share a name (and so a history line) get the labels
 * that tell them apart: `web-1 {mountpoint="/"}`, `web-1 {mountpoint="/var"}`. The same
 * set of label sets always gives the same names, whatever their order.
 */
export function distinctNames(items: readonly { name: string; labels: Labels }[]): string[] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => groups.set(item.name, [...(groups.get(item.name) ?? []), index]));
  const names = items.map((item) => item.name);
  for (const [name, members] of groups) {
    if (members.length < 2) continue;
    const keys = new Set(members.flatMap((index) => Object.keys(items[index]!.labels)));
    const differing = [...keys].filter((key) => new Set(members.map((index) => items[index]!.labels[key])).size > 1);
    for (const index of members) {
      const labels = items[index]!.labels;
      const told = Object.fromEntries(differing.filter((key) => labels[key] !== undefined).map((key) => [key, labels[key]!]));
      if (Object.keys(told).length > 0) names[index] = `${name} ${labelMatchers(told)}`.trim();
    }
  }
  // Equal label sets (a tool's bug) are told apart by a count.
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} #${count}`;
  });
}
