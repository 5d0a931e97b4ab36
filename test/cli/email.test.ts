/**
 * `backstop run --email` and `backstop email test` end to end against a real
 * SMTP server on loopback: the email arrives, or the failure is recorded in the
 * saved run, written to a file, and the CLI exits non-zero.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FORBIDDEN } from '../faults/support.js';
import { latestReport } from '../../main/engine/history.js';
import { closedPort, startSmtpServer, type TestSmtpServer } from '../servers/smtp.js';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function config(port: number, extra = ''): string {
  const dir = temp('backstop-email-cli-');
  writeFileSync(
    join(dir, 'backstop.yaml'),
    `email:
  smtp: { host: 127.0.0.1, port: ${port}, secure: none, user: backstop, pass: "\${SMTP_PASS}", timeout: 2s }
  from: backstop@example.com
  to: [me@example.com]
  retryDelays: ["10ms", "10ms"]
${extra}resources:
  - { name: Alive, type: proof-of-life, link: "https://x" }
`,
  );
  return join(dir, 'backstop.yaml');
}


let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('backstop run --email', () => {
  it('sends the report with the password from the environment', async () => {
    server = await startSmtpServer({ auth: { user: 'backstop', pass: 's3cret' } });
    const result = await runCli(['run', config(server.port), '--email', '--print', '--data-dir', temp('backstop-data-')], { SMTP_PASS: 's3cret' });
    expect(result.code).toBe(0);
    const [message] = await server.waitForMessages(1);
    expect(message!.parsed.subject).toMatch(/^Backstop: all 1 OK · /);
    expect(message!.user).toBe('backstop');
  });

  it('records a failed send in the saved run and exits non-zero', async () => {
    server = await startSmtpServer({ rejectAuth: true });
    const dataDir = temp('backstop-data-');
    const result = await runCli(['run', config(server.port), '--email', '--print', '--data-dir', dataDir], { SMTP_PASS: 'wrong' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^backstop: email not sent: .*authentication/im);
    expect(result.out).toMatch(/^ERROR,Backstop,email,email not sent: /m);
    const saved = await latestReport(dataDir);
    expect(saved?.statuses[0]).toMatchObject({ resource: 'Backstop', metric: 'email', level: 'ERROR' });
    expect(readdirSync(join(dataDir, 'unsent'))).toEqual([`${saved!.id}.html`]);
    expect(server.logins.length).toBe(3);
  });

  it('a failure day after day keeps its since, and the next run says the previous email was not sent', async () => {
    server = await startSmtpServer({ rejectAuth: true });
    const dataDir = temp('backstop-data-');
    const path = config(server.port);
    await runCli(['run', path, '--email', '--print', '--data-dir', dataDir], { SMTP_PASS: 'wrong' });
    const first = await latestReport(dataDir);
    await runCli(['run', path, '--email', '--print', '--data-dir', dataDir], { SMTP_PASS: 'wrong' });
    const second = await latestReport(dataDir);
    const emailRow = (report: typeof first) => report!.statuses.find((s) => s.metric === 'email')!;
    expect(emailRow(second).since).toBe(emailRow(first).since);
    expect(second!.statuses.find((s) => s.metric === 'previous email')).toMatchObject({
      level: 'WARNING',
      result: expect.stringMatching(/^the previous run's email \(\d{4}-\d\d-\d\d \d\d:\d\d\) was not sent: .*authentication/i),
    });
    // Said once: as its row, not again among the run's notes.
    expect(second!.health.notes.filter((note) => note.startsWith('email not sent'))).toEqual([]);
  });

  it('on a terminal, says what it is waiting for between attempts to a refused relay', async () => {
    const port = await closedPort();
    const piped = await runCli(['run', config(port), '--email', '--print', '--data-dir', temp('backstop-data-')], { SMTP_PASS: 'pw' });
    expect(piped.err).not.toMatch(/trying again/);
    const terminal = await runCli(['run', config(port), '--email', '--print', '--data-dir', temp('backstop-data-')], { SMTP_PASS: 'pw' }, { tty: true });
    expect(terminal.code).toBe(2);
    expect(terminal.err).toMatch(/backstop: email attempt 1 failed: connection refused by 127\.0\.0\.1:\d+; trying again in 10 ?ms\n/);
    expect(terminal.err).toMatch(/\nbackstop: email attempt 2 failed: .*; trying again in 10 ?ms\n/);
  });

  it('a missing SMTP password variable is an email error, the checks still run', async () => {
    const dataDir = temp('backstop-data-');
    const result = await runCli(['run', config(await closedPort()), '--email', '--print', '--data-dir', dataDir], {});
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/^ERROR,Backstop,email,"email not sent: the `email` settings are invalid: environment variable `SMTP_PASS` is not set/m);
    expect(result.out).toMatch(/^OK,Alive,,/m);
  });
});

describe('backstop email test', () => {
  it('sends a test message', async () => {
    server = await startSmtpServer({ auth: { user: 'backstop', pass: 'pw' } });
    const result = await runCli(['email', 'test', config(server.port)], { SMTP_PASS: 'pw' });
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^test email sent to me@example.com/) });
    expect(await server.waitForMessages(1)).toHaveLength(1);
  });

  it('says why a test message failed', async () => {
    const result = await runCli(['email', 'test', config(await closedPort())], { SMTP_PASS: 'pw' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^backstop: test email not sent after 1 attempt: connection refused/);
  });

  it('a relay\'s refusal is quoted on the terminal without its escape sequences', async () => {
    // A relay (or whatever listens there) that greets with a refusal carrying a terminal escape and a bidi override.
    const relay = createServer((socket) => socket.end('554 \u001b]0;pwned\u0007go \u202eaway\r\n'));
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runCli(['email', 'test', config((relay.address() as AddressInfo).port)], { SMTP_PASS: 'pw' });
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^backstop: test email not sent after 1 attempt: .*go away/);
      expect(result.err).not.toMatch(FORBIDDEN);
    } finally {
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('without an email section it could not run: exit 3', async () => {
    const dir = temp('backstop-email-cli-');
    writeFileSync(join(dir, 'backstop.yaml'), 'resources: []\n');
    expect(await runCli(['email', 'test', join(dir, 'backstop.yaml')])).toMatchObject({ code: 3, err: expect.stringMatching(/no `email` section in the config/) });
  });

  it('`backstop email` alone is a usage error naming `email test`', async () => {
    const result = await runCli(['email']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/test \[options\] \[config\]|test \[config\]/);
  });
});
