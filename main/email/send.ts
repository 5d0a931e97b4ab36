/**
 * Sends the report email through SMTP, with retries, and never throws: the
 * caller gets an outcome in plain words. When every attempt failed, the
 * rendered email is saved as HTML in the data folder so nothing is lost; the
 * run (engine/finish.ts) records the outcome in the report.
 *
 * After a successful send the heartbeat URL is requested (a dead man's switch
 * notices when those stop); after a final failure, the failure URL.
 */
import { resolve, join } from 'node:path';
import escapeHtml from 'escape-html';
import nodemailer from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { Report } from '../../shared/types.js';
import { configDuration } from '../../shared/words.js';
import { makeDirectory, writeFileFully } from '../engine/files.js';
import { ping as pingUrl } from '../net/index.js';
import { recipients, resolveSecurity, type EmailSettings } from './config.js';
import { renderEmail, type RenderedEmail } from './render.js';

export type EmailSent = { sent: true; attempts: number; messageId: string; heartbeatError?: string };
export type EmailFailure = { sent: false; attempts: number; error: string; savedTo: string; failureUrlError?: string };
export type EmailOutcome = EmailSent | EmailFailure;

export interface SendOptions {
  /** The data folder; unsent emails go to `<dataDir>/unsent/` unless `email.saveFailedTo` says otherwise. */
  dataDir: string;
  /** Clock for the Date header. */
  now?: () => Date;
  /** Waits between attempts in milliseconds; overrides `email.retryDelays` (tests use a few ms). */
  retryDelays?: number[];
  /** Extra nodemailer SMTP transport options, merged last (e.g. `{ tls: { rejectUnauthorized: false } }`). */
  transportOptions?: object;
  /** Progress lines for the CLI ("attempt 1 failed: …, trying again in 20 s"). */
  log?: (message: string) => void;
}

/** How long the heartbeat and failure URLs may take. */
const PING_TIMEOUT_MS = 10_000;

type Envelope = Pick<RenderedEmail, 'subject' | 'html' | 'text'> & { headers?: Record<string, string> };
type Delivery = { ok: true; attempts: number; messageId: string } | { ok: false; attempts: number; error: string };

export async function sendReportEmail(report: Report, settings: EmailSettings, options: SendOptions): Promise<EmailOutcome> {
  let rendered: RenderedEmail;
  try {
    rendered = renderEmail(report, { subject: settings.subject });
  } catch (error) {
    // A renderer bug must not cost the person their morning report: send the bare facts instead.
    rendered = fallbackEmail(report, error);
  }

  let delivery: Delivery;
  try {
    delivery = await deliver({ ...rendered, headers: { 'X-Backstop-Report': report.id } }, settings, options);
  } catch (error) {
    delivery = { ok: false, attempts: 0, error: `sending failed unexpectedly: ${messageOf(error)}` };
  }

  if (delivery.ok) {
    const outcome: EmailSent = { sent: true, attempts: delivery.attempts, messageId: delivery.messageId };
    if (settings.heartbeatUrl) {
      const heartbeatError = await ping(settings.heartbeatUrl, 'heartbeat');
      if (heartbeatError) outcome.heartbeatError = heartbeatError;
    }
    return outcome;
  }

  const folder = resolve(options.dataDir, settings.saveFailedTo ?? 'unsent');
  const outcome: EmailFailure = { sent: false, attempts: delivery.attempts, error: delivery.error, savedTo: '' };
  try {
    await makeDirectory(folder);
    const file = join(folder, `${fileSafe(report.id)}.html`);
    await writeFileFully(file, rendered.html);
    outcome.savedTo = file;
  } catch (error) {
    outcome.error += `; saving it to ${folder} failed too: ${messageOf(error)}`;
  }
  if (settings.failureUrl) {
    const failureUrlError = await ping(settings.failureUrl, 'failure URL');
    if (failureUrlError) outcome.failureUrlError = failureUrlError;
  }
  return outcome;
}

