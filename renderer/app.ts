/**
 * The results window: header with counts and Run now, the list worst first,
 * history, snoozes, config errors. Everything comes through `window.backstop`.
 */
import type { RunListItem, WindowState } from '../shared/ipc.js';
import type { Level, Report, RunProgress, Status } from '../shared/types.js';
import { calendarDate, elapsedTime, levelNoun, relativeDateAndTime, summarizeCounts } from '../shared/words.js';
import { bridge } from './bridge.js';
import { byId, el, show } from './dom.js';
import { knownZone, progressLine } from './format.js';
import { StatusList } from './list.js';
import { SnoozeDialog } from './snooze-dialog.js';

const api = bridge();

interface View {
  state?: WindowState;
  /** An earlier run picked in the history; undefined shows the latest. */
  historic?: Report;
  /** Why the run picked last could not be shown (a damaged or vanished file). */
  historyError?: string;
  levels: Set<Level>;
  query: string;
}

const view: View = { levels: new Set<Level>(['ERROR', 'WARNING', 'OK']), query: '' };

const search = byId<HTMLInputElement>('search');
const rowsElement = byId('rows');
const history = byId<HTMLSelectElement>('history');
const runNowButton = byId<HTMLButtonElement>('run-now');

const shownReport = (): Report | undefined => view.historic ?? view.state?.report;
const zone = (): string | undefined => knownZone(shownReport()?.timezone);

const list = new StatusList(rowsElement, {
  openLink: (status) => void api.openLink(status.link),
  snooze: (status) => openSnooze(status),
  canSnooze: (status) => !view.historic && status.level !== 'OK',
  now: () => new Date(),
  filtered: (shown, total) => {
    byId('shown').textContent = shown === total ? `${total.toLocaleString('en-US')} items` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
    show(byId('no-match'), total > 0 && shown === 0);
  },
});

const snoozeDialog = new SnoozeDialog((request) => api.snooze(request));

function openSnooze(status: Status): void {
  if (view.historic || status.level === 'OK') return;
  snoozeDialog.open(status, calendarDate(new Date(), zone()));
}

// ---- header ---------------------------------------------------------------

function renderHeader(): void {
  const report = shownReport();
  const now = new Date();
  for (const button of document.querySelectorAll<HTMLButtonElement>('#counts .count')) {
    const level = button.dataset.level as Level;
    const count = report?.counts[level] ?? 0;
    button.querySelector('.n')!.textContent = count.toLocaleString('en-US');
    button.querySelector('.word')!.textContent = levelNoun(level, count);
    button.setAttribute('aria-pressed', String(view.levels.has(level)));
    button.title = view.levels.has(level) ? `Hide ${levelNoun(level, 2)}` : `Show ${levelNoun(level, 2)}`;
    button.disabled = !report;
  }
  const meta = byId('run-meta');
  if (report) {
    const trigger = report.trigger === 'scheduled' ? 'scheduled run' : report.trigger === 'catch-up' ? 'catch-up run' : report.trigger === 'manual' ? 'run now' : 'CLI run';
    const next = !view.historic && view.state?.nextRunAt ? ` · next ${relativeDateAndTime(view.state.nextRunAt, zone(), now)}` : '';
    meta.textContent = `Ran ${relativeDateAndTime(report.startedAt, zone(), now)} · took ${elapsedTime(report.durationMs)} · ${trigger}${next}`;
  } else {
    meta.textContent = view.state?.progress ? 'First run in progress…' : 'No run yet';
  }
}

function renderProgress(progress: RunProgress | undefined): void {
  show(byId('progress'), Boolean(progress));
  runNowButton.disabled = Boolean(progress);
  runNowButton.textContent = progress ? 'Running…' : 'Run now';
  byId<HTMLButtonElement>('empty-run').disabled = Boolean(progress);
  if (!progress) return;
  const fraction = progress.total > 0 ? progress.done / progress.total : 0;
  byId('progress-fill').style.width = `${Math.round(fraction * 100)}%`;
  byId('progress-text').textContent = progressLine(progress);
}

// ---- banners --------------------------------------------------------------

