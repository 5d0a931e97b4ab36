// `npm start` (after `npm run build`): launch the tray app in Electron when its
// runtime is installed. Electron 42 fetches the binary lazily on first use, and
// `require('electron')` would start that download — so look for it without
// touching it, and when it is absent say so in one line and run the demo
// headless instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron executable if it is on disk, else undefined. Never downloads. */
function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative || 'electron');
  if (!relative) return undefined;
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

const binary = electronBinary();
if (binary) {
  run(binary, ['dist/main/main.js', ...process.argv.slice(2)]);
} else {
  console.log('Electron runtime not installed (run `npx install-electron` where downloads are allowed): running the demo headless instead.');
  run(process.execPath, ['scripts/demo.mjs']);
}
