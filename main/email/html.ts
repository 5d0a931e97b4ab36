/**
 * The HTML part: tables and inline styles, so Gmail, Outlook and Apple Mail
 * agree on it; 640 px wide at most and fluid below that. Every piece of text from
 * a check passes through `esc`; only links `safeLink` accepted become links.
 *
 * Light colours are inline, so the email reads in every client. Clients that
 * honour `prefers-color-scheme` (Apple Mail, iOS, Outlook for Mac, Thunderbird)
 * switch to a dark palette through the classes below; the rest keep the light one.
 *
 * Gmail clips a message whose HTML passes about 102 KB, hiding whatever comes
 * last. The problems come first and are never cut; the OK list gives way instead:
 * first its links go, then its tail becomes "… and N more OK".
 */
import escapeHtml from 'escape-html';
import { encode, wrap } from 'nodemailer/lib/qp';
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
 * Bytes `text` takes in the quoted-printable body nodemailer sends (send.ts asks for
 * quoted-printable): encoded and soft-wrapped at 76 characters by nodemailer's own
 * encoder, each line break then sent as CRLF as SMTP requires. What travels, not an estimate.
 */
export function wireBytes(text: string): number {
  const encoded = wrap(encode(text), 76);
  let bareLineFeeds = 0;
  for (let at = encoded.indexOf('\n'); at >= 0; at = encoded.indexOf('\n', at + 1)) if (encoded[at - 1] !== '\r') bareLineFeeds++;
  return encoded.length + bareLineFeeds;
}

const esc = (text: string) => escapeHtml(text);

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#101828';
const MUTED = '#5d6678';
const RULE = '#eaecf0';
const LINK = '#175cd3';
const PAGE = '#f2f4f7';

type Tone = Level | 'SNOOZED';

/** Colour and tint for each level: the word and the marker carry the meaning, the colour helps. */
const LEVEL_STYLE: Record<Tone, { colour: string; tint: string; dark: string; darkTint: string }> = {
  ERROR: { colour: '#b42318', tint: '#fef3f2', dark: '#ff7070', darkTint: '#2a1719' },
  WARNING: { colour: '#b54708', tint: '#fffaeb', dark: '#ffb347', darkTint: '#2a2215' },
  OK: { colour: '#067647', tint: '#ecfdf3', dark: '#4cd69a', darkTint: '#14261e' },
  SNOOZED: { colour: '#475467', tint: '#f2f4f7', dark: '#a7afbd', darkTint: '#1c212a' },
};

/** The marker glyph per level, as in the window and the tray: the level reads without colour. */
const GLYPH: Record<Tone, string> = { ERROR: '✕', WARNING: '▲', OK: '✓', SNOOZED: '◷' };

/**
 * The dark palette, for clients that honour `prefers-color-scheme`. Class names are
 * short because every byte counts against Gmail's budget:
 * `bg` page, `cd` card, `ik` ink, `mu` muted, `rl` rule, `ln` link, `bt` button,
 * `t<L>` a level's tint, `c<L>` a level's colour (L: E, W, O, S).
 */
function darkStyle(): string {
  const levels = Object.entries(LEVEL_STYLE)
    .map(([level, style]) => `.t${level[0]}{background:${style.darkTint}!important}.c${level[0]}{color:${style.dark}!important}`)
    .join('');
  return (
    `<style>:root{color-scheme:light dark}@media (prefers-color-scheme:dark){` +
    `.bg{background:#0f1115!important}.cd{background:#161a21!important;border-color:#2c3340!important}` +
    `.ik{color:#e6e9ef!important}.mu{color:#a7afbd!important}.rl{border-color:#2c3340!important}` +
    `.ln{color:#80b3ff!important}.bt{color:#80b3ff!important;border-color:#80b3ff!important}${levels}}</style>`
  );
}

function marker(level: Tone, text: string = level): string {
  const { colour } = LEVEL_STYLE[level];
  return `<b style="background:${colour};color:#fff;font-size:11px;padding:2px 6px;border-radius:4px">${GLYPH[level]}&nbsp;${text}</b>`;
}

const NEW_BADGE = `<b class="bt" style="color:${LINK};border:1px solid ${LINK};font-size:11px;padding:1px 5px;border-radius:4px">NEW</b> `;

/** Investigate as a tap target at least 44 px tall (12 + 20 + 12), named after its item. */
function investigate(item: ItemView): string {
  switch (item.link.kind) {
    case 'url':
      return (
        `<a class="bt" href="${esc(item.link.href)}" aria-label="Investigate ${esc(item.title)}" ` +
        `style="display:inline-block;margin-top:4px;padding:11px 16px;line-height:20px;border:1px solid ${LINK};border-radius:6px;color:${LINK}">Investigate</a>`
      );
    case 'refused':
      return `<span class="mu" style="color:${MUTED}">link not shown: ${esc(item.link.reason)}</span>`;
    case 'none':
      return `<span class="mu" style="color:${MUTED}">no link configured</span>`;
  }
}

