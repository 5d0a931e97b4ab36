/**
 * The detail view of one item: the full result, how long it has been at its
 * level, measurements against thresholds, tags, the whole link, its snoozes and
 * a strip of its last runs from the history. A modal dialog: Esc or ← closes
 * it and focus goes back to the list; ↑ and ↓ step through the list.
 */
import type { ItemHistory, ItemRun, PerfDatum, Snooze, Status } from '../shared/types.js';
import { isOpenableLink } from '../shared/ipc.js';
import { calendarDate, dateAndTime, forHowLongSince, itemTitle, plural, rangeWords, relativeDateAndTime } from '../shared/words.js';
import { byId, el, show } from './dom.js';
import { datumLevel, gaugeFor, parseRange } from './perf.js';

/** How many runs the strip shows. */
export const STRIP_RUNS = 14;

export interface DetailCallbacks {
  openLink(status: Status): void;
  snooze(status: Status): void;
  unsnooze(status: Status): void;
  canSnooze(status: Status): boolean;
  canUnsnooze(status: Status): boolean;
  filterTag(tag: string): void;
  /** The item `delta` rows away in the list, made the list's active row. */
  step(current: Status, delta: number): Status | undefined;
  history(status: Status): Promise<ItemHistory>;
  isNew(status: Status): boolean;
  /** "Now" for relative times: the clock, or the shown run's time. */
  now(): Date;
  zone(): string | undefined;
  /** Called after the view closed, to put focus back. */
  closed(): void;
}

export class DetailView {
  private readonly dialog = byId<HTMLDialogElement>('detail');
  private readonly investigate = byId<HTMLAnchorElement>('detail-investigate');
  private readonly snoozeButton = byId<HTMLButtonElement>('detail-snooze');
  private readonly unsnoozeButton = byId<HTMLButtonElement>('detail-unsnooze');
  private status: Status | undefined;
  /** Counts requests, so a slow answer for an item no longer shown is dropped. */
  private request = 0;

  constructor(private readonly callbacks: DetailCallbacks) {
    byId('detail-close').addEventListener('click', () => this.close());
    this.dialog.addEventListener('close', () => {
      this.status = undefined;
      this.callbacks.closed();
    });
    this.investigate.addEventListener('click', (event) => {
      event.preventDefault();
      if (this.status && isOpenableLink(this.status.link)) this.callbacks.openLink(this.status);
    });
    this.investigate.addEventListener('auxclick', (event) => event.preventDefault());
    this.snoozeButton.addEventListener('click', () => {
      const status = this.status;
      if (!status) return;
      this.dialog.close();
      this.callbacks.snooze(status);
    });
    this.unsnoozeButton.addEventListener('click', () => {
      const status = this.status;
      if (!status) return;
      this.dialog.close();
      this.callbacks.unsnooze(status);
    });
    byId('detail-tags').addEventListener('click', (event) => {
      const tag = (event.target as Element).closest<HTMLElement>('[data-tag]')?.dataset.tag;
      if (tag === undefined) return;
      this.dialog.close();
      this.callbacks.filterTag(tag);
    });
    this.dialog.addEventListener('keydown', (event) => this.onKey(event));
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  get shown(): Status | undefined {
    return this.status;
  }

  open(status: Status): void {
    this.show(status);
    if (!this.dialog.open) this.dialog.showModal();
    byId('detail-close').focus();
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || !this.status) return;
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (typing) return;
    const delta = event.key === 'ArrowDown' || event.key === 'j' ? 1 : event.key === 'ArrowUp' || event.key === 'k' ? -1 : 0;
    if (delta !== 0) {
      event.preventDefault();
      const next = this.callbacks.step(this.status, delta);
      if (next) this.show(next);
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      this.close();
    } else if (event.key === 'o') {
      event.preventDefault();
      if (isOpenableLink(this.status.link)) this.callbacks.openLink(this.status);
    }
  }

