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
  const fresh = item.newToday && !item.snoozeNote ? 'NEW ' : '';
  const lines = [`${label.padEnd(8)} ${fresh}${item.title}`, `         ${item.result}`];
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
  // The run's own trouble comes first: the list below it may be incomplete.
  if (model.runProblems.length) {
    parts.push(['THIS RUN HAD TROUBLE OF ITS OWN: the list below may be incomplete', ...model.runProblems.map((problem) => `  ! ${problem}`)].join('\n'));
  }

  if (model.problems.length === 0) parts.push('Nothing needs attention today.');
  else if (model.groups) {
    parts.push(`NEEDS ATTENTION (${model.problems.length})`);
    for (const group of model.groups) parts.push([`-- ${group.title} --`, ...group.items.map(problemBlock)].join('\n\n'));
  } else parts.push([`NEEDS ATTENTION (${model.problems.length})`, ...model.problems.map(problemBlock)].join('\n\n'));

  if (model.ok.length) {
    parts.push([`OK (${model.ok.length})`, ...model.ok.map((item) => `  ${item.title} · ${item.result}`)].join('\n'));
  }
  if (model.snoozed.length) {
    parts.push([`SNOOZED (${model.snoozed.length})`, ...model.snoozed.map(problemBlock)].join('\n\n'));
  }
  if (model.runProblems.length === 0) parts.push(['THIS RUN', `  ${model.runHealthy}`].join('\n'));
  parts.push(
    `Sent by ${model.appName} after every run. If this email does not arrive one morning, ${model.appName} itself needs a look.\n` +
      `Report ${model.reportId} · config ${model.configPath}`,
  );
  return `${parts.join('\n\n')}\n`;
}
