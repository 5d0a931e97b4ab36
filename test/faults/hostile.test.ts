/**
 * Fault matrix, hostile output: a script's rows and debug output carrying
 * terminal escapes, C0 and C1 controls, bidi overrides and isolates, the line
 * separators U+2028, U+2029 and U+0085, and a `javascript:` link; and a damaged
 * state file whose error quotes such bytes in Backstop's own row. None of it may
 * reach `--print`, the human list, JSON, the debug log, or the email (HTML and text).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/types.js';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp.js';
import { cli, FORBIDDEN, printed, temp, writeConfig, writeScript } from './support.js';

// printf escapes, so the script file itself stays plain text: ESC [31m, BEL, C1 CSI (U+009B) "2J",
// RLO (U+202E), LRI (U+2066), LINE SEPARATOR, PARAGRAPH SEPARATOR, NEL (U+0085), a bare CR.
const HOSTILE = String.raw`red\033[31m bell\007 csi\302\2332J rlo\342\200\256 lri\342\201\246 ls\342\200\250 ps\342\200\251 nel\302\205 cr\r end`;
const SCRIPT = [
  String.raw`printf '[STATUS]^WARNING^${HOSTILE}^m\342\200\256etric^javascript:alert(1)\n'`,
  String.raw`printf '[STATUS]^OK^osc \033]0;title\007done^other^https://ok.example/\342\200\256x\n'`,
  String.raw`printf 'debug line \033[2J\342\200\256 \302\205 javascript:alert(1)\n'`,
].join('\n');
/** A damaged state file: its parse error quotes the bytes, in Backstop's own row. */
const DAMAGED_STATE = '\u001b[2J\u202e\u2028garbage';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

function setup(): { path: string; dataDir: string; dir: string } {
  const dir = temp('config');
  writeScript(dir, 'hostile.sh', SCRIPT);
  const path = writeConfig(`email:
  smtp: { host: 127.0.0.1, port: ${smtp.port}, secure: none, timeout: 30s }
  from: backstop@example.com
  to: [me@example.com]
  retryDelays: []
resources:
  - { name: "Hostile\\u202e", type: process, command: ./hostile.sh, debug: true, link: "https://x.example" }
`, dir);
  const dataDir = temp('data');
  writeFileSync(join(dataDir, 'state.json'), DAMAGED_STATE);
  return { path, dataDir, dir };
}

/**
 * Every text a printer produced must be free of the forbidden characters and, unless it is
 * the debug log quoting the script's own output, of the hostile link.
 */
function expectClean(label: string, text: string, options: { quotesOutput?: boolean } = {}): void {
  const found = FORBIDDEN.exec(text);
  expect(found ? `${label}: U+${found[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${found.index}: ${JSON.stringify(text.slice(Math.max(0, found.index - 30), found.index + 10))}` : '').toBe('');
  if (!options.quotesOutput) expect(text, label).not.toContain('alert(1)');
}

describe('fault: hostile output', { timeout: 120_000 }, () => {
  it('never reaches --print or the --verbose debug log', async () => {
    const { path, dataDir } = setup();
    const result = await cli(['run', path, '--print', '--verbose', '--data-dir', dataDir]);
    expectClean('--print', result.stdout);
    expect(result.stdout).toContain('WARNING,Hostile,metric,red bell csi rlo lri ls ps nel cr end\n');
    expect(printed(result.stdout, 'WARNING', 'Backstop', 'state file')).toMatch(/^state file .+ was damaged \(.*garbage.*\) and moved to /);
    // The debug log keeps its lines but nothing else: tab and newline only. It quotes the script's
    // stdout as text (`debug: true` asks for that), never as a link of a row.
    expectClean('--verbose', result.stderr.replace(/\n/g, ''), { quotesOutput: true });
    expect(result.stderr).toContain('debug line  \n javascript:alert(1)');
    expect(result.stderr).toContain('debug line  ');
  });

  it('never reaches the human list, and a javascript: link is not printed, only said to be refused', async () => {
    const { path, dataDir } = setup();
    const result = await cli(['run', path, '--data-dir', dataDir]);
    expectClean('human', result.stdout.replace(/\n/g, ''));
    expect(result.stdout).toContain('WARNING Hostile: metric — red bell csi rlo lri ls ps nel cr end');
    expect(result.stdout).toContain('        link not shown: javascript: links are not allowed');
  });

  it('never reaches JSON, the --html file or the email sent', async () => {
    const { path, dataDir, dir } = setup();
    const html = join(dir, 'email.html');
    const sentBefore = smtp.messages.length;
    const result = await cli(['run', path, '--json', '--email', '--html', html, '--data-dir', dataDir]);
    expect(result.stderr).toBe('');
    expectClean('--json', result.stdout.replace(/\n/g, ''));
    const report = JSON.parse(result.stdout) as Report;
    const row = report.statuses.find((status) => status.resource === 'Hostile')!;
    expect(row).toMatchObject({ level: 'WARNING', metric: 'metric', result: 'red bell csi rlo lri ls\n ps\n nel\n cr\n end', link: '', linkRefused: 'javascript: links are not allowed' });
    expect(report.delivery?.email.sent).toBe(true);
    expect(JSON.stringify(report)).not.toContain('alert(1)');

    expectClean('--html', readFileSync(html, 'utf8').replace(/\n/g, ''));
    const [message] = (await smtp.waitForMessages(sentBefore + 1)).slice(sentBefore);
    expectClean('email text', (message!.parsed.text ?? '').replace(/\n/g, ''));
    expectClean('email html', String(message!.parsed.html).replace(/\n/g, ''));
    expect(String(message!.parsed.html)).not.toMatch(/href="(?!https?:|mailto:)/);
  });
});
