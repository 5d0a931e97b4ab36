/**
 * The results window: header with the headline, counts and Run now, banners
 * (stale, failed run, config errors, the run's own trouble, history), the list
 * worst first, the detail view, snoozes. Everything comes through `window.backstop`.
 */
import type { RunListItem, WindowState } from '../shared/ipc.js';
import { worstLevel } from '../shared/levels.js';
import type { Level, Report, RunProgress, Status } from '../shared/types.js';
import { calendarDate, countsHeadline, elapsedTime, itemTitle, levelNoun, plural, relativeDateAndTime, summarizeCounts } from '../shared/words.js';
import { boundBanner, remeasureBanners } from './banners.js';
import { bridge } from './bridge.js';
import { DetailView, STRIP_RUNS } from './detail.js';
import { byId, el, show } from './dom.js';
import { knownZone, progressLine } from './format.js';
import { StatusList, type SortOrder } from './list.js';
import { SnoozeDialog } from './snooze-dialog.js';

const api = bridge();

interface View {
  state?: WindowState;
  /** An earlier run picked in the history; undefined shows the latest. */
  historic?: Report;
  /** Why the run picked last could not be shown (a damaged or vanished file). */
  historyError?: string;
  /** The saved runs, newest first; undefined until listed. */
  runs?: RunListItem[];
  levels: Set<Level>;
  query: string;
  tag: string;
  order: SortOrder;
}

const view: View = { levels: new Set<Level>(['ERROR', 'WARNING', 'OK']), query: '', tag: '', order: 'worst' };

const search = byId<HTMLInputElement>('search');
const grid = byId('grid');
const history = byId<HTMLSelectElement>('history');
const sortSelect = byId<HTMLSelectElement>('sort');
const tagSelect = byId<HTMLSelectElement>('tag-filter');
const runButtons = [byId<HTMLButtonElement>('run-now'), byId<HTMLButtonElement>('stale-run'), byId<HTMLButtonElement>('empty-run')];

const shownReport = (): Report | undefined => view.historic ?? view.state?.report;
const zone = (): string | undefined => knownZone(shownReport()?.timezone);
/** "Now" for ages: the clock for the latest run, the end of that run for an earlier one. */
const ageNow = (): Date => (view.historic ? new Date(view.historic.finishedAt) : new Date());
const canSnooze = (status: Status) => !view.historic && status.level !== 'OK' && !status.snooze;
const canUnsnooze = (status: Status) => !view.historic && status.snooze?.source === 'user';

const list = new StatusList(grid, byId('rows'), {
  openLink: (status) => void api.openLink(status.link),
  snooze: (status) => openSnooze(status),
  detail: (status) => detail.open(status),
  filterTag: (tag) => setTag(tag),
  canSnooze,
  now: ageNow,
  filtered: (shown, total) => {
    byId('shown').textContent = shown === total ? plural(total, 'item') : `${shown} of ${total}`;
    show(byId('no-match'), total > 0 && shown === 0);
  },
});

const detail = new DetailView({
  openLink: (status) => void api.openLink(status.link),
  snooze: (status) => openSnooze(status),
  unsnooze: (status) => void api.unsnooze(status.resource, status.metric).then(() => grid.focus()),
  canSnooze,
  canUnsnooze,
  filterTag: (tag) => setTag(tag),
  step: (current, delta) => {
    if (current.snooze) return undefined;
    if (list.selectedStatus() !== current && !list.selectStatus(current)) return undefined;
    list.move(delta);
    return list.selectedStatus();
  },
  history: (status) => {
    const endId = view.historic?.id;
    return api.itemHistory({ resource: status.resource, metric: status.metric, count: STRIP_RUNS, ...(endId ? { endId } : {}) });
  },
  isNew: (status) => list.isNew(status),
  now: ageNow,
  zone,
  closed: () => focusList(),
});

const snoozeDialog = new SnoozeDialog((request) => api.snooze(request), () => focusList());

function openSnooze(status: Status): void {
  if (!canSnooze(status)) return;
  snoozeDialog.open(status, calendarDate(new Date(), zone()));
}

/** Back to the list after a dialog or a banner button, so keyboard users do not land on the page body. */
function focusList(): void {
  if (!byId('list-panel').hidden) grid.focus({ preventScroll: true });
  else if (!byId('empty').hidden && !byId('empty-run').hidden) byId('empty-run').focus();
}

// ---- header ---------------------------------------------------------------

const TRIGGERS: Record<Report['trigger'], string> = { scheduled: 'scheduled run', 'catch-up': 'catch-up run', manual: 'run now', cli: 'CLI run' };

