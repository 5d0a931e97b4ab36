import { describe, expect, it } from 'vitest';
import { distinctNames, fillLinkTemplate, fillTemplate, labelMatchers, seriesText } from '../../../main/checks/lib/labels.js';
import { credentialField, toolPage } from '../../../main/checks/lib/tool.js';

describe('fillTemplate', () => {
  it.each([
    ['{{instance}}', { instance: 'web-1:9100' }, 'web-1:9100'],
    ['{{ alertname }} on {{instance}}', { alertname: 'DiskFull', instance: 'db-1' }, 'DiskFull on db-1'],
    ['{{alertname}} {{instance}}', { alertname: 'Watchdog' }, 'Watchdog '],
    ['no placeholders', {}, 'no placeholders'],
  ])('%s with %j is %j', (template, labels, text) => {
    expect(fillTemplate(template, (name) => (labels as Record<string, string>)[name])).toBe(text);
  });
});

describe('fillLinkTemplate', () => {
  const labels: Record<string, string> = { instance: 'db-1:9100', runbook_url: 'https://wiki.example.com/a b?x=1', path: '/var/log' };
  it.each([
    ['values in a path or query are URL-encoded', 'https://grafana.example.com/d/x?var-host={{instance}}&p={{path}}', 'https://grafana.example.com/d/x?var-host=db-1%3A9100&p=%2Fvar%2Flog'],
    ['a leading placeholder is the address itself', '{{runbook_url}}#{{instance}}', 'https://wiki.example.com/a b?x=1#db-1%3A9100'],
    ['a missing label is empty', 'https://wiki.example.com/{{team}}', 'https://wiki.example.com/'],
  ])('%s', (_name, template, link) => {
    expect(fillLinkTemplate(template, (name) => labels[name])).toBe(link);
  });
});

describe('label sets as PromQL writes them', () => {
  it.each([
    [{ __name__: 'up', job: 'node', instance: 'a:9100' }, 'up{instance="a:9100", job="node"}'],
    [{ __name__: 'up' }, 'up'],
    [{ path: 'C:\\temp "x"' }, '{path="C:\\\\temp \\"x\\""}'],
    [{}, '{}'],
  ])('%j is %s', (labels, text) => {
    expect(seriesText(labels)).toBe(text);
  });

  it('sorts matchers by name', () => {
    expect(labelMatchers({ b: '2', a: '1' })).toBe('{a="1", b="2"}');
  });
});

describe('distinctNames', () => {
  const items = [
    { name: 'web-1', labels: { instance: 'web-1', mountpoint: '/', job: 'node' } },
    { name: 'db-1', labels: { instance: 'db-1', mountpoint: '/', job: 'node' } },
    { name: 'web-1', labels: { instance: 'web-1', mountpoint: '/var', job: 'node' } },
  ];

  it('adds the labels that tell rows apart, and only to rows that would share a name', () => {
    expect(distinctNames(items)).toEqual(['web-1 {mountpoint="/"}', 'db-1', 'web-1 {mountpoint="/var"}']);
  });

  it('gives each label set the same name whatever the order (history follows the name)', () => {
    const reversed = distinctNames([...items].reverse());
    expect(reversed.reverse()).toEqual(distinctNames(items));
  });

  it('counts rows whose label sets are equal', () => {
    expect(distinctNames([{ name: 'x', labels: { a: '1' } }, { name: 'x', labels: { a: '1' } }])).toEqual(['x', 'x #2']);
  });
});

describe('tool pages and credentials', () => {
  it.each([
    ['https://am.example.com', '#/alerts', 'https://am.example.com/#/alerts'],
    ['https://example.com/alertmanager/', '#/silences/abc', 'https://example.com/alertmanager/#/silences/abc'],
    ['https://user:pw@ha.example.com:8123', '', 'https://user@ha.example.com:8123/'],
  ])('%s + %s is %s', (base, path, page) => {
    expect(toolPage(base, path)).toBe(page);
  });

  it.each<[string, Record<string, string> | undefined, string]>([
    ['https://prom.example.com', { authorization: 'Bearer x' }, 'headers.authorization'],
    ['https://prom.example.com', { 'X-Scope-OrgID': 'team', 'X-Api-Key': 'k' }, 'headers.X-Api-Key'],
    ['https://u:p@prom.example.com', undefined, 'url'],
    ['https://prom.example.com', { 'X-Scope-OrgID': 'team' }, 'headers'],
  ])('a refusal of %s with %j names %s', (url, headers, field) => {
    expect(credentialField(url, headers)).toBe(field);
  });
});
