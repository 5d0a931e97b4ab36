/**
 * The one sanitizer for text that reaches a terminal, a `--print` line, the debug
 * log, an email or the window. Check output, links and Backstop's own rows quoting
 * a damaged file all come from outside and could carry terminal escapes, bidi
 * overrides that reorder what is read (Trojan Source), or line separators that
 * forge extra lines. Pure and dependency-free: the window imports it too.
 */
import type { Report, Snooze, Status } from './types.js';
import { isOpenableUrl } from './ipc.js';

// Terminal escape sequences, removed whole so `\x1b[31mred` reads `red`, not `[31mred`:
// CSI (ESC [ or U+009B, parameters, intermediates, final byte); OSC, DCS, SOS, PM and APC
// strings up to BEL or ST; and the short ESC sequences (ESC + intermediates + final).
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[\u0020-\u002f]*[\u0030-\u007e]/g;
/** Every way to start a new line: CRLF, CR, LF, VT, FF, NEL (U+0085), LINE and PARAGRAPH SEPARATOR. */
// eslint-disable-next-line no-control-regex
const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
// C0 and C1 controls and DEL, except tab and newline (handled above); the bidirectional
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Every character any of the patterns above (or a tab) starts with or consists of: C0 and C1
 * controls, DEL, and the line and bidi characters. Text without any needs no cleaning.
 */
// eslint-disable-next-line no-control-regex
const MAYBE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export interface SafeTextOptions {
  /** Keep line breaks (as `\n`) and tabs; otherwise both become a space. Default false. */
  lines?: boolean;
}

/**
 * `text` without terminal escapes, control characters (C0, C1, DEL), bidirectional
 * overrides and isolates. Line breaks of every kind (U+2028, U+2029, U+0085, CR…)
 * become `\n` where the field allows lines, else a space; so does a tab.
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  // Nearly every text is already safe: one scan says so, instead of four replacing passes.
  if (!MAYBE_UNSAFE.test(text)) return text;
  const lines = options.lines === true;
  const cleaned = text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(LINE_BREAK, lines ? '\n' : ' ')
    .replace(UNSAFE, '');
  return lines ? cleaned : cleaned.replace(/\t/g, ' ');
}

/** A link as it may be shown: a clickable URL, nothing, or the reason it is not shown. */
export type SafeLink = { kind: 'url'; href: string } | { kind: 'none' } | { kind: 'refused'; reason: string };

/**
 * Links judged so far: rows share links, and the email judges every row's link again after
 * the report did. Pure and frozen, so shared safely; filled up to a bound and then kept as is
 * (a sheet of 20,000 rows, each with its own link, would only churn it).
 */
const judgedLinks = new Map<string, SafeLink>();
const JUDGED_LINKS_KEPT = 20_000;

/** Only http:, https: and mailto: become links (shared/ipc.ts's one rule); `javascript:`, `data:`, `file:` are refused. */
export function safeLink(link: string): SafeLink {
  let judged = judgedLinks.get(link);
  if (judged === undefined) {
    judged = Object.freeze(judgeLink(link));
    if (judgedLinks.size < JUDGED_LINKS_KEPT) judgedLinks.set(link, judged);
  }
  return judged;
}

function judgeLink(link: string): SafeLink {
  const trimmed = safeText(link).trim();
  if (trimmed === '') return { kind: 'none' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'refused', reason: 'not a full URL' };
  }
  if (isOpenableUrl(trimmed, url)) return { kind: 'url', href: url.href };
  return { kind: 'refused', reason: `${url.protocol} links are not allowed` };
}

function safeSnooze(snooze: Snooze): Snooze {
  return { ...snooze, resource: safeText(snooze.resource), ...(snooze.metric === undefined ? {} : { metric: safeText(snooze.metric) }), reason: safeText(snooze.reason) };
}

/**
 * One report row made safe: every text field cleaned (the result may keep its lines),
 * and a link that is not http, https or mailto dropped (`linkRefused` says why), so no
 * printer, file or window ever shows it as a link or as raw text.
 */
export function safeStatus(status: Status): Status {
  const link = safeLink(status.link);
  const refused = link.kind === 'refused' ? link.reason : status.linkRefused;
  const resource = safeText(status.resource);
  const type = safeText(status.type);
  const metric = safeText(status.metric);
  const result = safeText(status.result, { lines: true });
  // Kept as written (not normalised by URL parsing): the config's link is the report's.
  const linkText = link.kind === 'url' ? safeText(status.link).trim() : '';
  // A row with nothing to clean is its own safe copy (reports are built fresh, and not changed
  // after): a 20,000-row report is made safe twice a run (when built, and when read back).
  const unchanged =
    resource === status.resource && type === status.type && metric === status.metric && result === status.result && linkText === status.link;
  if (unchanged && refused === undefined && !status.snooze && !status.expiredSnooze && !status.tags) return status;
  const safe: Status = { ...status, resource, type, metric, result, link: linkText };
  if (refused !== undefined) safe.linkRefused = safeText(refused);
  if (status.snooze) safe.snooze = safeSnooze(status.snooze);
  if (status.expiredSnooze) {
    safe.expiredSnooze = { ...status.expiredSnooze, snooze: safeSnooze(status.expiredSnooze.snooze), result: safeText(status.expiredSnooze.result, { lines: true }) };
  }
  if (status.tags) safe.tags = status.tags.map((tag) => safeText(tag));
  return safe;
}

/** A whole report made safe: rows, snoozed rows and the run's own notes. */
export function safeReport(report: Report): Report {
  const health = report.health;
  return {
    ...report,
    configPath: safeText(report.configPath),
    statuses: report.statuses.map(safeStatus),
    snoozed: report.snoozed.map(safeStatus),
    health: {
      ...health,
      timedOut: health.timedOut.map((name) => safeText(name)),
      crashed: health.crashed.map((name) => safeText(name)),
      notes: health.notes.map((note) => safeText(note, { lines: true })),
    },
    ...(report.delivery ? { delivery: safeDelivery(report.delivery) } : {}),
  };
}

function safeDelivery(delivery: NonNullable<Report['delivery']>): NonNullable<Report['delivery']> {
  const email = delivery.email.sent ? delivery.email : { ...delivery.email, error: safeText(delivery.email.error) };
  return { ...delivery, email, ...(delivery.ping?.error === undefined ? {} : { ping: { ...delivery.ping, error: safeText(delivery.ping.error) } }) };
}