function renderBanners(): void {
  const state = view.state;
  const report = shownReport();
  const now = new Date();

  const issues = state?.configIssues ?? [];
  const errors = issues.filter((issue) => issue.severity === 'error');
  const shownIssues = errors.length > 0 ? errors : [];
  show(byId('config-issues'), shownIssues.length > 0);
  if (shownIssues.length > 0) {
    byId('config-issues-title').textContent = `The config file has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}`;
    byId('config-issues-note').textContent = `${state?.configPath ?? ''} — fix it and save; Backstop reloads it on its own.${state?.report ? ' Until then the last good config keeps running.' : ''}`;
    const listElement = byId('config-issues-list');
    listElement.replaceChildren(
      ...shownIssues.map((issue) => {
        const item = el('li');
        if (issue.path) item.append(el('code', 'path', issue.path), ' ');
        item.append(el('span', 'message', issue.message));
        return item;
      }),
    );
  }

  show(byId('run-error'), Boolean(state?.runError) && !view.historic);
  byId('run-error-text').textContent = state?.runError ?? '';

  const stale = Boolean(state?.stale && state.report && !view.historic);
  show(byId('stale'), stale);
  if (stale && state?.report) {
    byId('stale-text').textContent = `This is old news: the latest run finished ${relativeDateAndTime(state.report.finishedAt, zone(), now)}, longer ago than the schedule allows. Was the computer off or asleep? Run now to check again.`;
  }

  const health = report?.health;
  const notes: string[] = [];
  if (health?.deadlineHit) notes.push('the run hit its deadline, so some checks were cut short');
  if (health?.timedOut.length) notes.push(`${health.timedOut.length} timed out (${health.timedOut.slice(0, 3).join(', ')}${health.timedOut.length > 3 ? ', …' : ''})`);
  if (health?.crashed.length) notes.push(`${health.crashed.length} crashed (${health.crashed.slice(0, 3).join(', ')}${health.crashed.length > 3 ? ', …' : ''})`);
  for (const note of health?.notes ?? []) notes.push(note);
  show(byId('health'), notes.length > 0);
  byId('health-text').textContent = notes.length > 0 ? `This run had trouble of its own: ${notes.join('; ')}.` : '';

  show(byId('history-note'), Boolean(view.historic || view.historyError));
  show(byId('back-to-latest'), Boolean(view.historic));
  if (view.historic) {
    byId('history-text').textContent = `You are looking at an earlier run, from ${relativeDateAndTime(view.historic.startedAt, zone(), now)}: ${summarizeCounts(view.historic.counts)}.`;
  } else if (view.historyError) {
    byId('history-text').textContent = view.historyError;
  }
}

// ---- list, empty state, snoozed ------------------------------------------

let listedReport: Report | undefined;

function renderBody(): void {
  const report = shownReport();
  const state = view.state;
  const hasReport = Boolean(report);
  show(byId('list-panel'), hasReport);
  show(byId('empty'), !hasReport);
  if (!report) {
    const broken = (state?.configIssues ?? []).some((issue) => issue.severity === 'error');
    byId('empty-title').textContent = state?.progress ? 'The first run is under way' : state?.runError ? 'The run failed' : 'No run yet';
    byId('empty-text').textContent = state?.progress
      ? 'The list appears here when it finishes.'
      : state?.runError
        ? `${state.runError}. Fix the problem above, then run again.`
        : broken
          ? 'Fix the config file (see above), then run.'
          : `Backstop checks everything once a day${state?.nextRunAt ? `, next ${relativeDateAndTime(state.nextRunAt, undefined, new Date())}` : ''}. Run now to see your list.`;
    show(byId('empty-run'), !state?.progress);
    listedReport = undefined;
    renderSnoozed(undefined);
    return;
  }
  if (report !== listedReport) {
    listedReport = report;
    list.setStatuses(report.statuses);
  }
  renderSnoozed(report);
}

function renderSnoozed(report: Report | undefined): void {
  const snoozed = report?.snoozed ?? [];
  const details = byId<HTMLDetailsElement>('snoozed');
  show(details, snoozed.length > 0);
  byId('snoozed-title').textContent = `Snoozed (${snoozed.length})`;
  byId('snoozed-list').replaceChildren(
    ...snoozed.map((status) => {
      const item = el('li', 'snoozed-row');
      item.dataset.level = status.level;
      const marker = el('span', 'marker');
      marker.setAttribute('aria-hidden', 'true');
      const what = el('span', 'what');
      what.append(el('strong', undefined, status.resource), status.metric ? el('span', 'metric', ` ${status.metric}`) : '', el('span', 'result', ` — ${status.result}`));
      const why = el('span', 'why');
      const snooze = status.snooze;
      why.textContent = snooze ? `until ${calendarDate(snooze.until, zone())} · ${snooze.reason}${snooze.source === 'config' ? ' (in the config file)' : ''}` : 'snoozed';
      item.append(marker, el('span', 'level-text', status.level), what, why);
      if (!view.historic && snooze?.source !== 'config') {
        const button = el('button', 'unsnooze', 'Unsnooze');
        button.type = 'button';
        button.addEventListener('click', () => void api.unsnooze(status.resource, status.metric));
        item.append(button);
      }
      return item;
    }),
  );
}

