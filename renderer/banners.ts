/**
 * Banners never push the list off the screen: each body has a height limit,
 * its own scroll, and a "Show all" button when there is more than fits.
 */

/** Sets up (once) and re-measures the banner `section`: call after its content changed. */
export function boundBanner(section: HTMLElement): void {
  const body = section.querySelector<HTMLElement>('.banner-body');
  const button = section.querySelector<HTMLButtonElement>('.show-all');
  if (!body || !button) return;
  if (!button.dataset.wired) {
    button.dataset.wired = 'true';
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', () => {
      section.classList.toggle('expanded');
      measure(section, body, button);
    });
  }
  measure(section, body, button);
}

/** Re-measures every banner (the window was resized). */
export function remeasureBanners(): void {
  for (const section of document.querySelectorAll<HTMLElement>('.banner')) boundBanner(section);
}

function measure(section: HTMLElement, body: HTMLElement, button: HTMLButtonElement): void {
  const expanded = section.classList.contains('expanded');
  const overflowing = !section.hidden && body.scrollHeight > body.clientHeight + 1;
  button.hidden = !(expanded || overflowing);
  button.setAttribute('aria-expanded', String(expanded));
  const items = body.querySelectorAll('li').length;
  button.textContent = expanded ? 'Show less' : items > 1 ? `Show all ${items}` : 'Show all';
  // A region that scrolls must be reachable by keyboard to be scrolled; one that does not is no tab stop.
  if (overflowing && !expanded) {
    body.tabIndex = 0;
    body.setAttribute('role', 'region');
    body.setAttribute('aria-label', body.dataset.label ?? 'Details');
  } else {
    body.removeAttribute('tabindex');
    body.removeAttribute('role');
    body.removeAttribute('aria-label');
  }
}
