/**
 * The status list: a virtual list, so 5,000 rows cost the same as 40. Rows are
 * built once per report as plain data (with a lower-case search text); a
 * filter is one pass over that array, and only the rows in view exist in the
 * DOM, recycled as the list scrolls.
 */
import type { Level, Status } from '../shared/types.js';
import { compareLevels } from '../shared/levels.js';
import { isOpenableLink } from '../shared/ipc.js';
import { dateAndTime, forHowLongSince } from '../shared/words.js';
import { el } from './dom.js';

/** Must match `--row-height` in styles.css. */
export const ROW_HEIGHT = 44;
const OVERSCAN = 6;

const LEVEL_LABEL: Record<Level, string> = { ERROR: 'ERROR', WARNING: 'WARNING', OK: 'OK' };

interface Row {
  status: Status;
  search: string;
}

interface RowElement {
  root: HTMLDivElement;
  levelText: HTMLSpanElement;
  name: HTMLSpanElement;
  type: HTMLSpanElement;
  metric: HTMLSpanElement;
  result: HTMLSpanElement;
  since: HTMLSpanElement;
  investigate: HTMLAnchorElement;
  refused: HTMLSpanElement;
  snooze: HTMLButtonElement;
}

export interface ListCallbacks {
  openLink(status: Status): void;
  snooze(status: Status): void;
  canSnooze(status: Status): boolean;
  now(): Date;
  /** Told after every filter with how many rows show. */
  filtered(shown: number, total: number): void;
}

// The report order of shared/levels.ts (`compareStatuses`), with one collator instead of
// `localeCompare(b, 'en')`, which builds a collator per call: 5,000 rows took ~400 ms cold.
const collator = new Intl.Collator('en');
function compareRows(a: Status, b: Status): number {
  return compareLevels(a.level, b.level) || collator.compare(a.resource, b.resource) || collator.compare(a.metric, b.metric);
}

function sortedCopy(statuses: readonly Status[]): Status[] {
  for (let i = 1; i < statuses.length; i++) {
    if (compareRows(statuses[i - 1]!, statuses[i]!) > 0) return [...statuses].sort(compareRows);
  }
  return [...statuses];
}