function renderHeader(): void {
  const report = shownReport();
  const now = new Date();
  show(byId('counts'), Boolean(report));
  for (const button of document.querySelectorAll<HTMLButtonElement>('#counts .count')) {
    const level = button.dataset.level as Level;
    const count = report?.counts[level] ?? 0;
    const word = levelNoun(level, count);
    const many = levelNoun(level, 2);
    button.querySelector('.n')!.textContent = String(count);
    button.querySelector('.word')!.textContent = word;
    button.dataset.zero = String(count === 0);
    button.setAttribute('aria-pressed', String(view.levels.has(level)));
    button.title = view.levels.has(level) ? `Hide ${many}` : `Show ${many}`;
  }
  const headline = byId('headline');
  show(headline, Boolean(report));
  if (report) {
    headline.dataset.level = worstLevel(report.statuses.map((status) => status.level));
    const snoozed = report.snoozed.length ? ` (${report.snoozed.length} snoozed)` : '';
    byId('headline-text').textContent = `${countsHeadline(report.counts)}${snoozed}`;
  }
  const meta = byId('run-meta');
  if (report) {
    const next = !view.historic && view.state?.nextRunAt ? ` · next ${relativeDateAndTime(view.state.nextRunAt, zone(), now)}` : '';
    meta.textContent = `Ran ${relativeDateAndTime(report.startedAt, zone(), now)} · took ${elapsedTime(report.durationMs)} · ${TRIGGERS[report.trigger] ?? report.trigger}${next}`;
  } else {
    meta.textContent = view.state?.progress ? 'First run in progress…' : 'No run yet';
  }
}

function renderProgress(progress: RunProgress | undefined): void {
  show(byId('progress'), Boolean(progress));
  for (const button of runButtons) {
    button.disabled = Boolean(progress);
    button.textContent = progress ? 'Running…' : 'Run now';
  }
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

  const errors = (state?.configIssues ?? []).filter((issue) => issue.severity === 'error');
  show(byId('config-issues'), errors.length > 0);
  if (errors.length > 0) {
    byId('config-issues-title').textContent = `The config file has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}`;
    byId('config-issues-note').textContent = `${state?.configPath ?? ''} — fix it and save; Backstop reloads it on its own.${state?.report ? ' Until then the last good config keeps running.' : ''}`;
    byId('config-issues-list').replaceChildren(
      ...errors.map((issue) => {
        const item = el('li');
        if (issue.path) item.append(el('code', 'path', issue.path), ' ');
        item.append(el('span', 'message', issue.message));
        return item;
      }),
    );
  }
  boundBanner(byId('config-issues'));

  show(byId('run-error'), Boolean(state?.runError) && !view.historic);
  byId('run-error-text').textContent = state?.runError ?? '';
  boundBanner(byId('run-error'));

  const stale = Boolean(state?.stale && state.report && !view.historic);
  show(byId('stale'), stale);
  document.body.classList.toggle('is-stale', stale);
  if (stale && state?.report) {
    byId('stale-title').textContent = `No run since ${relativeDateAndTime(state.report.finishedAt, zone(), now)}: this list is old news`;
    byId('stale-text').textContent =
      'The schedule should have run Backstop since then, so nothing below is known to be true today. Was the computer off or asleep? Run now to check everything again.';
  }

  const health = report?.health;
  const notes: string[] = [];
  if (health?.deadlineHit) notes.push('The run hit its deadline, so some checks were cut short.');
  if (health?.timedOut.length) notes.push(`${plural(health.timedOut.length, 'check')} timed out: ${health.timedOut.join(', ')}.`);
  if (health?.crashed.length) notes.push(`${plural(health.crashed.length, 'check')} crashed: ${health.crashed.join(', ')}.`);
  for (const note of health?.notes ?? []) notes.push(note);
  show(byId('health'), notes.length > 0);
  byId('health-list').replaceChildren(...notes.map((note) => el('li', undefined, note)));
  boundBanner(byId('health'));

  show(byId('history-note'), Boolean(view.historic || view.historyError));
  show(byId('back-to-latest'), Boolean(view.historic));
  if (view.historic) {
    byId('history-text').textContent = `You are looking at an earlier run, from ${relativeDateAndTime(view.historic.startedAt, zone(), now)}: ${summarizeCounts(view.historic.counts)}. Ages are as of that run.`;
  } else if (view.historyError) {
    byId('history-text').textContent = view.historyError;
  }
}

// ---- list, empty state, snoozed ------------------------------------------

let listed: { report: Report; newSince: number | undefined } | undefined;

/** The start of the shown run when the history has a run before it: items changed since then are new. */
function newSince(report: Report): number | undefined {
  if (!view.runs?.some((run) => run.id < report.id)) return undefined;
  const started = Date.parse(report.startedAt);
  return Number.isNaN(started) ? undefined : started;
}

function renderBody(): void {
  const report = shownReport();
  const state = view.state;
  show(byId('list-panel'), Boolean(report));
  show(byId('empty'), !report);
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
    listed = undefined;
    renderSnoozed(undefined);
    return;
  }
  const since = newSince(report);
  if (report !== listed?.report || since !== listed.newSince) {
    listed = { report, newSince: since };
    renderTags(report);
    list.setStatuses(report.statuses, since);
  } else list.refresh();
  renderSnoozed(report);
}

