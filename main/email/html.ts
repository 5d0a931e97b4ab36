/**
 * The HTML part: tables and inline styles only, so Gmail, Outlook and Apple Mail
 * agree on it; 640 px wide at most and fluid below that. Every piece of text from
 * a check passes through `esc`; only links `safeLink` accepted become links.
 *
 * Gmail clips a message whose HTML passes about 102 KB, hiding whatever comes
 * last. The problems come first and are never cut; the OK list gives way instead:
 * first its links go, then its tail becomes "… and N more OK".
 */
import escapeHtml from 'escape-html';
import type { Level } from '../../shared/types.js';
import { levelNoun } from '../../shared/words.js';
import type { EmailModel, ItemView } from './model.js';

/**
 * Stay under Gmail's ~102 KB clipping point, counted as the HTML part travels:
 * quoted-printable (send.ts asks nodemailer for it), where every `=` of an
 * attribute and every byte of `·` or `…` takes three bytes and long lines get
 * soft breaks. 95 KB of HTML is about 103 KB on the wire.
 */
export const HTML_BUDGET_BYTES = 98_000;

/**
 * Bytes `text` takes in a quoted-printable body: printable ASCII but `=` as is,
 * anything else as `=XX`, a CRLF per line break, and a 3-byte soft break every
 * 73 bytes of a longer line. Slightly over the real size, never under.
 */
export function wireBytes(text: string): number {
  let total = 0;
  let line = 0;
  const endLine = () => {
    total += line + (line > 0 ? Math.floor((line - 1) / 73) * 3 : 0);
    line = 0;
  };
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x0a) {
      endLine();
      total += 2;
    } else line += byte >= 0x20 && byte <= 0x7e && byte !== 0x3d ? 1 : 3;
  }
  endLine();
  return total;
}

const esc = (text: string) => escapeHtml(text);

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#101828';
const MUTED = '#667085';
const RULE = '#eaecf0';
const LINK = '#175cd3';

/** Colour and word for each level: the word carries the meaning, the colour helps. */
const LEVEL_STYLE: Record<Level | 'SNOOZED', { colour: string; tint: string }> = {
  ERROR: { colour: '#b42318', tint: '#fef3f2' },
  WARNING: { colour: '#b54708', tint: '#fffaeb' },
  OK: { colour: '#067647', tint: '#ecfdf3' },
  SNOOZED: { colour: '#475467', tint: '#f2f4f7' },
};

function marker(level: Level | 'SNOOZED', text: string = level): string {
  const { colour } = LEVEL_STYLE[level];
  return `<b style="background:${colour};color:#fff;font-size:11px;padding:2px 6px;border-radius:4px">${text}</b>`;
}

function investigate(item: ItemView): string {
  switch (item.link.kind) {
    case 'url':
      return `<a href="${esc(item.link.href)}" style="color:${LINK}">Investigate</a>`;
    case 'refused':
      return `<span style="color:${MUTED}">link not shown: ${esc(item.link.reason)}</span>`;
    case 'none':
      return `<span style="color:${MUTED}">no link configured</span>`;
  }
}

function problemRow(item: ItemView): string {
  const age = item.age ? `${esc(item.age)} · ` : '';
  const note = item.snoozeNote ? `<br><i>${esc(item.snoozeNote)}</i>` : '';
  const label = item.snoozeNote ? marker('SNOOZED', `SNOOZED ${item.level}`) : marker(item.level);
  return (
    `<tr><td style="padding:10px 0;border-top:1px solid ${RULE}">${label} <b>${esc(item.title)}</b>` +
    `<br>${esc(item.result)}${note}<br><small style="color:${MUTED}">${age}${investigate(item)}</small></td></tr>\n`
  );
}

function okLine(item: ItemView, withLink: boolean): string {
  const title = withLink && item.link.kind === 'url' ? `<a href="${esc(item.link.href)}" style="color:${INK}">${esc(item.title)}</a>` : esc(item.title);
  return `${title} · ${esc(item.result)}<br>\n`;
}

function heading(text: string, colour = INK): string {
  return `<tr><td style="padding:22px 0 4px;font-size:13px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:${colour}">${text}</td></tr>\n`;
}

function section(rows: string): string {
  return `<tr><td style="padding:0 24px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="font-family:${FONT};font-size:14px;line-height:20px;color:${INK}">\n${rows}</table></td></tr>\n`;
}

