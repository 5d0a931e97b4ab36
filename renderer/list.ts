/**
 * The status list: a virtual grid, so 50,000 rows cost about what 40 do. Only
 * the rows in view exist in the DOM, each position drawn by the same recycled
 * element while it stays in view. What a filter or a sort needs (a lower-case
 * search text, the time of `since`) is built after the first paint, when the
 * window is idle, or at the first keystroke that needs it; typing more of a
 * search only looks among the rows the shorter search left.
 *
 * For keyboard and screen-reader users the grid is one tab stop: focus stays on
 * the grid element, the arrow keys move the active row, and
 * `aria-activedescendant` names it. Controls inside rows are for the mouse
 * (tabindex -1); everything they do has a key and a button in the detail view.
 */
import type { Level, Status } from '../shared/types.js';
import { compareStatuses } from '../shared/levels.js';
import { isOpenableLink } from '../shared/ipc.js';
import { dateAndTime, forHowLongSince, itemTitle } from '../shared/words.js';
import { el } from './dom.js';


const OVERSCAN = 6;

export type SortOrder = 'worst' | 'newest' | 'oldest';

export interface ListFilter {
  levels: ReadonlySet<Level>;
  query: string;
  /** Show only items with this tag; '' for all. */
  tag: string;
}

interface RowElement {
  root: HTMLDivElement;
  levelText: HTMLSpanElement;
  newBadge: HTMLSpanElement;
  name: HTMLSpanElement;
  type: HTMLSpanElement;
  tags: HTMLSpanElement;
  metric: HTMLSpanElement;
  result: HTMLSpanElement;
  since: HTMLSpanElement;
  investigate: HTMLAnchorElement;
  refused: HTMLSpanElement;
  snooze: HTMLButtonElement;
  /** The position drawn, -1 when the element is free. */
  position: number;
}

export interface ListCallbacks {
  openLink(status: Status): void;
  snooze(status: Status): void;
  detail(status: Status): void;
  filterTag(tag: string): void;
  canSnooze(status: Status): boolean;
  /** "Now" for `for 3 days`: the clock, or the shown run's time in the history. */
  now(): Date;
  /** Told after every filter with how many rows show. */
  filtered(shown: number, total: number): void;
}

/** Report order (shared/levels.ts, numbers in names compared as numbers); the engine's list is usually sorted already. */
function sortedCopy(statuses: readonly Status[]): Status[] {
  for (let i = 1; i < statuses.length; i++) {
    if (compareStatuses(statuses[i - 1]!, statuses[i]!) > 0) return [...statuses].sort(compareStatuses);
  }
  return [...statuses];
}

export class StatusList {
  private rows: Status[] = [];
  /** Lower-case text each row is searched by; built lazily. */
  private searchText: string[] | undefined;
  /** `since` of each row in ms (Infinity when unreadable); built lazily. */
  private sinceMs: number[] | undefined;
  private newSince: number | undefined;
  private idle = 0;
  /** Indexes into `rows` in the chosen order. */
  private ordered: number[] = [];
  /** Indexes into `rows` that pass the filter, in order. */
  private visible: number[] = [];
  /** The filter `visible` was made with; a longer search looks only among those rows. */
  private applied: { levels: string; tag: string; query: string; order: SortOrder } | undefined;
  private selected = -1;
  private filter: ListFilter = { levels: new Set<Level>(['ERROR', 'WARNING', 'OK']), query: '', tag: '' };
  private tokens: string[] = [];
  private order: SortOrder = 'worst';
  private readonly pool: RowElement[] = [];
  private frame = 0;
  private rowHeight = 44;
  private headHeight = 0;

