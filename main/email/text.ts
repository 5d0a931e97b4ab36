/**
 * The plain-text part: the same content as the HTML, for clients that show text
 * and for people who prefer it. Nothing is cut here: size is not a problem for text.
 */
import { levelCount } from '../../shared/words.js';
import type { EmailModel, ItemView } from './model.js';

function linkText(item: ItemView): string {
  switch (item.link.kind) {
    case 'url':
      return item.link.href;
    case 'refused':
      return `link not shown: ${item.link.reason}`;
    case 'none':
      return 'no link configured';
  }
}

function problemBlock(item: ItemView): string {
  const label = item.snoozeNote ? `SNOOZED ${item.level}` : item.level;
  const lines = [`${label.padEnd(8)} ${item.title}`, `         ${item.result}`];
  if (item.snoozeNote) lines.push(`         ${item.snoozeNote}`);
  lines.push(`         ${item.age ? `${item.age} · ` : ''}${linkText(item)}`);
  return lines.join('\n');
}

export function renderText(model: EmailModel): string {
  const parts: string[] = [];
  parts.push(
    [
      `${model.appName}: ${model.summary}`,
      `${levelCount('ERROR', model.counts.ERROR)}, ${levelCount('WARNING', model.counts.WARNING)}, ${levelCount('OK', model.counts.OK)}${model.snoozed.length ? `, ${model.snoozed.length} snoozed` : ''}`,
      `${model.ranAt} · ${model.took} · ${model.trigger}`,
    ].join('\n'),
  );

  parts.push(
    model.problems.length
      ? [`NEEDS ATTENTION (${model.problems.length})`, ...model.problems.map(problemBlock)].join('\n\n')
      : 'Nothing needs attention today.',
  );
  if (model.ok.length) {
    parts.push([`OK (${model.ok.length})`, ...model.ok.map((item) => `  ${item.title} · ${item.result}`)].join('\n'));
  }
  if (model.snoozed.length) {
    parts.push([`SNOOZED (${model.snoozed.length})`, ...model.snoozed.map(problemBlock)].join('\n\n'));
  }
  parts.push(['THIS RUN', ...(model.runProblems.length ? model.runProblems.map((problem) => `  ! ${problem}`) : [`  ${model.runHealthy}`])].join('\n'));
  parts.push(
    `Sent by ${model.appName} after every run. If this email does not arrive one morning, ${model.appName} itself needs a look.\n` +
      `Report ${model.reportId} · config ${model.configPath}`,
  );
  return `${parts.join('\n\n')}\n`;
}