export class StatusList {
  private rows: Row[] = [];
  private visible: number[] = [];
  private selected = -1;
  private levels: ReadonlySet<Level> = new Set<Level>(['ERROR', 'WARNING', 'OK']);
  private tokens: string[] = [];
  private readonly pool: RowElement[] = [];
  private readonly spacer: HTMLDivElement;
  private frame = 0;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly callbacks: ListCallbacks,
  ) {
    this.spacer = el('div', 'spacer');
    viewport.append(this.spacer);
    viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(viewport);
    viewport.addEventListener('click', (event) => this.onClick(event));
    // Middle-click and the like would open a link in a new window: never.
    viewport.addEventListener('auxclick', (event) => {
      if ((event.target as Element).closest('a')) event.preventDefault();
    });
  }

  /** Shows a new list (already worst first from the engine; sorted here if not). */
  setStatuses(statuses: readonly Status[]): void {
    const selectedKey = this.selectedStatus();
    this.rows = sortedCopy(statuses).map((status) => ({
      status,
      search: `${status.resource}\n${status.metric}\n${status.result}\n${status.type}\n${status.level}\n${(status.tags ?? []).join(' ')}`.toLowerCase(),
    }));
    this.apply(selectedKey);
  }

  /** Levels to show and the search text (every word must appear). */
  setFilter(levels: ReadonlySet<Level>, query: string): void {
    this.levels = levels;
    this.tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
    this.apply(this.selectedStatus());
  }

  get shownCount(): number {
    return this.visible.length;
  }

  selectedStatus(): Status | undefined {
    const index = this.visible[this.selected];
    return index === undefined ? undefined : this.rows[index]?.status;
  }

  /** Moves the selection by `delta` rows (clamped) and scrolls it into view. */
  move(delta: number): void {
    if (this.visible.length === 0) return;
    const next = this.selected < 0 ? (delta > 0 ? 0 : this.visible.length - 1) : this.selected + delta;
    this.select(Math.max(0, Math.min(this.visible.length - 1, next)));
  }

  select(position: number): void {
    this.selected = position;
    this.scrollIntoView(position);
    this.render();
  }

  openSelected(): void {
    const status = this.selectedStatus();
    if (status && isOpenableLink(status.link)) this.callbacks.openLink(status);
  }

  private apply(keep: Status | undefined): void {
    const { rows, levels, tokens } = this;
    const visible: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!levels.has(row.status.level)) continue;
      let match = true;
      for (const token of tokens) {
        if (!row.search.includes(token)) {
          match = false;
          break;
        }
      }
      if (match) visible.push(i);
    }
    this.visible = visible;
    const kept = keep ? visible.findIndex((index) => rows[index]!.status === keep) : -1;
    this.selected = kept >= 0 ? kept : visible.length > 0 ? 0 : -1;
    this.spacer.style.height = `${visible.length * ROW_HEIGHT}px`;
    if (kept < 0) this.viewport.scrollTop = 0;
    this.render();
    this.callbacks.filtered(visible.length, rows.length);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private scrollIntoView(position: number): void {
    const top = position * ROW_HEIGHT;
    const height = this.viewport.clientHeight;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > this.viewport.scrollTop + height) this.viewport.scrollTop = top + ROW_HEIGHT - height;
  }

  private render(): void {
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.visible.length, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = this.createRow();
      this.pool.push(row);
      this.viewport.append(row.root);
    }
    const now = this.callbacks.now();
    for (let k = 0; k < this.pool.length; k++) {
      const element = this.pool[k]!;
      const position = first + k;
      if (k >= needed) {
        element.root.hidden = true;
        continue;
      }
      element.root.hidden = false;
      this.fill(element, position, this.rows[this.visible[position]!]!.status, now);
    }
  }

  private createRow(): RowElement {
    const root = el('div', 'row');
    root.setAttribute('role', 'row');
    const level = el('span', 'cell level');
    level.setAttribute('role', 'cell');
    const marker = el('span', 'marker');
    marker.setAttribute('aria-hidden', 'true');
    const levelText = el('span', 'level-text');
    level.append(marker, levelText);
    const resource = el('span', 'cell resource');
    resource.setAttribute('role', 'cell');
    const name = el('span', 'name');
    const type = el('span', 'type');
    resource.append(name, type);
    const metric = el('span', 'cell metric');
    const result = el('span', 'cell result');
    const since = el('span', 'cell since');
    const actions = el('span', 'cell actions');
    const investigate = el('a', 'investigate', 'Investigate');
    investigate.rel = 'noreferrer noopener';
    // A link main would refuse (javascript:, file:, a custom scheme) is not offered as one.
    const refused = el('span', 'refused', 'Link refused');
    const snooze = el('button', 'snooze', 'Snooze');
    snooze.type = 'button';
    actions.append(investigate, refused, snooze);
    for (const cell of [metric, result, since, actions]) cell.setAttribute('role', 'cell');
    root.append(level, resource, metric, result, since, actions);
    return { root, levelText, name, type, metric, result, since, investigate, refused, snooze };
  }

  private fill(element: RowElement, position: number, status: Status, now: Date): void {
    const { root } = element;
    root.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
    root.dataset.position = String(position);
    root.dataset.level = status.level;
    root.setAttribute('aria-rowindex', String(position + 2));
    const isSelected = position === this.selected;
    root.classList.toggle('selected', isSelected);
    root.setAttribute('aria-selected', String(isSelected));
    if (isSelected) root.id = 'selected-row';
    else if (root.id) root.removeAttribute('id');
    element.levelText.textContent = LEVEL_LABEL[status.level];
    element.name.textContent = status.resource;
    element.name.title = status.resource;
    element.type.textContent = status.type;
    element.metric.textContent = status.metric;
    element.metric.title = status.metric;
    element.result.textContent = status.result;
    element.result.title = status.result;
    element.since.textContent = forHowLongSince(status.since, now);
    element.since.title = status.since ? dateAndTime(status.since, undefined) : '';
    const openable = isOpenableLink(status.link);
    element.investigate.hidden = !openable;
    if (openable) {
      element.investigate.href = status.link;
      element.investigate.title = status.link;
    } else element.investigate.removeAttribute('href');
    // The engine keeps only http, https and mailto links and says why it dropped another; the link itself is never shown.
    element.refused.hidden = openable || !status.linkRefused;
    element.refused.title = element.refused.hidden ? '' : `Only http, https and mailto links open (${status.linkRefused})`;
    // Hidden but still taking its place, so Investigate lines up on every row.
    element.snooze.classList.toggle('unavailable', !this.callbacks.canSnooze(status));
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element;
    const rowElement = target.closest<HTMLElement>('.row');
    if (!rowElement) return;
    const position = Number(rowElement.dataset.position);
    const status = this.rows[this.visible[position] ?? -1]?.status;
    if (target.closest('a')) event.preventDefault();
    if (!status) return;
    this.selected = position;
    this.render();
    if (target.closest('a.investigate') && isOpenableLink(status.link)) this.callbacks.openLink(status);
    else if (target.closest('button.snooze:not(.unavailable)')) this.callbacks.snooze(status);
  }
}
