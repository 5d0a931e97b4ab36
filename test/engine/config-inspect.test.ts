/**
 * What `backstop validate` checks without running: local files named by resources exist,
 * links are http, https or mailto, slash dates that read two ways are flagged with the
 * ISO spelling, and an empty config is a warning. Real files in a temporary folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../main/engine/config.js';
import { inspectConfig } from '../../main/engine/config-inspect.js';

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-inspect-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const load = (dir: string, resources: string) => parseConfig(`resources:\n${resources}`, join(dir, 'backstop.yaml'), {});
const lines = (issues: { severity: string; path: string; message: string }[]) => issues.map((issue) => `${issue.severity} ${issue.path}: ${issue.message}`);

describe('validate: local files exist', () => {
  it('names each missing file by its field, with the absolute path, worded as the fix', async () => {
    const dir = folder({ 'checks/ok.mjs': 'export function check() {}', 'certs/ca.pem': 'x', 'keys/sheets.json': '{}', 'sheet.csv': 'Action,Due\nA,2030-01-01\n' });
    const config = await load(
      dir,
      `  - { name: Mod, type: module, path: checks/missing.ts, link: "https://x" }
  - { name: ModOk, type: module, path: checks/ok.mjs, link: "https://x" }
  - { name: Web, type: http, url: "https://x.example", ca: certs/nope.pem, link: "https://x" }
  - { name: WebOk, type: http, url: "https://x.example", ca: certs/ca.pem, link: "https://x" }
  - { name: Sheet, type: trigger, source: nope.csv, link: "https://x" }
  - { name: SheetOk, type: trigger, source: sheet.csv, link: "https://x" }
  - { name: SheetUrl, type: trigger, source: "https://sheets.example/pub?output=csv", link: "https://x" }
  - { name: Api, type: trigger, sheet: { spreadsheetId: abc, keyFile: keys/missing.json }, link: "https://x" }
  - { name: ApiOk, type: trigger, sheet: { spreadsheetId: abc, keyFile: keys/sheets.json }, link: "https://x" }
  - { name: Folder, type: module, path: checks, link: "https://x" }
  - { name: Absolute, type: json-age, url: "https://x.example", path: a, errorAfter: 1h, ca: /nonexistent/ca.pem, link: "https://x" }
`,
    );
    expect(config.issues).toEqual([]);
    expect(lines(await inspectConfig(config))).toEqual([
      `error resources[0].path: resource \`Mod\` (module): \`path\`: no module at ${dir}/checks/missing.ts: fix the path (relative paths start at the config file's folder)`,
      `error resources[2].ca: resource \`Web\` (http): \`ca\`: no PEM file of extra CAs at ${dir}/certs/nope.pem: fix the path (relative paths start at the config file's folder)`,
      `error resources[4].source: resource \`Sheet\` (trigger): \`source\`: no sheet at ${dir}/nope.csv: fix the path (relative paths start at the config file's folder)`,
      `error resources[7].sheet.keyFile: resource \`Api\` (trigger): \`sheet.keyFile\`: no service-account key at ${dir}/keys/missing.json: fix the path (relative paths start at the config file's folder)`,
      `error resources[9].path: resource \`Folder\` (module): \`path\`: ${dir}/checks is a folder: name the module itself`,
      'error resources[10].ca: resource `Absolute` (json-age): `ca`: no PEM file of extra CAs at /nonexistent/ca.pem: fix the path',
    ]);
  });
});

describe('validate: dates that read differently in the US and Europe', () => {
  it('flags them in a local sheet (due and snooze-until), with the ISO spelling; unambiguous dates pass', async () => {
    const dir = folder({
      'sheet.csv': 'Action,Due,Warn days,Snooze until\nRenew,03/12/2026,7,\nAudit,11/20/2026,7,\nPill,2026-04-05,,04/06/2026\nSame,5/5/2026,,\n',
    });
    const config = await load(dir, '  - { name: Deadlines, type: trigger, source: sheet.csv, link: "https://x" }\n');
    expect(lines(await inspectConfig(config))).toEqual([
      'warning resources[0].source: resource `Deadlines` (trigger): sheet.csv: 2 dates read differently in the US and Europe: row 2: "03/12/2026" reads as March 12, 2026 (US, as Backstop reads it) but as 3 December 2026 in Europe: write "2026-03-12" (year-month-day), which nobody misreads; row 4: "04/06/2026" reads as April 6, 2026 (US, as Backstop reads it) but as 4 June 2026 in Europe: write "2026-04-06" (year-month-day), which nobody misreads',
    ]);
  });

  it('a sheet whose header it will not recognise says which names it expects', async () => {
    const dir = folder({ 'sheet.csv': 'Thing,When\nRenew,2030-01-01\n' });
    const config = await load(dir, '  - { name: Deadlines, type: trigger, source: sheet.csv, link: "https://x" }\n');
    expect(lines(await inspectConfig(config))).toEqual([
      expect.stringMatching(/^warning resources\[0\]\.source: resource `Deadlines` \(trigger\): sheet\.csv: the header row \(Thing \| When\) names no action or due column: name the action as Action, Item, Task or What, and the due date as Due, Due date, Date or Next/),
    ]);
  });

  it('flags an ambiguous snoozeUntil when the config loads', async () => {
    const config = await load(folder(), '  - { name: Shop, type: proof-of-life, link: "https://x", snoozeUntil: "03/12/2026", snoozeReason: vendor }\n  - { name: Fine, type: proof-of-life, link: "https://x", snoozeUntil: "12/31/2026", snoozeReason: vendor }\n');
    expect(lines(config.issues)).toEqual([
      'warning resources[0].snoozeUntil: resource `Shop` (proof-of-life): `snoozeUntil` "03/12/2026" reads as March 12, 2026 (US, as Backstop reads it) but as 3 December 2026 in Europe: write "2026-03-12" (year-month-day), which nobody misreads',
    ]);
    expect(config.resources[0]).toMatchObject({ ok: true, snooze: { until: '2026-03-12' } });
  });
});

describe('validate: links and empty configs', () => {
  it('a link that is not http, https or mailto is a warning with the fix', async () => {
    const config = await load(
      folder(),
      `  - { name: File, type: proof-of-life, link: "file:///srv/runbook.html" }
  - { name: Relative, type: proof-of-life, link: "wiki/backup" }
  - { name: Mail, type: proof-of-life, link: "mailto:ops@example.com" }
  - { name: Row, type: proof-of-life, link: "https://docs.example.com/edit#range=A{{ROW}}" }
`,
    );
    expect(lines(config.issues)).toEqual([
      'warning resources[0].link: resource `File`: `link` "file:///srv/runbook.html" is not an http, https or mailto address, so it is never offered as a link: give a full address like "https://wiki.example.com/runbooks/backup"',
      'warning resources[1].link: resource `Relative`: `link` "wiki/backup" is not an http, https or mailto address, so it is never offered as a link: give a full address like "https://wiki.example.com/runbooks/backup"',
    ]);
  });

  it('an empty file, a missing list and an empty list are each a warning: nothing would be checked', async () => {
    const path = '/cfg/backstop.yaml';
    expect(lines((await parseConfig('', path, {})).issues)).toEqual(['warning : the config is empty: nothing would be checked: add `resources`, the things to check (`backstop init` writes an example to start from)']);
    expect(lines((await parseConfig('{}', '/cfg/backstop.json', {})).issues)).toHaveLength(1);
    expect(lines((await parseConfig('timezone: UTC\n', path, {})).issues)).toEqual(['warning resources: `resources` is missing: nothing would be checked: add the list of things to check']);
    expect(lines((await parseConfig('resources: []\n', path, {})).issues)).toEqual(['warning resources: `resources` is empty: nothing would be checked: add the things to check']);
  });
});
