// `npm run demo`: the bundled demo config, headless and offline, printed worst first.
// The demo has warnings and errors on purpose, so backstop exits 2; npm would call
// that a failed script, so this wrapper explains the code and exits 0 instead.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['dist/main/cli.js', 'run', 'demo/backstop.yaml', '--print', '--data-dir', '.demo-data', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
const meaning = { 0: 'all OK', 1: 'warnings', 2: 'errors', 3: 'could not run' }[result.status] ?? 'failure';
process.stderr.write(`\n(backstop exited ${result.status}: ${meaning}. The demo shows all three levels on purpose; a real run exits 0 when all is OK, 1 with warnings, 2 with errors, 3 when it could not run.)\n`);
process.exit(result.status === null || result.status > 2 ? 1 : 0);
