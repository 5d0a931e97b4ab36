// Renders the icons in assets/src/*.svg to the PNGs the app and electron-builder use,
// with Playwright driving Chromium (/usr/bin/chromium, or BACKSTOP_CHROMIUM).
//   assets/tray/<level>-16.png, -16@2x.png, -32.png, -32@2x.png   (Electron picks @2x on HiDPI)
//   assets/icon.png (1024 px; electron-builder derives .icns and .ico from it)
//   assets/icons/<n>x<n>.png (Linux icon set)
// Run with `npm run icons` after editing an SVG, and commit the PNGs.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const executablePath = [process.env.BACKSTOP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!executablePath) {
  console.error('render-icons: no Chromium found; install it (`apt-get install -y chromium`) or set BACKSTOP_CHROMIUM');
  process.exit(1);
}

const TRAY = ['ok', 'warning', 'error', 'stale', 'running'];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });

async function render(svgFile, size, scale, out) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: scale });
  const svg = readFileSync(svgFile, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  console.log(`  ${out} (${size * scale} px)`);
}

mkdirSync('assets/tray', { recursive: true });
mkdirSync('assets/icons', { recursive: true });
for (const name of TRAY) {
  for (const size of [16, 32]) {
    await render(`assets/src/tray-${name}.svg`, size, 1, `assets/tray/${name}-${size}.png`);
    await render(`assets/src/tray-${name}.svg`, size, 2, `assets/tray/${name}-${size}@2x.png`);
  }
}
await render('assets/src/icon.svg', 1024, 1, 'assets/icon.png');
for (const size of LINUX_SIZES) await render('assets/src/icon.svg', size, 1, `assets/icons/${size}x${size}.png`);
await browser.close();
