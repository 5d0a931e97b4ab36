/**
 * WCAG AA contrast of the window's palette, computed from the custom properties
 * in renderer/styles.css for both themes: every text colour on every surface it
 * is drawn on (including the tinted banners and the selected row). axe checks
 * the rendered pages too (access.test.ts); this covers pairs a given state may
 * not show.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync('renderer/styles.css', 'utf8');

type Rgba = [number, number, number, number];

function properties(block: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of block.matchAll(/--([a-z0-9-]+):\s*([^;]+);/g)) found[match[1]!] = match[2]!.trim();
  return found;
}

const dark = properties(/:root\s*\{([^}]*)\}/.exec(css)![1]!);
const light = { ...dark, ...properties(/@media \(prefers-color-scheme: light\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)![1]!) };

function parse(value: string, theme: Record<string, string>): Rgba {
  const reference = /^var\(--([a-z0-9-]+)\)$/.exec(value);
  if (reference) return parse(theme[reference[1]!]!, theme);
  const hex = /^#([0-9a-f]{6})$/i.exec(value);
  if (hex) return [0, 2, 4].map((at) => parseInt(hex[1]!.slice(at, at + 2), 16)).concat(1) as Rgba;
  const rgba = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)$/.exec(value);
  if (rgba) return [Number(rgba[1]), Number(rgba[2]), Number(rgba[3]), Number(rgba[4])];
  throw new Error(`unreadable colour ${value}`);
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const alpha = top[3];
  return [0, 1, 2].map((i) => top[i]! * alpha + bottom[i]! * (1 - alpha)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/** Text colours, and the surfaces each is drawn on (tints are laid over the panel). */
const TEXTS = ['text', 'muted', 'faint', 'accent', 'error', 'warning', 'ok', 'stale'];
const SURFACES = ['bg', 'panel', 'panel-2', 'selected', 'error-bg', 'warning-bg', 'ok-bg', 'stale-bg'];

describe.each([
  { theme: 'dark', values: dark },
  { theme: 'light', values: light },
])('the $theme palette', ({ values }) => {
  const colour = (name: string) => parse(values[name]!, values);
  const surface = (name: string) => over(colour(name), over(colour('panel'), colour('bg')));

  for (const text of TEXTS) {
    it(`--${text} reads at 4.5:1 or more on every surface`, () => {
      const ratios = Object.fromEntries(SURFACES.map((name) => [name, Number(contrast(colour(text), surface(name)).toFixed(2))]));
      const low = Object.entries(ratios).filter(([, ratio]) => ratio < 4.5);
      expect(low, `--${text}: ${JSON.stringify(ratios)}`).toEqual([]);
    });
  }

  it('the primary button text reads at 4.5:1 on its colour', () => {
    expect(contrast(colour('on-accent'), colour('accent'))).toBeGreaterThanOrEqual(4.5);
  });

  it('control borders stand out at 3:1 from the surfaces they sit on (WCAG 1.4.11)', () => {
    for (const name of ['panel', 'panel-2']) expect(contrast(colour('control'), surface(name)), name).toBeGreaterThanOrEqual(3);
  });
});