/** The item's title, a link too when it has one. */
function title(item: ItemView): string {
  const text = esc(item.title);
  return item.link.kind === 'url' ? `<a class="ik" href="${esc(item.link.href)}" style="color:${INK};font-weight:700">${text}</a>` : `<b>${text}</b>`;
}

function problemRow(item: ItemView): string {
  const note = item.snoozeNote ? `<br><i>${esc(item.snoozeNote)}</i>` : '';
  const label = item.snoozeNote ? marker('SNOOZED', `SNOOZED ${item.level}`) : marker(item.level);
  const age = item.age ? `<br><span class="mu" style="color:${MUTED};font-size:13px">${esc(item.age)}</span>` : '';
  return (
    `<tr><td class="rl" style="padding:12px 0;border-top:1px solid ${RULE}">${label} ${item.newToday && !item.snoozeNote ? NEW_BADGE : ''}${title(item)}` +
    `<br>${esc(item.result)}${note}${age}<br>${investigate(item)}</td></tr>\n`
  );
}

function okLine(item: ItemView, withLink: boolean): string {
  const title = withLink && item.link.kind === 'url' ? `<a class="ik" href="${esc(item.link.href)}" style="color:${INK}">${esc(item.title)}</a>` : esc(item.title);
  return `${title} · ${esc(item.result)}<br>\n`;
}

/** A section's heading (h2), or with `sub` a group's within it (h3), so screen readers can move by them. */
function heading(text: string, tone?: Tone, sub = false): string {
  const colour = tone ? LEVEL_STYLE[tone].colour : INK;
  const cls = tone ? `c${tone[0]}` : 'ik';
  const tag = sub ? 'h3' : 'h2';
  return `<tr><td style="padding:22px 0 4px"><${tag} class="${cls}" style="margin:0;font-size:${sub ? 12 : 13}px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:${colour}">${text}</${tag}></td></tr>\n`;
}

const SECTION_OPEN = `<tr><td style="padding:0 24px"><table role="presentation" class="ik" width="100%" cellpadding="0" cellspacing="0" style="font-family:${FONT};font-size:14px;line-height:20px;color:${INK}">\n`;
const SECTION_CLOSE = '</table></td></tr>\n';

function section(rows: string): string {
  return `${SECTION_OPEN}${rows}${SECTION_CLOSE}`;
}

/** A section as pieces around its rows, for a section of thousands of rows (see renderHtml). */
function sectionParts(rows: string[]): string[] {
  rows.unshift(SECTION_OPEN);
  rows.push(SECTION_CLOSE);
  return rows;
}

function header(model: EmailModel): string {
  const { colour, tint } = LEVEL_STYLE[model.worst];
  const level = model.worst[0];
  // Zero counts are neutral: grey, not alarming.
  const chip = (count: number, label: string, tone: Tone) =>
    `<span class="${count ? `c${tone[0]}` : 'mu'}" style="color:${count ? LEVEL_STYLE[tone].colour : MUTED};font-weight:700">${count}</span>&nbsp;${label}`;
  const chips = [
    chip(model.counts.ERROR, levelNoun('ERROR', model.counts.ERROR), 'ERROR'),
    chip(model.counts.WARNING, levelNoun('WARNING', model.counts.WARNING), 'WARNING'),
    chip(model.counts.OK, levelNoun('OK', model.counts.OK), 'OK'),
    ...(model.snoozed.length ? [chip(model.snoozed.length, 'snoozed', 'SNOOZED')] : []),
  ].join(' &nbsp;·&nbsp; ');
  return (
    `<tr><td class="t${level}" style="background:${tint};border-top:6px solid ${colour};border-radius:8px 8px 0 0;padding:20px 24px">` +
    `<div class="mu" style="font-size:12px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:${MUTED}">${esc(model.appName)} · daily report</div>` +
    `<h1 class="c${level}" style="margin:0;font-size:24px;line-height:30px;font-weight:700;color:${colour};padding:6px 0 8px">${marker(model.worst)} ${esc(model.summary)}</h1>` +
    `<div class="ik" style="font-size:14px;color:${INK}">${chips}</div>` +
    `<div class="mu" style="font-size:12px;color:${MUTED};padding-top:6px">${esc(model.ranAt)} · ${esc(model.took)} · ${esc(model.trigger)}</div>` +
    `</td></tr>\n`
  );
}