function header(model: EmailModel): string {
  const { colour, tint } = LEVEL_STYLE[model.worst];
  const chip = (count: number, label: string, level: Level | 'SNOOZED') =>
    `<span style="color:${count ? LEVEL_STYLE[level].colour : MUTED};font-weight:700">${count}</span>&nbsp;${label}`;
  const chips = [
    chip(model.counts.ERROR, levelNoun('ERROR', model.counts.ERROR), 'ERROR'),
    chip(model.counts.WARNING, levelNoun('WARNING', model.counts.WARNING), 'WARNING'),
    chip(model.counts.OK, levelNoun('OK', model.counts.OK), 'OK'),
    ...(model.snoozed.length ? [chip(model.snoozed.length, 'snoozed', 'SNOOZED')] : []),
  ].join(' &nbsp;·&nbsp; ');
  return (
    `<tr><td style="background:${tint};border-top:6px solid ${colour};border-radius:8px 8px 0 0;padding:20px 24px">` +
    `<div style="font-size:12px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:${MUTED}">${esc(model.appName)} · daily report</div>` +
    `<div style="font-size:24px;line-height:30px;font-weight:700;color:${colour};padding:6px 0 8px">${marker(model.worst)} ${esc(model.summary)}</div>` +
    `<div style="font-size:14px;color:${INK}">${chips}</div>` +
    `<div style="font-size:12px;color:${MUTED};padding-top:6px">${esc(model.ranAt)} · ${esc(model.took)} · ${esc(model.trigger)}</div>` +
    `</td></tr>\n`
  );
}

function okSection(model: EmailModel, budget: number): string {
  if (model.ok.length === 0) return '';
  const title = heading(`OK (${model.ok.length})`, LEVEL_STYLE.OK.colour);
  const wrap = (lines: string) =>
    section(`${title}<tr><td style="padding:4px 0 0;font-size:12px;line-height:18px;color:${MUTED}">\n${lines}</td></tr>\n`);
  const bytes = wireBytes;

  const linked = wrap(model.ok.map((item) => okLine(item, true)).join(''));
  if (bytes(linked) <= budget) return linked;
  const plain = wrap(model.ok.map((item) => okLine(item, false)).join(''));
  if (bytes(plain) <= budget) return plain;

  // Keep as many lines as fit, then say how many are left out and where to see them.
  const more = (count: number) => `<b>… and ${count} more OK</b> (the full list is in the plain-text part of this email and in ${esc(model.appName)})<br>\n`;
  let used = bytes(wrap(more(model.ok.length)));
  let shown = 0;
  for (const item of model.ok) {
    const line = bytes(okLine(item, false));
    if (used + line > budget) break;
    used += line;
    shown++;
  }
  const lines = model.ok.slice(0, shown).map((item) => okLine(item, false)).join('');
  return wrap(lines + more(model.ok.length - shown));
}

function runSection(model: EmailModel): string {
  const rows = model.runProblems.length
    ? model.runProblems.map((problem) => `<tr><td style="padding:6px 0;border-top:1px solid ${RULE}">${marker('WARNING')} ${esc(problem)}</td></tr>\n`).join('')
    : `<tr><td style="padding:6px 0;border-top:1px solid ${RULE};color:${MUTED}">${esc(model.runHealthy)}</td></tr>\n`;
  return section(heading('This run') + rows);
}

function footer(model: EmailModel): string {
  return (
    `<tr><td style="padding:20px 24px 24px;font-size:12px;line-height:18px;color:${MUTED}">` +
    `Sent by ${esc(model.appName)} after every run. If this email does not arrive one morning, ${esc(model.appName)} itself needs a look.<br>` +
    `Report ${esc(model.reportId)} · config ${esc(model.configPath)}</td></tr>\n`
  );
}

/** Hidden inbox preview: the first problems, so the list view tells the story too. */
function preheader(model: EmailModel): string {
  const text = model.problems.length
    ? model.problems.slice(0, 3).map((item) => `${item.title}: ${item.result}`).join(' · ')
    : `${model.summary}. ${model.ranAt}.`;
  return `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${esc(text.slice(0, 200))}</div>\n`;
}

export function renderHtml(model: EmailModel, subject: string): string {
  const head =
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light"><title>${esc(subject)}</title></head>\n` +
    `<body style="margin:0;padding:0;background:#f2f4f7;font-family:${FONT}">\n${preheader(model)}` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f4f7"><tr><td align="center" style="padding:16px 8px">\n` +
    `<!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0"><tr><td><![endif]-->\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#fff;border:1px solid ${RULE};border-radius:8px;` +
    `font-family:${FONT};color:${INK};word-break:break-word;overflow-wrap:anywhere">\n` +
    header(model);

  const problems = model.problems.length
    ? section(heading(`Needs attention (${model.problems.length})`) + model.problems.map((item) => problemRow(item)).join(''))
    : section(`<tr><td style="padding:20px 0 0;font-size:15px">${marker('OK')} Nothing needs attention today.</td></tr>\n`);
  const snoozed = model.snoozed.length
    ? section(heading(`Snoozed (${model.snoozed.length})`, LEVEL_STYLE.SNOOZED.colour) + model.snoozed.map((item) => problemRow(item)).join(''))
    : '';
  const tail =
    runSection(model) +
    footer(model) +
    `</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr></table>\n</body></html>\n`;

  // The OK list sits between the problems and the snoozed items and gets what is left of the budget.
  const fixed = wireBytes(head + problems + snoozed + tail);
  const ok = okSection(model, Math.max(HTML_BUDGET_BYTES - fixed, 2_000));
  return head + problems + ok + snoozed + tail;
}