/**
 * For `backstop email test CONFIG`: one short message that proves the settings
 * work. Tries once unless told otherwise, saves nothing and pings nothing: the
 * heartbeat means "today's report arrived", not "someone tested the settings".
 */
export async function sendTestEmail(settings: EmailSettings, options: Omit<SendOptions, 'dataDir'> = {}): Promise<EmailOutcome> {
  const now = (options.now ?? (() => new Date()))();
  const where = `${settings.smtp.host}:${settings.smtp.port}`;
  const security = resolveSecurity(settings.smtp);
  const lines = [
    'This is a test message from `backstop email test`.',
    `The email settings work: it went through ${where} (${security}) from ${settings.from} to ${recipients(settings).join(', ')} at ${now.toISOString()}.`,
    'The daily report will arrive the same way after every run. If it ever stops arriving, Backstop itself needs a look.',
  ];
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Backstop test email</title></head>` +
    `<body style="margin:0;padding:24px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:20px;color:#101828">` +
    lines.map((line) => `<p style="margin:0 0 12px">${escapeHtml(line)}</p>`).join('') +
    `</body></html>`;
  try {
    const delivery = await deliver({ subject: 'Backstop: test email, the settings work', html, text: `${lines.join('\n\n')}\n` }, settings, {
      ...options,
      retryDelays: options.retryDelays ?? [],
    });
    return delivery.ok
      ? { sent: true, attempts: delivery.attempts, messageId: delivery.messageId }
      : { sent: false, attempts: delivery.attempts, error: delivery.error, savedTo: '' };
  } catch (error) {
    return { sent: false, attempts: 0, error: `sending failed unexpectedly: ${messageOf(error)}`, savedTo: '' };
  }
}

async function deliver(message: Envelope, settings: EmailSettings, options: Omit<SendOptions, 'dataDir'>): Promise<Delivery> {
  const delays = options.retryDelays ?? settings.retryDelays;
  const now = options.now ?? (() => new Date());
  const timeoutMs = settings.smtp.timeout;
  let lastError = 'not attempted';
  for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
    try {
      const messageId = await attemptOnce(message, settings, options.transportOptions ?? {}, now());
      return { ok: true, attempts: attempt, messageId };
    } catch (error) {
      lastError = describeSendError(error, settings.smtp.host, settings.smtp.port, timeoutMs);
      const delay = delays[attempt - 1];
      if (delay === undefined) return { ok: false, attempts: attempt, error: lastError };
      options.log?.(`email attempt ${attempt} failed: ${lastError}; trying again in ${configDuration(delay)}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, delay));
    }
  }
  return { ok: false, attempts: delays.length + 1, error: lastError };
}

class AttemptTimeout extends Error {}