function render(): void {
  renderHeader();
  renderProgress(view.historic ? undefined : view.state?.progress);
  renderBanners();
  renderBody();
}

// ---- history ------------------------------------------------------------

async function refreshHistory(): Promise<void> {
  let runs: RunListItem[];
  try {
    runs = await api.listRuns();
  } catch {
    return;
  }
  const latestId = view.state?.report?.id;
  const chosen = history.value;
  const options = [new Option('Latest run', '')];
  const now = new Date();
  for (const run of runs) {
    if (run.id === latestId) continue;
    options.push(new Option(`${relativeDateAndTime(run.startedAt, zone(), now)} — ${summarizeCounts(run.counts)}`, run.id));
  }
  history.replaceChildren(...options);
  history.value = options.some((option) => option.value === chosen) ? chosen : '';
  history.disabled = options.length === 1;
}

async function pickRun(id: string): Promise<void> {
  view.historyError = undefined;
  if (!id) {
    view.historic = undefined;
  } else {
    try {
      view.historic = await api.readRun(id);
    } catch (error) {
      // Back to the latest run, all of it (list, header, Snooze buttons), and say why; the file
      // was moved aside, so the history loses that entry.
      view.historic = undefined;
      history.value = '';
      view.historyError = `Could not show that run, so this is the latest one. ${readableError(error)}`;
      void refreshHistory();
    }
  }
  render();
}

/** The message of an error thrown in main, without Electron's "Error invoking remote method …" wrapping. */
function readableError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error invoking remote method '[^']*': (?:Error: )?/, '');
}

// ---- input ----------------------------------------------------------------

function setState(state: WindowState): void {
  const newReport = state.report?.id !== view.state?.report?.id;
  view.state = state;
  if (newReport) view.historyError = undefined;
  render();
  if (newReport) void refreshHistory();
}

function runNow(): void {
  void api.runNow();
}

function wireInput(): void {
  search.addEventListener('input', () => {
    view.query = search.value;
    list.setFilter(view.levels, view.query);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('#counts .count')) {
    button.addEventListener('click', () => {
      const level = button.dataset.level as Level;
      if (view.levels.has(level)) view.levels.delete(level);
      else view.levels.add(level);
      list.setFilter(view.levels, view.query);
      renderHeader();
    });
  }
  runNowButton.addEventListener('click', runNow);
  byId('empty-run').addEventListener('click', runNow);
  byId('open-config').addEventListener('click', () => void api.openConfig());
  history.addEventListener('change', () => void pickRun(history.value));
  byId('back-to-latest').addEventListener('click', () => {
    history.value = '';
    void pickRun('');
  });
  document.addEventListener('keydown', onKey);
}

function onKey(event: KeyboardEvent): void {
  if (snoozeDialog.isOpen || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (typing) {
    if (target === search && (event.key === 'ArrowDown' || event.key === 'Enter')) {
      event.preventDefault();
      rowsElement.focus();
      if (event.key === 'ArrowDown') list.move(1);
    } else if (target === search && event.key === 'Escape') {
      search.value = '';
      view.query = '';
      list.setFilter(view.levels, '');
    }
    return;
  }
  const keys: Record<string, () => void> = {
    '/': () => search.focus(),
    ArrowDown: () => list.move(1),
    j: () => list.move(1),
    ArrowUp: () => list.move(-1),
    k: () => list.move(-1),
    PageDown: () => list.move(10),
    PageUp: () => list.move(-10),
    Home: () => list.select(0),
    End: () => list.move(list.shownCount),
    Enter: () => list.openSelected(),
    s: () => {
      const status = list.selectedStatus();
      if (status) openSnooze(status);
    },
  };
  const action = keys[event.key];
  if (!action || (event.key === 'Enter' && target.closest('button, a, summary'))) return;
  event.preventDefault();
  if (event.key !== '/') rowsElement.focus({ preventScroll: true });
  action();
}

async function start(): Promise<void> {
  wireInput();
  api.onState(setState);
  api.onProgress((progress) => {
    if (!view.state) return;
    view.state = { ...view.state, progress };
    renderHeader();
    renderProgress(view.historic ? undefined : progress);
    if (!view.state.report) renderBody();
  });
  setState(await api.getState());
}

void start();