  constructor(
    private readonly grid: HTMLElement,
    private readonly body: HTMLElement,
    private readonly callbacks: ListCallbacks,
  ) {
    grid.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => {
      this.measure();
      this.schedule();
    }).observe(grid);
    body.addEventListener('click', (event) => this.onClick(event));
    // Middle-click and the like would open a link in a new window: never.
    body.addEventListener('auxclick', (event) => {
      if ((event.target as Element).closest('a')) event.preventDefault();
    });
    this.measure();
  }

  /**
   * Shows a new list. `newSince` is the start of the run shown when the run before it is known:
   * items that entered their level at or after it changed since the previous run.
   */
  setStatuses(statuses: readonly Status[], newSince: number | undefined): void {
    const keep = this.selectedStatus();
    this.rows = sortedCopy(statuses);
    this.newSince = newSince;
    this.searchText = undefined;
    this.sinceMs = undefined;
    this.applied = undefined;
    this.sort();
    const kept = keep ? this.rows.findIndex((status) => status.resource === keep.resource && status.metric === keep.metric) : -1;
    this.apply(kept >= 0 ? kept : undefined);
    // The search index waits until the window has painted and has nothing else to do.
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = requestIdleCallback(() => {
      this.idle = 0;
      this.search();
    });
  }

  setFilter(filter: ListFilter): void {
    this.filter = filter;
    this.tokens = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
    this.apply(this.visible[this.selected]);
  }

  setOrder(order: SortOrder): void {
    this.order = order;
    this.sort();
    this.apply(this.visible[this.selected]);
  }

  /** Redraws the rows in view (the clock moved, or the shown run did). */
  refresh(): void {
    this.render();
  }

  get shownCount(): number {
    return this.visible.length;
  }

  selectedStatus(): Status | undefined {
    const index = this.visible[this.selected];
    return index === undefined ? undefined : this.rows[index];
  }

  /** True when the item changed level since the previous run. */
  isNew(status: Status): boolean {
    const index = this.rows.findIndex((row) => row.resource === status.resource && row.metric === status.metric);
    return index >= 0 && this.isNewAt(index);
  }

  /** Moves the active row by `delta` (clamped) and scrolls it into view. */
  move(delta: number): void {
    if (this.visible.length === 0) return;
    const next = this.selected < 0 ? (delta > 0 ? 0 : this.visible.length - 1) : this.selected + delta;
    this.select(Math.max(0, Math.min(this.visible.length - 1, next)));
  }

  select(position: number): void {
    if (this.visible.length === 0) return;
    this.selected = Math.max(0, Math.min(this.visible.length - 1, position));
    this.scrollIntoView(this.selected);
    this.render();
  }

  /** Makes `status` the active row, if it is shown; false when the filter hides it. */
  selectStatus(status: Status): boolean {
    const position = this.visible.findIndex((index) => this.rows[index]!.resource === status.resource && this.rows[index]!.metric === status.metric);
    if (position < 0) return false;
    this.select(position);
    return true;
  }

  /** Rows per page, for PageUp and PageDown. */
  get pageSize(): number {
    return Math.max(1, Math.floor((this.grid.clientHeight - this.headHeight) / this.rowHeight) - 1);
  }

  openSelected(): void {
    const status = this.selectedStatus();
    if (status && isOpenableLink(status.link)) this.callbacks.openLink(status);
  }

  /** The search text of every row, built on first need. */
  private search(): string[] {
    this.searchText ??= this.rows.map((status) => `${status.resource}\n${status.metric}\n${status.result}\n${status.type}\n${status.level}\n${(status.tags ?? []).join('\n')}`.toLowerCase());
    return this.searchText;
  }

  private since(): number[] {
    this.sinceMs ??= this.rows.map((status) => {
      const ms = Date.parse(status.since);
      return Number.isNaN(ms) ? Infinity : ms;
    });
    return this.sinceMs;
  }

  private isNewAt(index: number): boolean {
    if (this.newSince === undefined) return false;
    const ms = this.sinceMs?.[index] ?? Date.parse(this.rows[index]!.since);
    return ms >= this.newSince;
  }

  private sort(): void {
    const indexes = this.rows.map((_, index) => index);
    // Report order breaks ties, so equal ages stay worst first.
    if (this.order !== 'worst') {
      const since = this.since();
      if (this.order === 'newest') indexes.sort((a, b) => since[b]! - since[a]! || a - b);
      else indexes.sort((a, b) => since[a]! - since[b]! || a - b);
    }
    this.ordered = indexes;
  }

  /** Filters the rows; `keep` (an index into `rows`) stays the active row when it is still shown. */
  private apply(keep: number | undefined): void {
    const { rows, tokens } = this;
    const { levels, tag, query } = this.filter;
    const levelsKey = [...levels].sort().join();
    const previous = this.applied;
    // Typing more of the search can only narrow it: look among the rows the shorter search left.
    const narrowing =
      previous !== undefined && previous.levels === levelsKey && previous.tag === tag && previous.order === this.order && query.toLowerCase().startsWith(previous.query);
    const candidates = narrowing ? this.visible : this.ordered;
    const search = tokens.length > 0 ? this.search() : undefined;
    const visible: number[] = [];
    for (const index of candidates) {
      const status = rows[index]!;
      if (!levels.has(status.level)) continue;
      if (tag && !(status.tags ?? []).includes(tag)) continue;
      if (search) {
        const text = search[index]!;
        let match = true;
        for (const token of tokens) {
          if (!text.includes(token)) {
            match = false;
            break;
          }
        }
        if (!match) continue;
      }
      visible.push(index);
    }
    this.visible = visible;
    this.applied = { levels: levelsKey, tag, query: query.toLowerCase(), order: this.order };
    const kept = keep === undefined ? -1 : visible.indexOf(keep);
    this.selected = kept >= 0 ? kept : visible.length > 0 ? 0 : -1;
    this.body.style.height = `${visible.length * this.rowHeight}px`;
    this.grid.setAttribute('aria-rowcount', String(visible.length + 1));
    if (kept < 0) this.grid.scrollTop = 0;
    else this.scrollIntoView(kept);
    this.render();
    this.callbacks.filtered(visible.length, rows.length);
  }

  /** Row height and header height from the stylesheet: they change at the narrow-width breakpoint. */
  private measure(): void {
    const height = parseFloat(getComputedStyle(this.grid).getPropertyValue('--row-height'));
    const head = this.grid.querySelector<HTMLElement>('.row.head');
    const headHeight = head && getComputedStyle(head).position !== 'absolute' ? head.offsetHeight : 0;
    const changed = (height > 0 && height !== this.rowHeight) || headHeight !== this.headHeight;
    if (height > 0) this.rowHeight = height;
    this.headHeight = headHeight;
    if (changed) {
      this.body.style.height = `${this.visible.length * this.rowHeight}px`;
      if (this.selected >= 0) this.scrollIntoView(this.selected);
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private scrollIntoView(position: number): void {
    const top = this.headHeight + position * this.rowHeight;
    const { scrollTop, clientHeight } = this.grid;
    if (top < scrollTop + this.headHeight) this.grid.scrollTop = top - this.headHeight;
    else if (top + this.rowHeight > scrollTop + clientHeight) this.grid.scrollTop = top + this.rowHeight - clientHeight;
  }

  private render(): void {
    const height = this.grid.clientHeight || 600;
    const scroll = this.grid.scrollTop - this.headHeight;
    const first = Math.max(0, Math.floor(scroll / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.visible.length, Math.ceil((scroll + height) / this.rowHeight) + OVERSCAN);
    const needed = Math.max(0, last - first);
    if (this.pool.length < needed) {
      while (this.pool.length < needed) {
        const row = this.createRow(this.pool.length);
        this.pool.push(row);
        this.body.append(row.root);
      }
      // The pool grew, so positions map to other elements now.
      for (const element of this.pool) element.position = -1;
    }
    const now = this.callbacks.now();
    let active = '';
    // Each position is drawn by element `position % pool size`: while a row stays in view it keeps
    // its element, so scrolling does not make the active row look new to a screen reader.
    const drawn = new Set<number>();
    for (let position = first; position < last; position++) {
      const slot = position % this.pool.length;
      const element = this.pool[slot]!;
      drawn.add(slot);
      const index = this.visible[position]!;
      this.fill(element, position, this.rows[index]!, this.isNewAt(index), now);
      if (position === this.selected) active = element.root.id;
    }
    for (let slot = 0; slot < this.pool.length; slot++) {
      if (drawn.has(slot)) continue;
      const element = this.pool[slot]!;
      element.root.hidden = true;
      element.position = -1;
    }
    if (active) this.grid.setAttribute('aria-activedescendant', active);
    else this.grid.removeAttribute('aria-activedescendant');
  }

  private createRow(slot: number): RowElement {
    const root = el('div', 'row');
    root.id = `row-slot-${slot}`;
    root.setAttribute('role', 'row');
    const cell = (className: string) => {
      const element = el('span', `cell ${className}`);
      element.setAttribute('role', 'gridcell');
      return element;
    };
    const level = cell('level');
    const marker = el('span', 'marker');
    marker.setAttribute('aria-hidden', 'true');
    const levelText = el('span', 'level-text');
    level.append(marker, levelText);
    const resource = cell('resource');
    const nameLine = el('span', 'name-line');
    const newBadge = el('span', 'new-badge', 'New');
    newBadge.title = 'Changed level since the previous run';
    const name = el('span', 'name');
    nameLine.append(newBadge, name);
    const sub = el('span', 'sub');
    const type = el('span', 'type');
    const tags = el('span', 'tags');
    sub.append(type, tags);
    resource.append(nameLine, sub);
    const metric = cell('metric');
    const result = cell('result');
    const since = cell('since');
    const actions = cell('actions');
    const investigate = el('a', 'investigate', 'Investigate');
    investigate.rel = 'noreferrer noopener';
    investigate.tabIndex = -1;
    // A link main would refuse (javascript:, file:, a custom scheme) is not offered as one.
    const refused = el('span', 'refused', 'Link refused');
    const snooze = el('button', 'snooze', 'Snooze');
    snooze.type = 'button';
    snooze.tabIndex = -1;
    actions.append(investigate, refused, snooze);
    root.append(level, resource, metric, result, since, actions);
    return { root, levelText, newBadge, name, type, tags, metric, result, since, investigate, refused, snooze, position: -1 };
  }

  private fill(element: RowElement, position: number, status: Status, isNew: boolean, now: Date): void {
    const { root } = element;
    const isSelected = position === this.selected;
    root.hidden = false;
    root.classList.toggle('selected', isSelected);
    root.setAttribute('aria-selected', String(isSelected));
    element.position = position;
    root.style.transform = `translateY(${position * this.rowHeight}px)`;
    root.dataset.position = String(position);
    root.dataset.level = status.level;
    root.setAttribute('aria-rowindex', String(position + 2));
    element.levelText.textContent = status.level;
    element.newBadge.hidden = !isNew;
    element.name.textContent = status.resource;
    element.name.title = status.resource;
    element.type.textContent = status.type;
    const tags = status.tags ?? [];
    element.tags.replaceChildren(
      ...tags.map((tag) => {
        const chip = el('span', 'tag', tag);
        chip.dataset.tag = tag;
        chip.title = `Show only items tagged ${tag}`;
        return chip;
      }),
    );
    element.metric.textContent = status.metric;
    element.metric.title = status.metric;
    element.result.textContent = status.result;
    element.result.title = status.result;
    element.since.textContent = forHowLongSince(status.since, now);
    element.since.title = status.since ? dateAndTime(status.since, undefined) : '';
    const title = itemTitle(status);
    const openable = isOpenableLink(status.link);
    element.investigate.hidden = !openable;
    if (openable) {
      element.investigate.href = status.link;
      element.investigate.title = status.link;
      element.investigate.setAttribute('aria-label', `Investigate ${title}`);
    } else element.investigate.removeAttribute('href');
    // The engine keeps only http, https and mailto links and says why it dropped another; the link itself is never shown.
    element.refused.hidden = openable || !status.linkRefused;
    element.refused.title = element.refused.hidden ? '' : `Only http, https and mailto links open (${status.linkRefused})`;
    element.snooze.setAttribute('aria-label', `Snooze ${title}`);
    // Hidden but still taking its place, so Investigate lines up on every row.
    const canSnooze = this.callbacks.canSnooze(status);
    element.snooze.classList.toggle('unavailable', !canSnooze);
    element.snooze.disabled = !canSnooze;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element;
    const rowElement = target.closest<HTMLElement>('.row');
    if (!rowElement) return;
    const position = Number(rowElement.dataset.position);
    const status = this.rows[this.visible[position] ?? -1];
    if (target.closest('a')) event.preventDefault();
    if (!status) return;
    this.selected = position;
    this.render();
    const tag = target.closest<HTMLElement>('.tag')?.dataset.tag;
    if (tag) this.callbacks.filterTag(tag);
    else if (target.closest('a.investigate')) {
      if (isOpenableLink(status.link)) this.callbacks.openLink(status);
    } else if (target.closest('button.snooze')) {
      if (this.callbacks.canSnooze(status)) this.callbacks.snooze(status);
    } else this.callbacks.detail(status);
  }
}