function renderTags(report: Report): void {
  const tags = [...new Set(report.statuses.flatMap((status) => status.tags ?? []))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (view.tag && !tags.includes(view.tag)) tags.unshift(view.tag);
  tagSelect.replaceChildren(new Option('All tags', ''), ...tags.map((tag) => new Option(`Tag: ${tag}`, tag)));
  tagSelect.value = view.tag;
  show(tagSelect, tags.length > 0);
}

function setTag(tag: string): void {
  view.tag = tag;
  if (![...tagSelect.options].some((option) => option.value === tag)) tagSelect.append(new Option(`Tag: ${tag}`, tag));
  tagSelect.value = tag;
  applyFilter();
  focusList();
}

function applyFilter(): void {
  list.setFilter({ levels: view.levels, query: view.query, tag: view.tag });
}

function renderSnoozed(report: Report | undefined): void {
  const snoozed = report?.snoozed ?? [];
  show(byId('snoozed'), snoozed.length > 0);
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
      const buttons = el('span', 'snoozed-actions');
      const details = el('button', 'details', 'Details');
      details.type = 'button';
      details.setAttribute('aria-label', `Details of ${itemTitle(status)}`);
      details.addEventListener('click', () => detail.open(status));
      buttons.append(details);
      if (canUnsnooze(status)) {
        const button = el('button', 'unsnooze', 'Unsnooze');
        button.type = 'button';
        button.setAttribute('aria-label', `Unsnooze ${itemTitle(status)}`);
        button.addEventListener('click', () => void api.unsnooze(status.resource, status.metric).then(() => focusList()));
        buttons.append(button);
      }
      item.append(marker, el('span', 'level-text', status.level), what, why, buttons);
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
  view.runs = runs;
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
  renderBody();
}

async function pickRun(id: string): Promise<void> {
  view.historyError = undefined;
  detail.close();
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

function setOrder(order: SortOrder): void {
  view.order = order;
  list.setOrder(order);
  byId('col-level').setAttribute('aria-sort', order === 'worst' ? 'ascending' : 'none');
  byId('col-since').setAttribute('aria-sort', order === 'newest' ? 'ascending' : order === 'oldest' ? 'descending' : 'none');
}

function wireInput(): void {
  search.addEventListener('input', () => {
    view.query = search.value;
    applyFilter();
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      grid.focus();
      if (event.key === 'ArrowDown') list.move(1);
    } else if (event.key === 'Escape' && search.value) {
      event.preventDefault();
      search.value = '';
      view.query = '';
      applyFilter();
    }
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('#counts .count')) {
    button.addEventListener('click', () => {
      const level = button.dataset.level as Level;
      if (view.levels.has(level)) view.levels.delete(level);
      else view.levels.add(level);
      applyFilter();
      renderHeader();
    });
  }
  sortSelect.addEventListener('change', () => setOrder(sortSelect.value as SortOrder));
  tagSelect.addEventListener('change', () => {
    view.tag = tagSelect.value;
    applyFilter();
  });
  for (const button of runButtons) button.addEventListener('click', runNow);
  byId('open-config').addEventListener('click', () => void api.openConfig());
  history.addEventListener('change', () => void pickRun(history.value));
  byId('back-to-latest').addEventListener('click', () => {
    history.value = '';
    void pickRun('').then(() => focusList());
  });
  grid.addEventListener('keydown', onGridKey);
  document.addEventListener('keydown', onKey);
  window.addEventListener('resize', remeasureBanners);
  // Ages move with the clock: redraw them every minute.
  setInterval(() => {
    if (!view.historic) list.refresh();
  }, 60_000);
}

function onGridKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const keys: Record<string, () => void> = {
    ArrowDown: () => list.move(1),
    j: () => list.move(1),
    ArrowUp: () => list.move(-1),
    k: () => list.move(-1),
    PageDown: () => list.move(list.pageSize),
    PageUp: () => list.move(-list.pageSize),
    Home: () => list.select(0),
    End: () => list.select(list.shownCount - 1),
    Enter: () => openDetail(),
    ArrowRight: () => openDetail(),
    ' ': () => openDetail(),
    o: () => list.openSelected(),
    s: () => {
      const status = list.selectedStatus();
      if (status) openSnooze(status);
    },
  };
  const action = keys[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

function openDetail(): void {
  const status = list.selectedStatus();
  if (status) detail.open(status);
}

/** Keys anywhere outside a text field: `/` searches. */
function onKey(event: KeyboardEvent): void {
  if (snoozeDialog.isOpen || detail.isOpen || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
  if (event.key === '/') {
    event.preventDefault();
    search.focus();
  }
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
