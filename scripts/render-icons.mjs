// Renders the icons in assets/src/*.svg to the images the app and electron-builder use,
// with Playwright driving Chromium (/usr/bin/chromium, or BACKSTOP_CHROMIUM):
//   assets/tray/mac/<name>Template.png, <name>Template@2x.png   macOS menu bar: monochrome template images
//                                                              (tray-<name>-mono.svg); macOS colours them, so
//                                                              the level is in the glyph and the shape
//   assets/tray/win/<name>.ico                                  Windows: 16, 20, 24, 32 and 48 px in one file
//                                                              (100 % to 300 % display scaling)
//   assets/tray/linux/<name>-16.png, -22, -24, -32, -22@2x      Linux panels (22 px is what KDE and the
//                                                              AppIndicator extension draw; @2x for HiDPI)
//   assets/icon.png (1024 px; electron-builder derives .icns and .ico from it)
//   assets/icons/<n>x<n>.png (Linux icon set)
// Run with `npm run icons` after editing an SVG, and commit the images.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import pngToIco from 'png-to-ico';

const executablePath = [process.env.BACKSTOP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!executablePath) {
  console.error('render-icons: no Chromium found; install it (`apt-get install -y chromium`) or set BACKSTOP_CHROMIUM');
  process.exit(1);
}

const TRAY = ['ok', 'warning', 'error', 'stale', 'running'];
const WINDOWS_SIZES = [16, 20, 24, 32, 48];
const LINUX_SIZES = [16, 22, 24, 32];
const APP_SIZES = [16, 32, 48, 64, 128, 256, 512];

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });

/** The SVG drawn at `size` CSS px and `scale` device pixels each, as PNG bytes with a transparent background. */
async function render(svgFile, size, scale = 1) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: scale });
  const svg = readFileSync(svgFile, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return png;
}

function write(path, bytes, note) {
  writeFileSync(path, bytes);
  console.log(`  ${path} (${note})`);
}

// The tray images are generated in full each time: a file left over from an older layout would ship unused.
rmSync('assets/tray', { recursive: true, force: true });
for (const dir of ['assets/tray/mac', 'assets/tray/win', 'assets/tray/linux', 'assets/icons']) mkdirSync(dir, { recursive: true });
for (const name of TRAY) {
  const colour = `assets/src/tray-${name}.svg`;
  const mono = `assets/src/tray-${name}-mono.svg`;
  write(`assets/tray/mac/${name}Template.png`, await render(mono, 16), '16 px');
  write(`assets/tray/mac/${name}Template@2x.png`, await render(mono, 16, 2), '32 px');
  const frames = [];
  for (const size of WINDOWS_SIZES) frames.push(await render(colour, size));
  write(`assets/tray/win/${name}.ico`, await pngToIco(frames), WINDOWS_SIZES.join(', ') + ' px');
  for (const size of LINUX_SIZES) write(`assets/tray/linux/${name}-${size}.png`, await render(colour, size), `${size} px`);
  write(`assets/tray/linux/${name}-22@2x.png`, await render(colour, 22, 2), '44 px');
}
write('assets/icon.png', await render('assets/src/icon.svg', 1024), '1024 px');
for (const size of APP_SIZES) write(`assets/icons/${size}x${size}.png`, await render('assets/src/icon.svg', size), `${size} px`);
await browser.close();
