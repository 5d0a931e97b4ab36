/**
 * Turns a run's Report into an email: a subject that tells the story in the
 * inbox list, an HTML part and a plain-text part with the same content.
 * Pure: no I/O, the clock comes in through `now` (default: when the run finished).
 */
import type { Report } from '../../shared/types.js';
import { renderHtml } from './html.js';
import { renderText } from './text.js';
import { buildModel, DEFAULT_SUBJECT, fillSubject } from './model.js';

export interface RenderOptions {
  /** IANA zone for dates and times; default the report's own `timezone`. */
  timezone?: string;
  /** Name in the subject and header; default "Backstop". */
  appName?: string;
  /** "Now" for `for 3 days`; default the report's `finishedAt`. */
  now?: Date;
  /** Subject template from `email.subject` (placeholders in config.ts); default "{{app}}: {{summary}} · {{date}}". */
  subject?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function renderEmail(report: Report, options: RenderOptions = {}): RenderedEmail {
  const model = buildModel(report, options);
  const subject = fillSubject(options.subject ?? DEFAULT_SUBJECT, model);
  // The plain-text part is written when it is asked for: `--html` never needs it.
  let text: string | undefined;
  return {
    subject,
    html: renderHtml(model, subject),
    get text() {
      return (text ??= renderText(model));
    },
  };
}
