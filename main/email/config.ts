/**
 * The `email` section of the config: where the daily report goes and how.
 * The config loader embeds `emailSchema` as the top-level `email` key and
 * prefixes every message here with the field's path (`email.to: …`).
 */
import * as z from 'zod';
import { duration, httpUrl, port } from '../checks/fields.js';

/** A bare address, `me@example.com`. Deliberately loose: the SMTP server is the real judge. */
const BARE_ADDRESS = String.raw`[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+`;
/** A bare address, or one with a display name: `Backstop <backstop@example.com>`. */
const ADDRESS = new RegExp(`^(?:${BARE_ADDRESS}|[^<>]*<\\s*${BARE_ADDRESS}\\s*>)$`);

const address = z
  .string({ error: 'must be an address like "me@example.com"' })
  .trim()
  .regex(ADDRESS, { error: (issue) => `must be an address like "me@example.com", got ${JSON.stringify(issue.input)}` });

/** Placeholders a `subject` template may use; rendering fills them in (see render.ts). */
export const SUBJECT_PLACEHOLDERS = {
  summary: 'the one-line story: "2 errors, 1 warning" or "all 37 OK"',
  date: 'the run\'s day in the report\'s time zone: "Thu 26 Nov"',
  app: 'the app name, "Backstop"',
  errors: 'the number of ERROR items',
  warnings: 'the number of WARNING items',
  ok: 'the number of OK items',
  total: 'the number of items checked (snoozed ones not included)',
} as const;

const placeholderList = Object.keys(SUBJECT_PLACEHOLDERS)
  .map((name) => `{{${name}}}`)
  .join(', ');

const subject = z
  .string({ error: 'must be a text like "{{app}}: {{summary}} · {{date}}"' })
  .min(1, { error: 'must not be empty: leave `subject` out to use "{{app}}: {{summary}} · {{date}}"' })
  .superRefine((template, ctx) => {
    for (const match of template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      const name = match[1] ?? '';
      if (!(name in SUBJECT_PLACEHOLDERS)) {
        ctx.addIssue({ code: 'custom', input: template, message: `has an unknown placeholder {{${name}}}: use one of ${placeholderList}` });
      }
    }
  })
  .meta({
    description: `Subject line template. Placeholders: ${Object.entries(SUBJECT_PLACEHOLDERS)
      .map(([name, meaning]) => `{{${name}}} = ${meaning}`)
      .join('; ')}.`,
    examples: ['[ops] {{summary}} · {{date}}'],
  });

export const smtpSchema = z
  .strictObject({
    host: z
      .string({ error: 'must be the SMTP server\'s name like "smtp.example.com"' })
      .trim()
      .min(1, { error: 'must be the SMTP server\'s name like "smtp.example.com", got ""' })
      .meta({ description: 'SMTP server (relay) host name, e.g. "smtp.azurecomm.net" or "smtp.gmail.com".' }),
    port: port.default(587).meta({ description: 'SMTP port: 587 (submission with STARTTLS, the default), 465 (TLS from the start) or 25.' }),
    secure: z
      .enum(['tls', 'starttls', 'none'], { error: (issue) => `must be "tls", "starttls" or "none", got ${JSON.stringify(issue.input)}` })
      .optional()
      .meta({
        description:
          'How the connection is encrypted. "tls": TLS from the first byte (port 465). "starttls": starts plain, then must upgrade with STARTTLS or the send fails (port 587). ' +
          '"none": never encrypts, only for a relay on the same machine or network. Default: "tls" on port 465, "starttls" on any other port.',
      }),
    user: z.string({ error: 'must be the SMTP user name as text' }).min(1).optional().meta({ description: 'SMTP login user name. Leave out, with `pass`, for a relay that needs no login.' }),
    pass: z
      .string({ error: 'must be the SMTP password as text, e.g. "${SMTP_PASSWORD}"' })
      .min(1)
      .optional()
      .meta({ description: 'SMTP login password or app secret. Keep it out of the file: "${SMTP_PASSWORD}" reads it from the environment.' }),
    timeout: duration('30s')
      .default(30_000)
      .meta({ description: 'How long one sending attempt may take in all (connecting, greeting, each reply, the whole message), like "30s". Default 30s.' }),
  })
  .superRefine((smtp, ctx) => {
    if (smtp.user !== undefined && smtp.pass === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pass'], input: undefined, message: 'is missing: `user` is set, so set `pass` too (or remove `user` for a relay without login)' });
    }
    if (smtp.pass !== undefined && smtp.user === undefined) {
      ctx.addIssue({ code: 'custom', path: ['user'], input: undefined, message: 'is missing: `pass` is set, so set `user` too' });
    }
  })
  .meta({ description: 'The SMTP server that relays the email.' });

export const emailSchema = z
  .strictObject({
    smtp: smtpSchema,
    from: address.meta({ description: 'Sender, like "backstop@example.com" or "Backstop <backstop@example.com>". Relays usually insist it is an address or domain they verified.' }),
    to: z
      .union([address, z.array(address).min(1, { error: 'must list at least one address like "me@example.com"' })], {
        error: (issue) => `must be an address like "me@example.com" or a list of them, got ${JSON.stringify(issue.input)}`,
      })
      .meta({ description: 'Recipient address, or a list of them.' }),
    subject: subject.optional(),
    heartbeatUrl: httpUrl
      .optional()
      .meta({
        description:
          'Requested (GET) after each successful send: point it at a dead man\'s switch such as Healthchecks.io ("https://hc-ping.com/<uuid>"), which alerts when the pings stop.',
      }),
    failureUrl: httpUrl
      .optional()
      .meta({ description: 'Requested (GET) when sending finally failed after every retry, e.g. "https://hc-ping.com/<uuid>/fail".' }),
    retryDelays: z
      .array(duration('20s'), { error: 'must be a list of durations like ["20s", "60s"]' })
      .max(10, { error: 'may list at most 10 waits: the run should end the same morning' })
      .default([20_000, 60_000])
      .meta({
        description: 'Waits between sending attempts; one attempt more than waits. Default ["20s", "60s"]: 3 attempts over about 2 minutes. [] tries once.',
      }),
    saveFailedTo: z
      .string({ error: 'must be a folder path like "unsent"' })
      .min(1)
      .optional()
      .meta({ description: 'Folder where an email that could not be sent is saved as <report id>.html. Relative to the data folder. Default "unsent".' }),
  })
  .meta({ description: 'Send the report by email after every run: the daily heartbeat. If it does not arrive, that is the alarm.' });

/** The `email` config after parsing: durations in milliseconds, defaults filled in. */
export type EmailSettings = z.infer<typeof emailSchema>;
/** The `email` config as written in the file. */
export type EmailSettingsInput = z.input<typeof emailSchema>;

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

/** `tls` on port 465 (implicit TLS is what that port speaks), `starttls` everywhere else. */
export function resolveSecurity(smtp: Pick<EmailSettings['smtp'], 'port' | 'secure'>): SmtpSecurity {
  return smtp.secure ?? (smtp.port === 465 ? 'tls' : 'starttls');
}

/** The recipients as a list, whichever way the config wrote them. */
export function recipients(settings: Pick<EmailSettings, 'to'>): string[] {
  return Array.isArray(settings.to) ? settings.to : [settings.to];
}
