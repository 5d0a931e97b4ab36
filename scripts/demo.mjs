// `npm run demo`: installs a fresh copy of the bundled demo (as `backstop init`
// does, with its trigger dates relative to today) in a temporary folder, runs
// it headless and offline, prints the results worst first, and removes it.
// The demo has warnings and errors on purpose, so backstop exits 2; npm would
// call that a failed script, so this wrapper explains the code and exits 0 instead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const folder = mkdtempSync(join(tmpdir(), 'backstop-demo-'));
const config = join(folder, 'backstop.yaml');

let exitCode = 1;
try {
  const init = spawnSync(process.execPath, [cli, 'init', config], { encoding: 'utf8' });
  if (init.status !== 0) {
    process.stderr.write(init.stderr || init.stdout || `backstop init exited ${init.status}\n`);
  } else {
    const result = spawnSync(process.execPath, [cli, 'run', config, '--print', '--data-dir', join(folder, 'data'), ...process.argv.slice(2)], { stdio: 'inherit' });
    const status = result.status ?? 3;
    const meaning = { 0: 'all OK', 1: 'warnings', 2: 'errors', 3: 'could not run' }[status] ?? 'failure';
    process.stderr.write(
      `\n(backstop exited ${status}: ${meaning}. The demo shows all three levels on purpose; a real run exits 0 when all is OK, 1 with warnings, 2 with errors, 3 when it could not run.` +
        `\n Ran a fresh copy of the demo, installed like \`backstop init\` does; make your own with \`backstop init\`.)\n`,
    );
    exitCode = status <= 2 ? 0 : 1;
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);
