// `npm start` (after `npm run build`): launch the tray app in Electron when its
// runtime is installed; when it is absent, say so in one line and run the demo
// headless instead.
import { spawn } from 'node:child_process';
import { electronBinary, INSTALL_ELECTRON } from './electron-binary.mjs';

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

const binary = electronBinary();
if (binary) {
  run(binary, ['dist/main.js', ...process.argv.slice(2)]);
} else {
  console.log(`Electron runtime not installed (${INSTALL_ELECTRON}): running the demo headless instead.`);
  run(process.execPath, ['scripts/demo.mjs']);
}