/** One connection, one message, at most `timeout` in all. */
async function attemptOnce(message: Envelope, settings: EmailSettings, extra: object, date: Date): Promise<string> {
  const { smtp } = settings;
  const security = resolveSecurity(smtp);
  const transportOptions: SMTPTransportOptions = {
    host: smtp.host,
    port: smtp.port,
    // "tls": encrypted from the first byte; "starttls": must upgrade or fail; "none": never upgrade.
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    auth: smtp.user !== undefined ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: smtp.timeout,
    greetingTimeout: smtp.timeout,
    socketTimeout: smtp.timeout,
    dnsTimeout: smtp.timeout,
    ...extra,
  };
  const transport = nodemailer.createTransport(transportOptions);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // nodemailer has its own timeouts for each wait; this one bounds the whole attempt,
  // so a server that trickles bytes cannot hold the run forever.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AttemptTimeout());
    }, smtp.timeout);
  });
  try {
    const sending = transport.sendMail({
      from: settings.from,
      to: recipients(settings),
      subject: message.subject,
      text: message.text,
      html: message.html,
      // The HTML's size budget (html.ts) is counted in quoted-printable; never let nodemailer pick base64 (a third larger).
      textEncoding: 'quoted-printable',
      date,
      // RFC 3834: a machine wrote this; out-of-office replies should stay away.
      headers: { 'Auto-Submitted': 'auto-generated', ...message.headers },
      signal: controller.signal,
    });
    sending.catch(() => {}); // after a timeout, its late rejection is expected
    const info = await Promise.race([sending, deadline]);
    return info.messageId;
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

interface SmtpErrorFields {
  code?: string;
  originalCode?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

/** What went wrong, in words a person can act on. */
export function describeSendError(error: unknown, host: string, port: number, timeoutMs: number): string {
  const where = `${host}:${port}`;
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? (error as SmtpErrorFields) : { message: String(error) };
  const reply = (fields.response ?? fields.message ?? '').trim();
  const codes = [fields.code, fields.originalCode];

  if (error instanceof AttemptTimeout || codes.includes('ETIMEDOUT') || codes.includes('EABORT')) {
    return `timed out after ${configDuration(timeoutMs)} waiting for ${where}`;
  }
  if (codes.includes('EAUTH')) return `authentication rejected by ${where}: ${reply} (check email.smtp.user and email.smtp.pass)`;
  if (codes.includes('ENOAUTH') || fields.responseCode === 530) {
    return `${where} needs a login: set email.smtp.user and email.smtp.pass${reply ? ` (${reply})` : ''}`;
  }
  if (codes.includes('ECONNREFUSED')) return `connection refused by ${where}`;
  if (codes.includes('EDNS') || codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return `host not found: ${host} (check email.smtp.host)`;
  if (fields.command === 'STARTTLS' || (codes.includes('ETLS') && /STARTTLS/.test(reply))) {
    return `${where} does not offer STARTTLS (${reply}): set email.smtp.secure to "tls" if it expects TLS from the first byte (port 465), or "none" for a trusted relay that never encrypts`;
  }
  if (codes.includes('ERR_SSL_WRONG_VERSION_NUMBER')) {
    return `${where} does not speak TLS from the first byte: set email.smtp.secure to "starttls" (usual on port 587)`;
  }
  if (fields.originalCode && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(fields.originalCode)) {
    return `the certificate of ${where} is not trusted: ${reply}`;
  }
  if (codes.includes('ETLS')) return `encryption failed with ${where}: ${reply}`;
  if (codes.includes('ECONNECTION') || codes.includes('ECONNRESET') || codes.includes('EPIPE')) {
    return `${where} closed the connection unexpectedly${fields.command ? ` during ${fields.command}` : ''}`;
  }
  if (codes.includes('EENVELOPE')) return `${where} refused the sender or recipients: ${reply}`;
  if (fields.responseCode) return `${where} refused the message: ${reply}`;
  return `sending through ${where} failed: ${reply || 'unknown error'}`;
}

/** GET a heartbeat or failure URL; the error in words, or undefined when it answered 2xx. */
async function ping(url: string, what: string): Promise<string | undefined> {
  // Healthchecks-style URLs carry their secret in the path: name only the host.
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // the schema checked it; keep the raw text if it still fails
  }
  const error = await pingUrl(url, PING_TIMEOUT_MS);
  return error === undefined ? undefined : `${what} to ${host}: ${error}`;
}

function fallbackEmail(report: Report, error: unknown): RenderedEmail {
  const text =
    `Backstop could not lay out today's report (${messageOf(error)}), so here are the bare facts.\n\n` +
    report.statuses.map((status) => `${status.level} ${status.resource}${status.metric ? `: ${status.metric}` : ''}: ${status.result}`).join('\n');
  return {
    subject: `Backstop: ${report.counts.ERROR} errors, ${report.counts.WARNING} warnings (plain report)`,
    text,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Backstop report</title></head><body><pre style="white-space:pre-wrap">${escapeHtml(text)}</pre></body></html>`,
  };
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'report';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
