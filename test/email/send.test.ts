import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emailSchema, type EmailSettingsInput } from '../../main/email/config.js';
import { describeSendError, sendReportEmail, sendTestEmail, type EmailOutcome } from '../../main/email/send.js';
import { closedPort, startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from '../servers/smtp.js';
import { HTML_BUDGET_BYTES } from '../../main/email/html.js';
import { hostileReport, largeReport, mixedReport } from './fixtures.js';
import { startRecordingServer, type RecordingServer } from './http.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function smtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  cleanup.push(() => server.close());
  return server;
}

async function recordingServer(status = 200): Promise<RecordingServer> {
  const server = await startRecordingServer(status);
  cleanup.push(() => server.close());
  return server;
}

function settings(port: number, extra: Partial<EmailSettingsInput> = {}, smtp: Partial<EmailSettingsInput['smtp']> = {}) {
  return emailSchema.parse({
    smtp: { host: '127.0.0.1', port, secure: 'none', timeout: '2s', ...smtp },
    from: 'Backstop <backstop@example.com>',
    to: ['me@example.com', 'ops@example.com'],
    ...extra,
  });
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'backstop-email-'));
const FAST_RETRIES = [5, 10];

function expectFailure(outcome: EmailOutcome): asserts outcome is Extract<EmailOutcome, { sent: false }> {
  expect(outcome.sent, JSON.stringify(outcome)).toBe(false);
}

