/**
 * The tray image sets on disk (assets/tray, rendered by scripts/render-icons.mjs):
 * which file each platform gets, what each file holds, and that the levels stay
 * apart for colour-blind eyes — computed from the pixels, not eyeballed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { trayIconFile, type TrayIconName } from '../../main/app/tray.js';

const ASSETS = resolve('assets');
const NAMES: TrayIconName[] = ['ok', 'warning', 'error', 'stale', 'running'];

type Rgb = [number, number, number];

function png(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

/** The ICO directory: each entry's size, and its image data (32-bit BMP or PNG). */
function icoEntries(path: string): { width: number; height: number; bitsPerPixel: number; data: Buffer }[] {
  const file = readFileSync(path);
  expect([file.readUInt16LE(0), file.readUInt16LE(2)], `${path}: ICO header`).toEqual([0, 1]);
  return Array.from({ length: file.readUInt16LE(4) }, (_, index) => {
    const entry = 6 + index * 16;
    const [size, offset] = [file.readUInt32LE(entry + 8), file.readUInt32LE(entry + 12)];
    return { width: file[entry]! || 256, height: file[entry + 1]! || 256, bitsPerPixel: file.readUInt16LE(entry + 6), data: file.subarray(offset, offset + size) };
  });
}

/** The colour most of the icon's opaque pixels have: its fill. */
function fill(image: PNG): Rgb {
  const counts = new Map<string, number>();
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i + 3]! < 255) continue;
    const key = `${image.data[i]},${image.data[i + 1]},${image.data[i + 2]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return top![0].split(',').map(Number) as Rgb;
}

const toLinear = (value: number) => {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB. */
const DICHROMACY: Record<string, number[][]> = {
  none: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};

/** Relative luminance of `colour` as someone with `vision` sees it. */
function luminanceSeen(colour: Rgb, vision: string): number {
  const linear = colour.map(toLinear);
  const [r, g, b] = DICHROMACY[vision]!.map((row) => Math.min(1, Math.max(0, row[0]! * linear[0]! + row[1]! * linear[1]! + row[2]! * linear[2]!)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Which pixels are more opaque than not. */
function silhouette(path: string): number[] {
  const image = png(path);
  return Array.from({ length: image.width * image.height }, (_, i) => (image.data[i * 4 + 3]! > 127 ? 1 : 0));
}

const differing = (a: number[], b: number[]) => a.filter((bit, i) => bit !== b[i]).length;

const ratio = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('trayIconFile', () => {
  it.each([
    { platform: 'darwin' as const, file: 'tray/mac/okTemplate.png' },
    { platform: 'win32' as const, file: 'tray/win/ok.ico' },
    { platform: 'linux' as const, file: 'tray/linux/ok-22.png' },
    { platform: 'freebsd' as const, file: 'tray/linux/ok-22.png' },
  ])('$platform gets $file', ({ platform, file }) => {
    expect(trayIconFile('/a', 'ok', platform)).toBe(join('/a', file));
  });

  it.each(['darwin', 'win32', 'linux'] as const)('every level has its file on %s, in the committed assets', (platform) => {
    for (const name of NAMES) expect(existsSync(trayIconFile(ASSETS, name, platform)), `${name} on ${platform}`).toBe(true);
  });
});

describe('tray images', () => {
  it('macOS: monochrome template images at 16 px with a 32 px @2x, only black and transparency', () => {
    for (const name of NAMES) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        const image = png(join(ASSETS, 'tray', 'mac', `${name}Template${suffix}.png`));
        expect([image.width, image.height]).toEqual([size, size]);
        const colours = new Set<string>();
        for (let i = 0; i < image.data.length; i += 4) if (image.data[i + 3]! > 0) colours.add(`${image.data[i]},${image.data[i + 1]},${image.data[i + 2]}`);
        expect([...colours], `${name}${suffix}`).toEqual(['0,0,0']);
      }
    }
  });

  it('macOS: each level has its own shape, since the template drops colour', () => {
    const masks = NAMES.map((name) => silhouette(join(ASSETS, 'tray', 'mac', `${name}Template@2x.png`)));
    for (let a = 0; a < masks.length; a++) {
      for (let b = a + 1; b < masks.length; b++) {
        // Glyphs apart: at least 64 of the 32 × 32 pixels differ between any two levels.
        expect(differing(masks[a]!, masks[b]!), `${NAMES[a]} vs ${NAMES[b]}`).toBeGreaterThanOrEqual(64);
      }
    }
  });

  it('Windows: one .ico per level with 16, 20, 24, 32 and 48 px images', () => {
    for (const name of NAMES) {
      const entries = icoEntries(join(ASSETS, 'tray', 'win', `${name}.ico`));
      expect(entries.map((entry) => [entry.width, entry.height])).toEqual([16, 20, 24, 32, 48].map((size) => [size, size]));
      for (const entry of entries) {
        expect(entry.bitsPerPixel).toBe(32);
        // A 32-bit DIB: 40-byte header, doubled height (image + mask), then the pixels and a 1-bit mask.
        expect(entry.data.readUInt32LE(0)).toBe(40);
        expect(entry.data.readInt32LE(8)).toBe(entry.height * 2);
        expect(entry.data.length).toBeGreaterThanOrEqual(40 + entry.width * entry.height * 4);
      }
    }
  });

  it('Linux: PNGs at 16, 22, 24 and 32 px, and 44 px for 22 @2x', () => {
    for (const name of NAMES) {
      for (const size of [16, 22, 24, 32]) expect(png(join(ASSETS, 'tray', 'linux', `${name}-${size}.png`)).width).toBe(size);
      expect(png(join(ASSETS, 'tray', 'linux', `${name}-22@2x.png`)).width).toBe(44);
    }
  });

  it.each(['none', 'deuteranopia', 'protanopia'])('OK and ERROR differ in luminance by 3:1 or more with %s', (vision) => {
    for (const size of [16, 22, 32]) {
      const ok = fill(png(join(ASSETS, 'tray', 'linux', `ok-${size}.png`)));
      const error = fill(png(join(ASSETS, 'tray', 'linux', `error-${size}.png`)));
      const contrast = ratio(luminanceSeen(ok, vision), luminanceSeen(error, vision));
      expect(contrast, `${size} px: OK ${ok} vs ERROR ${error}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('WARNING (triangle) and ERROR (square) have outlines of their own next to OK\'s disc, so they read without colour', () => {
    const [ok, warning, error] = ['ok', 'warning', 'error'].map((name) => silhouette(join(ASSETS, 'tray', 'linux', `${name}-32.png`)));
    expect(differing(ok!, warning!)).toBeGreaterThanOrEqual(150);
    expect(differing(ok!, error!)).toBeGreaterThanOrEqual(64);
    expect(differing(warning!, error!)).toBeGreaterThanOrEqual(150);
  });
});