/** The run's own trouble, right under the header: the reader must know the list may be incomplete. */
function troubleSection(model: EmailModel): string {
  if (model.runProblems.length === 0) return '';
  const { colour, tint } = LEVEL_STYLE.WARNING;
  const items = model.runProblems.map((problem) => `<li style="margin:4px 0">${esc(problem)}</li>`).join('');
  return (
    `<tr><td style="padding:16px 24px 0"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">` +
    `<tr><td class="tW ik" style="background:${tint};border-left:4px solid ${colour};padding:10px 14px;font-family:${FONT};font-size:14px;line-height:20px;color:${INK}">` +
    `<h2 class="cW" style="margin:0;font-size:15px;color:${colour}">${marker('WARNING')} This run had trouble of its own: the list below may be incomplete</h2>` +
    `<ul style="margin:6px 0 0;padding-left:20px">${items}</ul></td></tr></table></td></tr>\n`
  );
}

/** The problems as pieces of the page, not one string: the page is joined once (see renderHtml). */
function problemsSection(model: EmailModel): string[] {
  if (model.problems.length === 0) {
    return [section(`<tr><td style="padding:20px 0 0;font-size:15px">${marker('OK')} Nothing needs attention today.</td></tr>\n`)];
  }
  const rows = [heading(`Needs attention (${model.problems.length})`)];
  if (model.groups) {
    for (const group of model.groups) {
      rows.push(heading(group.title, undefined, true));
      for (const item of group.items) rows.push(problemRow(item));
    }
  } else {
    for (const item of model.problems) rows.push(problemRow(item));
  }
  return sectionParts(rows);
}

function okSection(model: EmailModel, budget: number): string {
  if (model.ok.length === 0) return '';
  const title = heading(`OK (${model.ok.length})`, 'OK');
  const wrap = (lines: string) =>
    section(`${title}<tr><td class="mu" style="padding:4px 0 0;font-size:12px;line-height:18px;color:${MUTED}">\n${lines}</td></tr>\n`);
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

/** At the end, the affirmative line of a healthy run (trouble is at the top). */
function healthySection(model: EmailModel): string {
  if (model.runProblems.length > 0) return '';
  return section(heading('This run') + `<tr><td class="rl mu" style="padding:6px 0;border-top:1px solid ${RULE};color:${MUTED}">${esc(model.runHealthy)}</td></tr>\n`);
}

function footer(model: EmailModel): string {
  return (
    `<tr><td class="mu" style="padding:20px 24px 24px;font-size:12px;line-height:18px;color:${MUTED}">` +
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
    `<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${esc(subject)}</title>${darkStyle()}</head>\n` +
    `<body class="bg" style="margin:0;padding:0;background:${PAGE};font-family:${FONT}">\n${preheader(model)}` +
    `<table role="presentation" class="bg" width="100%" cellpadding="0" cellspacing="0" style="background:${PAGE}"><tr><td align="center" style="padding:16px 8px">\n` +
    `<!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0"><tr><td><![endif]-->\n` +
    `<div role="main" style="max-width:640px;margin:0 auto">` +
    `<table role="presentation" class="cd ik" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#fff;border:1px solid ${RULE};border-radius:8px;` +
    `font-family:${FONT};color:${INK};word-break:break-word;overflow-wrap:anywhere">\n` +
    header(model) +
    troubleSection(model);

  // The problems stay pieces and the page is joined once: an email of 10,000 problems is megabytes
  // of text, and each joining or flattening of it costs as much again (writing it out flattens it).
  const problems = problemsSection(model);
  const snoozed = model.snoozed.length ? sectionParts([heading(`Snoozed (${model.snoozed.length})`, 'SNOOZED'), ...model.snoozed.map(problemRow)]) : [];
  const tail =
    healthySection(model) + footer(model) + `</table></div>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr></table>\n</body></html>\n`;
  const page = (ok: string) => [head, ...problems, ok, ...snoozed, tail].join('');

  // The OK list sits between the problems and the snoozed items and gets what is left of the budget.
  // Its lines are counted one by one, and soft line breaks fall differently once they are joined:
  // the whole is measured again, and the OK list made smaller by what it still runs over.
  // Without OK items there is nothing to fit; and text never takes fewer bytes on the wire than
  // in UTF-8, so a rest that is over the budget as it stands needs no encoding to know it.
  const rest = page('');
  if (model.ok.length === 0) return rest;
  let budget = Buffer.byteLength(rest) >= HTML_BUDGET_BYTES - 2_000 ? 2_000 : Math.max(HTML_BUDGET_BYTES - wireBytes(rest), 2_000);
  let html = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    html = page(okSection(model, budget));
    if (budget <= 2_000) break;
    const over = wireBytes(html) - HTML_BUDGET_BYTES;
    if (over <= 0) break;
    budget = Math.max(budget - over - 256, 2_000);
  }
  return html;
}