describe('sendReportEmail delivers', () => {
  it('sends both parts with the right headers to every recipient', async () => {
    const server = await smtpServer();
    const report = mixedReport();
    const outcome = await sendReportEmail(report, settings(server.port), { dataDir: dataDir(), now: () => new Date('2026-11-26T06:01:00Z') });

    expect(outcome).toMatchObject({ sent: true, attempts: 1 });
    const [message] = await server.waitForMessages(1);
    expect(message?.envelope).toEqual({ from: 'backstop@example.com', to: ['me@example.com', 'ops@example.com'] });
    const parsed = message!.parsed;
    expect(parsed.subject).toBe('Backstop: 2 errors, 1 warning · 2026-11-26');
    expect(parsed.from?.value).toEqual([{ address: 'backstop@example.com', name: 'Backstop' }]);
    expect(parsed.date?.toISOString()).toBe('2026-11-26T06:01:00.000Z');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-backstop-report')).toBe(report.id);
    expect(parsed.messageId).toBe(outcome.sent ? outcome.messageId : 'not sent');
    expect(parsed.html).toContain('db backup: nightly dump');
    expect(parsed.html).toContain('href="https://monitor.example.com/db%20backup"');
    expect(parsed.text).toContain('ERROR    db backup: nightly dump');
    expect(parsed.text).toContain('snoozed until 2026-12-01');
  });

  it('keeps hostile check text escaped all the way through SMTP', async () => {
    const server = await smtpServer();
    await sendReportEmail(hostileReport(), settings(server.port), { dataDir: dataDir() });
    const [message] = await server.waitForMessages(1);
    const html = String(message?.parsed.html);
    expect(html).not.toMatch(/<script|<img|javascript:alert|\son[a-z]+\s*=\s*"/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
  });

  it('keeps the HTML part under Gmail\'s clipping size as it travels (quoted-printable), with the end of the email intact', async () => {
    // 1,000 statuses, 900 OK, with dashboard links of a realistic length: about 95 KB of HTML, which
    // quoted-printable (`=` of every attribute becomes `=3D`, soft line breaks) used to carry as 103 KB.
    const big = largeReport(1000, { errors: 60, warnings: 40 });
    big.statuses = big.statuses.map((item, index) => ({ ...item, link: `https://grafana.example.com/d/abc/dashboard-${index}?orgId=1&var-host=host${index}&from=now-24h` }));
    big.snoozed = [{ ...big.statuses[0]!, resource: 'snoozed at the very end', snooze: { resource: 'snoozed at the very end', until: '2026-12-01', reason: 'waiting for the vendor', source: 'user' } }];
    const server = await smtpServer();
    await sendReportEmail(big, settings(server.port), { dataDir: dataDir() });
    const [message] = await server.waitForMessages(1);
    const raw = message!.raw.toString('latin1');
    const htmlPart = raw.slice(raw.indexOf('Content-Type: text/html'));
    const body = htmlPart.slice(htmlPart.indexOf('\r\n\r\n') + 4, htmlPart.lastIndexOf('\r\n--'));
    expect(htmlPart).toMatch(/^Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n/);
    expect(body.length).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(body.length).toBeLessThan(100_000);
    // What Gmail would hide first is what comes last: the snoozed items, the run's health, the footer.
    const html = String(message!.parsed.html);
    expect(html).toContain('snoozed at the very end');
    expect(html).toContain(`Report ${big.id}`);
    expect(html.match(/>✕&nbsp;ERROR<\/b> (?:<b[^>]*>NEW<\/b> )?<a /g)).toHaveLength(60);
  });

  it('logs in when the relay needs it', async () => {
    const server = await smtpServer({ auth: { user: 'backstop', pass: 's3cret' } });
    const outcome = await sendReportEmail(mixedReport(), settings(server.port, {}, { user: 'backstop', pass: 's3cret' }), { dataDir: dataDir() });
    expect(outcome.sent).toBe(true);
    expect(server.logins).toEqual([{ user: 'backstop', accepted: true }]);
    expect((await server.waitForMessages(1))[0]?.user).toBe('backstop');
  });

  it('upgrades with STARTTLS when secure is "starttls", and refuses to go on without it', async () => {
    const tlsServer = await smtpServer({ starttls: true });
    const upgraded = await sendReportEmail(mixedReport(), settings(tlsServer.port, {}, { secure: 'starttls' }), {
      dataDir: dataDir(),
      transportOptions: { tls: { rejectUnauthorized: false } }, // the test server's certificate is self-signed
    });
    expect(upgraded.sent).toBe(true);

    const plainServer = await smtpServer({ starttls: false });
    const refused = await sendReportEmail(mixedReport(), settings(plainServer.port, {}, { secure: 'starttls' }), { dataDir: dataDir(), retryDelays: [] });
    expectFailure(refused);
    expect(refused.error).toMatch(/^127\.0\.0\.1:\d+ does not offer STARTTLS \(500 Error: command not recognized\): set email\.smtp\.secure to "tls" if/);
    expect(plainServer.messages).toHaveLength(0);
  });

  it('requests the heartbeat URL after a successful send', async () => {
    const server = await smtpServer();
    const heartbeat = await recordingServer();
    const outcome = await sendReportEmail(mixedReport(), settings(server.port, { heartbeatUrl: `${heartbeat.url}/ping/abc-123` }), { dataDir: dataDir() });
    expect(outcome).toEqual({ sent: true, attempts: 1, messageId: expect.any(String) });
    expect(heartbeat.requests).toEqual([{ method: 'GET', path: '/ping/abc-123' }]);
  });

  it('reports a heartbeat that failed without calling the send failed', async () => {
    const server = await smtpServer();
    const heartbeat = await recordingServer(404);
    const outcome = await sendReportEmail(mixedReport(), settings(server.port, { heartbeatUrl: `${heartbeat.url}/ping/secret-uuid` }), { dataDir: dataDir() });
    expect(outcome.sent).toBe(true);
    // The network layer's words for a status, naming the host only: the path is the ping's secret.
    expect(outcome).toHaveProperty('heartbeatError', `heartbeat to ${new URL(heartbeat.url).host}: status 404 Not Found, expected 2xx: "OK"`);
    expect(JSON.stringify(outcome)).not.toContain('secret-uuid');

    const nobody = await closedPort();
    const unreachable = await sendReportEmail(mixedReport(), settings(server.port, { heartbeatUrl: `http://127.0.0.1:${nobody}/ping` }), { dataDir: dataDir() });
    expect(unreachable).toMatchObject({ sent: true, heartbeatError: `heartbeat to 127.0.0.1:${nobody}: connection refused (ECONNREFUSED 127.0.0.1:${nobody})` });
  });

  it('succeeds on a later attempt when the relay is busy at first', async () => {
    const server = await smtpServer({ busyConnections: 1 });
    const logged: string[] = [];
    const outcome = await sendReportEmail(mixedReport(), settings(server.port), { dataDir: dataDir(), retryDelays: FAST_RETRIES, log: (line) => logged.push(line) });
    expect(outcome).toMatchObject({ sent: true, attempts: 2 });
    expect(server.connections).toBe(2);
    expect(await server.waitForMessages(1)).toHaveLength(1);
    expect(logged).toEqual([expect.stringMatching(/^email attempt 1 failed: .*421.*; trying again in 5ms$/)]);
  });
});

describe('sendReportEmail fails safely', () => {
  it.each([
    {
      name: 'nothing listening',
      server: undefined,
      smtp: {},
      reason: (port: number) => `connection refused by 127.0.0.1:${port}`,
    },
    {
      name: 'authentication rejected',
      server: { rejectAuth: true } satisfies SmtpServerOptions,
      smtp: { user: 'backstop', pass: 'wrong' },
      reason: (port: number) => new RegExp(`^authentication rejected by 127\\.0\\.0\\.1:${port}: 535 5\\.7\\.8 Authentication credentials invalid \\(check email\\.smtp\\.user and email\\.smtp\\.pass\\)$`),
    },
    {
      name: 'a login required but none configured',
      server: { auth: { user: 'backstop', pass: 's3cret' } } satisfies SmtpServerOptions,
      smtp: {},
      reason: (port: number) => `127.0.0.1:${port} needs a login: set email.smtp.user and email.smtp.pass (530 Error: authentication Required)`,
    },
    {
      name: 'connection dropped in the middle of the message',
      server: { behaviour: 'drop-mid-message' } satisfies SmtpServerOptions,
      smtp: {},
      reason: (port: number) => new RegExp(`^127\\.0\\.0\\.1:${port} closed the connection unexpectedly`),
    },
    {
      name: 'a server slower than the timeout',
      server: { behaviour: 'stall' } satisfies SmtpServerOptions,
      smtp: { timeout: '300ms' },
      reason: (port: number) => `timed out after 300ms waiting for 127.0.0.1:${port}`,
    },
  ])('$name: every attempt made, a clear reason, the email saved', async ({ server: serverOptions, smtp, reason }) => {
    const server = serverOptions ? await smtpServer(serverOptions) : undefined;
    const port = server?.port ?? (await closedPort());
    const failure = await recordingServer();
    const folder = dataDir();
    const report = mixedReport();
    const started = Date.now();

    const outcome = await sendReportEmail(report, settings(port, { failureUrl: `${failure.url}/ping/abc/fail` }, smtp), { dataDir: folder, retryDelays: FAST_RETRIES });

    expectFailure(outcome);
    expect(outcome.attempts).toBe(3);
    const expected = reason(port);
    if (typeof expected === 'string') expect(outcome.error).toBe(expected);
    else expect(outcome.error).toMatch(expected);
    if (server) expect(server.connections).toBe(3);
    if (serverOptions?.behaviour) expect(server?.dataStarted).toBe(3);
    expect(server?.messages ?? []).toHaveLength(0);

    // nothing lost: the whole email is on disk, atomically written, under the report id
    expect(outcome.savedTo).toBe(join(folder, 'unsent', `${report.id}.html`));
    const saved = readFileSync(outcome.savedTo, 'utf8');
    expect(saved).toContain('db backup: nightly dump');
    expect(saved).toContain('<title>Backstop: 2 errors, 1 warning · 2026-11-26</title>');
    expect(readdirSync(join(folder, 'unsent'))).toEqual([`${report.id}.html`]);

    expect(failure.requests).toEqual([{ method: 'GET', path: '/ping/abc/fail' }]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('saves where email.saveFailedTo says, relative to the data folder', async () => {
    const folder = dataDir();
    const outcome = await sendReportEmail(mixedReport(), settings(await closedPort(), { saveFailedTo: 'outbox/failed' }), { dataDir: folder, retryDelays: [] });
    expectFailure(outcome);
    expect(outcome.attempts).toBe(1);
    expect(outcome.savedTo).toBe(join(folder, 'outbox', 'failed', `${mixedReport().id}.html`));
    expect(existsSync(outcome.savedTo)).toBe(true);
  });

  it('says so when even saving fails, and still does not throw', async () => {
    const folder = dataDir();
    const notAFolder = join(folder, 'file');
    writeFileSync(notAFolder, 'x');
    const outcome = await sendReportEmail(mixedReport(), settings(await closedPort()), { dataDir: notAFolder, retryDelays: [] });
    expectFailure(outcome);
    expect(outcome.savedTo).toBe('');
    expect(outcome.error).toMatch(/^connection refused by 127\.0\.0\.1:\d+; saving it to .*unsent failed too: /);
  });

  it('keeps the report id from escaping the unsent folder', async () => {
    const folder = dataDir();
    const report = { ...mixedReport(), id: '../../etc/evil' };
    const outcome = await sendReportEmail(report, settings(await closedPort()), { dataDir: folder, retryDelays: [] });
    expectFailure(outcome);
    expect(dirname(outcome.savedTo)).toBe(join(folder, 'unsent'));
    expect(basename(outcome.savedTo)).toMatch(/^[\w-][\w.-]*\.html$/);
    expect(existsSync(outcome.savedTo)).toBe(true);
  });
});

describe('describeSendError', () => {
  it.each([
    { name: 'DNS failure', error: { code: 'EDNS', originalCode: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND smtp.exmaple.com' }, words: 'host not found: smtp.example.com (check email.smtp.host)' },
    { name: 'TLS on a STARTTLS port', error: { code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'ssl3_get_record:wrong version number' }, words: 'smtp.example.com:587 does not speak TLS from the first byte: set email.smtp.secure to "starttls" (usual on port 587)' },
    { name: 'an untrusted certificate', error: { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, words: 'the certificate of smtp.example.com:587 is not trusted: certificate has expired' },
    { name: 'a timeout inside nodemailer', error: { code: 'ETIMEDOUT', message: 'Greeting never received' }, words: 'timed out after 30s waiting for smtp.example.com:587' },
    { name: 'a rejected message', error: { code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 Message too big' }, words: 'smtp.example.com:587 refused the message: 552 5.3.4 Message too big' },
    { name: 'a rejected recipient', error: { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }, words: 'smtp.example.com:587 refused the sender or recipients: 550 5.1.1 No such user' },
    { name: 'something unforeseen', error: new Error('boom'), words: 'sending through smtp.example.com:587 failed: boom' },
    { name: 'not even an Error', error: 'weird', words: 'sending through smtp.example.com:587 failed: weird' },
  ])('$name → "$words"', ({ error, words }) => {
    expect(describeSendError(error, 'smtp.example.com', 587, 30_000)).toBe(words);
  });
});

describe('sendTestEmail', () => {
  it('sends a short message saying the settings work', async () => {
    const server = await smtpServer();
    const outcome = await sendTestEmail(settings(server.port));
    expect(outcome).toMatchObject({ sent: true, attempts: 1 });
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.subject).toBe('Backstop: test email, the settings work');
    expect(message?.parsed.text).toContain(`it went through 127.0.0.1:${server.port} (none) from Backstop <backstop@example.com> to me@example.com, ops@example.com`);
  });

  it('tries once and explains a failure, without saving or pinging anything', async () => {
    const server = await smtpServer({ rejectAuth: true });
    const heartbeat = await recordingServer();
    const outcome = await sendTestEmail(settings(server.port, { heartbeatUrl: heartbeat.url, failureUrl: heartbeat.url }, { user: 'u', pass: 'p' }));
    expectFailure(outcome);
    expect(outcome.attempts).toBe(1);
    expect(outcome.error).toMatch(/^authentication rejected by 127\.0\.0\.1:\d+: 535/);
    expect(outcome.savedTo).toBe('');
    expect(heartbeat.requests).toEqual([]);
  });
});