  private show(status: Status): void {
    this.status = status;
    const now = this.callbacks.now();
    const zone = this.callbacks.zone();
    const title = itemTitle(status);
    const level = byId('detail-level');
    level.dataset.level = status.snooze ? 'SNOOZED' : status.level;
    level.querySelector('.level-text')!.textContent = status.snooze ? `${status.level}, snoozed` : status.level;
    show(level.querySelector<HTMLElement>('.new-badge')!, this.callbacks.isNew(status));
    byId('detail-title').textContent = title;
    byId('detail-result').textContent = status.result || '(no result text)';
    const since = byId('detail-since');
    const relative = forHowLongSince(status.since, now);
    since.textContent = relative ? `${status.level} ${relative}, since ${relativeDateAndTime(status.since, zone, now)}` : 'unknown';
    since.title = status.since ? dateAndTime(status.since, zone) : '';
    byId('detail-type').textContent = status.type;

    const tags = status.tags ?? [];
    show(byId('detail-tags-term'), tags.length > 0);
    show(byId('detail-tags'), tags.length > 0);
    byId('detail-tags').replaceChildren(
      ...tags.map((tag) => {
        const button = el('button', 'tag', tag);
        button.type = 'button';
        button.dataset.tag = tag;
        button.setAttribute('aria-label', `Show only items tagged ${tag}`);
        return button;
      }),
    );

    const openable = isOpenableLink(status.link);
    // The engine keeps only http, https and mailto links, and says why it dropped another without showing it.
    byId('detail-link').textContent = openable
      ? status.link
      : status.linkRefused
        ? `not shown: ${status.linkRefused} (only http, https and mailto links open)`
        : 'none configured';
    show(this.investigate, openable);
    if (openable) {
      this.investigate.href = status.link;
      this.investigate.setAttribute('aria-label', `Investigate ${title}`);
    }
    show(this.snoozeButton, this.callbacks.canSnooze(status));
    this.snoozeButton.setAttribute('aria-label', `Snooze ${title}`);
    show(this.unsnoozeButton, this.callbacks.canUnsnooze(status));
    this.unsnoozeButton.setAttribute('aria-label', `Unsnooze ${title}`);

    this.showPerf(status.perfData ?? []);
    this.showSnoozes(status.snooze ? [status.snooze] : []);
    this.showStrip(undefined);
    const request = ++this.request;
    this.callbacks.history(status).then(
      (history) => {
        if (request !== this.request) return;
        this.showStrip(history);
        const seen = history.runs.flatMap((run) => (run.snooze ? [run.snooze] : []));
        this.showSnoozes([...(status.snooze ? [status.snooze] : []), ...seen.reverse()]);
      },
      (error: unknown) => {
        if (request !== this.request) return;
        byId('detail-strip-note').textContent = `The history could not be read: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  }

  private showStrip(history: ItemHistory | undefined): void {
    const strip = byId('detail-strip');
    const note = byId('detail-strip-note');
    if (!history) {
      strip.replaceChildren();
      note.textContent = 'Reading the history…';
      return;
    }
    const zone = this.callbacks.zone();
    const now = this.callbacks.now();
    strip.replaceChildren(...history.runs.map((run) => this.mark(run, zone, now)));
    const runs = history.runs;
    const problems = runs.filter((run) => run.level === 'ERROR' || run.level === 'WARNING').length;
    note.textContent =
      runs.length === 0
        ? 'No run in the history has this item yet.'
        : `${runs.length < STRIP_RUNS ? `Only ${plural(runs.length, 'run')} in the history so far. ` : ''}Oldest on the left; not OK in ${problems} of ${plural(runs.length, 'run')}.`;
  }

  private mark(run: ItemRun, zone: string | undefined, now: Date): HTMLLIElement {
    const item = el('li', 'mark');
    const level = run.snooze ? 'SNOOZED' : (run.level ?? 'NONE');
    item.dataset.level = level;
    const when = relativeDateAndTime(run.startedAt, zone, now);
    const what = run.level ? `${run.level}${run.snooze ? ', snoozed' : ''}` : 'not checked';
    const glyph = el('span', 'marker');
    glyph.setAttribute('aria-hidden', 'true');
    item.append(glyph, el('span', 'visually-hidden', `${when}: ${what}`));
    item.title = `${when}: ${what}${run.result ? ` — ${run.result}` : ''}`;
    return item;
  }

  private showPerf(data: PerfDatum[]): void {
    show(byId('detail-perf-section'), data.length > 0);
    byId('detail-perf').querySelector('tbody')!.replaceChildren(...data.map((datum) => perfRow(datum)));
  }

  private showSnoozes(snoozes: Snooze[]): void {
    const seen = new Set<string>();
    const unique = snoozes.filter((snooze) => {
      const key = `${snooze.until}\u0000${snooze.reason}\u0000${snooze.source}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    show(byId('detail-snooze-section'), unique.length > 0);
    byId('detail-snoozes').replaceChildren(
      ...unique.map((snooze) => {
        const by = snooze.source === 'config' ? 'in the config file' : 'in the app';
        const made = snooze.createdAt ? `, made ${relativeDateAndTime(snooze.createdAt, this.callbacks.zone(), this.callbacks.now())}` : '';
        return el('li', undefined, `Until ${calendarDate(snooze.until, this.callbacks.zone())} (${by}${made}): ${snooze.reason}`);
      }),
    );
  }
}

function perfRow(datum: PerfDatum): HTMLTableRowElement {
  const row = el('tr');
  const unit = datum.uom ?? '';
  const threshold = (text: string | undefined) => {
    const range = parseRange(text);
    return range ? rangeWords(range, unit) : (text ?? '—');
  };
  const level = datumLevel(datum);
  const value = el('td', 'value', `${datum.value.toLocaleString('en-US')}${unit}`);
  if (level) value.dataset.level = level;
  const gaugeCell = el('td', 'gauge-cell');
  const gauge = gaugeFor(datum);
  if (gauge) {
    const bar = el('span', 'gauge');
    bar.setAttribute('aria-hidden', 'true');
    if (level) bar.dataset.level = level;
    const fill = el('span', 'gauge-fill');
    fill.style.width = `${(gauge.fill * 100).toFixed(1)}%`;
    bar.append(fill);
    for (const [edges, kind] of [
      [gauge.warn, 'warn'],
      [gauge.crit, 'crit'],
    ] as const) {
      for (const edge of edges) {
        const tick = el('span', `gauge-tick ${kind}`);
        tick.style.left = `${(edge * 100).toFixed(1)}%`;
        bar.append(tick);
      }
    }
    gaugeCell.append(bar);
  }
  const label = el('th', undefined, datum.label);
  label.scope = 'row';
  row.append(label, value, el('td', undefined, threshold(datum.warn)), el('td', undefined, threshold(datum.crit)), gaugeCell);
  return row;
}
